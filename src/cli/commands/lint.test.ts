/** `jetflow lint` through the CLI entry: upstream's examples pass, a broken file fails with position. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectRoot, upstreamExamples } from '../../../test/harness/paths.js';

function lint(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts'), 'lint', ...args],
    {
      encoding: 'utf8',
      cwd: projectRoot,
    },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('every upstream example lints with no errors (✓ for each, exit 0)', () => {
  const r = lint(upstreamExamples);
  const crosses = r.out.split('\n').filter((l) => l.startsWith('✗'));
  assert.deepEqual(crosses, [], r.out);
  assert.equal(r.code, 0, r.out + r.err);
  const ticks = r.out.split('\n').filter((l) => l.startsWith('✓')).length;
  assert.ok(ticks >= 100, `expected about 120 documents, saw ${ticks} ✓`);
});

test('a broken file gets ✗ with file:line:col, field path and reason, and exit 1; --output json agrees', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-lint-'));
  try {
    const file = path.join(dir, 'bus.yaml');
    await writeFile(
      file,
      'apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata:\n  name: b\nspec:\n  jetstream:\n    version: x\n    replicas: 0\n',
    );
    const r = lint(file);
    assert.equal(r.code, 1);
    assert.match(r.out, /^✗ EventBus\/b \(.*bus\.yaml:1\)$/m);
    assert.match(
      r.out,
      /error: .*bus\.yaml:8:15: spec\.jetstream\.replicas: expected replicas >= 1, found 0/,
    );
    const j = lint('--output', 'json', file);
    assert.equal(j.code, 1);
    const parsed = JSON.parse(j.out) as {
      valid: boolean;
      documents: { valid: boolean; issues: { path: string }[] }[];
    };
    assert.equal(parsed.valid, false);
    assert.equal(parsed.documents[0]!.issues[0]!.path, 'spec.jetstream.replicas');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--strict turns warnings into failures; usage errors exit 2; a missing path exits 1', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-lint-'));
  try {
    const file = path.join(dir, 'bus.yaml');
    await writeFile(
      file,
      'apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata:\n  name: b\nspec:\n  jetstream:\n    version: x\n    typo: 1\n',
    );
    assert.equal(lint(file).code, 0);
    assert.equal(lint('--strict', file).code, 1);
    assert.equal(lint('--output', 'xml', file).code, 2);
    assert.equal(lint().code, 2);
    const missing = lint(path.join(dir, 'nope.yaml'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /nope\.yaml: no such file or directory/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
