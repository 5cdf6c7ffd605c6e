import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  availableVersions,
  DEFAULT_SETTINGS,
  DEFAULT_STREAM_CONFIG,
  loadControllerConfig,
  resolveVersion,
  type ControllerConfig,
} from './controller-config.js';
import { LocalBusError } from './errors.js';
import { compareVersions, discoverNatsServers, readNatsServerVersion } from './nats-binary.js';

const BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
let dir: string;
let installed: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-cc-'));
  installed = (await readNatsServerVersion(BIN))!;
  assert.match(installed, /^\d+\.\d+\.\d+/);
});
after(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  const f = path.join(dir, name);
  await writeFile(f, text);
  return f;
}

describe('controller config', () => {
  it('defaults to upstream settings and stream config, with discovered versions', async () => {
    const c = await loadControllerConfig({ env: { PATH: '', NATS_SERVER_BIN: BIN }, wellKnownBinaries: [] });
    assert.equal(c.settings, DEFAULT_SETTINGS);
    assert.match(c.settings, /max_memory_store: -1/);
    assert.match(c.settings, /max_file_store: 1TB/);
    for (const kv of [
      'maxMsgs: 50000',
      'maxAge: 168h',
      'maxBytes: -1',
      'replicas: 3',
      'duplicates: 300s',
      'retention: 0',
      'discard: 0',
    ])
      assert.ok(c.streamConfig.includes(kv), kv);
    assert.deepEqual(c.versions, [{ version: installed, binary: BIN }]);
    assert.equal(c.source, 'defaults');
  });

  it('discovery reads `--version` and dedupes one binary reached by several paths', async () => {
    const found = await discoverNatsServers({ PATH: path.dirname(BIN), NATS_SERVER_BIN: BIN }, [BIN]);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.version, installed);
  });

  it('reads a file (flag or JETFLOW_CONFIG), maps versions to binaries, warns about image keys', async () => {
    const f = await file(
      'cc.yaml',
      `eventBus:\n  jetstream:\n    settings: |\n      max_file_store: 2GB\n    streamConfig: |\n      maxAge: 1h\n    versions:\n` +
        `      - {version: "9.9.9", binary: ${BIN}}\n      - {version: ${installed}, natsImage: "nats:${installed}", startCommand: /nats-server}\n`,
    );
    const c = await loadControllerConfig({ env: { JETFLOW_CONFIG: f, PATH: '' }, wellKnownBinaries: [BIN] });
    assert.equal(c.source, f);
    assert.equal(c.settings, 'max_file_store: 2GB\n');
    assert.equal(c.streamConfig, 'maxAge: 1h\n');
    assert.deepEqual(c.versions, [
      { version: '9.9.9', binary: BIN },
      { version: installed, binary: BIN },
    ]);
    assert.equal(c.warnings.length, 1);
    assert.match(c.warnings[0]!, /natsImage, startCommand ignored/);
    assert.deepEqual(availableVersions(c), ['9.9.9', installed, 'latest']);
    assert.equal((await resolveVersion(c, 'latest')).version, '9.9.9');
  });

  it("accepts upstream's ConfigMap; image-only versions fall back to installed servers", async () => {
    const f = await file(
      'cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-events-controller-config}\ndata:\n  controller-config.yaml: |\n' +
        '    eventBus:\n      jetstream:\n        versions:\n          - {version: 2.10.29, natsImage: "nats:2.10.29"}\n',
    );
    const c = await loadControllerConfig({ file: f, env: { PATH: '' }, wellKnownBinaries: [BIN] });
    assert.equal(c.settings, DEFAULT_SETTINGS);
    assert.deepEqual(c.versions, [{ version: installed, binary: BIN }]);
    assert.ok(c.warnings.some((w) => /2\.10\.29 has no binary/.test(w)));
  });

  it('rejects a malformed file with the file name', async () => {
    const f = await file('bad.yaml', 'eventBus:\n  jetstream:\n    versions: {version: 1}\n');
    await assert.rejects(
      loadControllerConfig({ file: f }),
      /bad\.yaml: eventBus\.jetstream\.versions: expected a list/,
    );
    await assert.rejects(
      loadControllerConfig({ file: path.join(dir, 'missing.yaml') }),
      /cannot read controller config/,
    );
  });
});

describe('resolveVersion', () => {
  const config = (versions: ControllerConfig['versions']): ControllerConfig => ({
    settings: DEFAULT_SETTINGS,
    streamConfig: DEFAULT_STREAM_CONFIG,
    versions,
    source: 'test',
    warnings: [],
  });

  it('an unknown version fails with the list of available ones', async () => {
    const err = await resolveVersion(config([{ version: installed, binary: BIN }]), '2.8.1').catch(
      (e: unknown) => e,
    );
    assert.ok(err instanceof LocalBusError);
    assert.equal(err.reason, 'JetStreamStatefulSetFailed');
    assert.equal(
      err.message,
      `unsupported version "2.8.1" for spec.jetstream.version; available: ${installed}, latest`,
    );
  });

  it('an empty version is an invalid spec, as upstream', async () => {
    await assert.rejects(resolveVersion(config([{ version: installed, binary: BIN }]), ''), {
      reason: 'InvalidSpec',
      message: 'invalid spec: a version for jetstream needs to be specified',
    });
  });

  it('no binary at all, or a configured binary that is missing, says how to install one', async () => {
    await assert.rejects(
      resolveVersion(config([]), 'latest'),
      /no nats-server binary found: install it with `apt-get install nats-server`/,
    );
    await assert.rejects(
      resolveVersion(config([{ version: '2.9.10', binary: '/nonexistent/nats-server' }]), '2.9.10'),
      /\/nonexistent\/nats-server .* is missing or not executable: install it with `apt-get install nats-server`/,
    );
    const none = await loadControllerConfig({ env: { PATH: '/nonexistent' }, wellKnownBinaries: [] });
    assert.deepEqual(none.versions, []);
  });

  it('latest is the newest, numerically', () => {
    assert.ok(compareVersions('2.10.1', '2.9.16') > 0);
    assert.ok(compareVersions('2.9.16', '2.9.2') > 0);
    assert.ok(compareVersions('2.9.10', '2.9.10-alpine') > 0);
    assert.equal(compareVersions('2.9.10', '2.9.10'), 0);
  });
});
