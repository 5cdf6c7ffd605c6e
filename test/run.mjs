#!/usr/bin/env node
// Runs node's test runner over TypeScript test files. Node 20's `--test` does not expand globs, so the
// files are collected here: `node test/run.mjs src test/integration` runs every *.test.ts under them.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const files = [];
for (const root of roots.length ? roots : ['src', 'test']) {
  if (statSync(root).isFile()) {
    files.push(root);
    continue;
  }
  for (const f of readdirSync(root, { recursive: true })) {
    const p = path.join(root, String(f));
    if (p.endsWith('.test.ts') && !p.includes('node_modules')) files.push(p);
  }
}
files.sort();
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${process.env.TEST_TIMEOUT_MS ?? '300000'}`,
    ...flags,
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
