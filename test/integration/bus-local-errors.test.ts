/**
 * Bad input to the local bus gets a clear error and changes nothing; a remembered port that is taken is
 * replaced with a warning; a second supervisor for the same bus is refused.
 */
import assert from 'node:assert/strict';
import { access, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { JetStreamBus } from '../../src/api/index.js';
import {
  DEFAULT_SETTINGS,
  DEFAULT_STREAM_CONFIG,
  LocalBusError,
  loadControllerConfig,
  startLocalBus,
  type ControllerConfig,
} from '../../src/bus/local/index.js';
import { assertAllDead, recordingLogger, tempDataDir, trackPids } from './bus-local-helpers.js';

let dir: string;
let config: ControllerConfig;
before(
  async () => {
    dir = await tempDataDir();
    config = await loadControllerConfig({ env: { PATH: process.env.PATH } });
  },
  { timeout: 60_000 },
);
after(() => rm(dir, { recursive: true, force: true }));

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe('bad input changes nothing', { timeout: 60_000 }, () => {
  const cases: [string, JetStreamBus, RegExp, string, ControllerConfig?][] = [
    [
      'unknown version',
      { version: '2.8.1' },
      /unsupported version "2\.8\.1" for spec\.jetstream\.version; available: \d+\.\d+\.\d+, latest/,
      'JetStreamStatefulSetFailed',
    ],
    [
      'no version',
      { version: '' },
      /^invalid spec: a version for jetstream needs to be specified$/,
      'InvalidSpec',
    ],
    [
      'replicas 0',
      { version: 'latest', replicas: 0 },
      /spec\.jetstream\.replicas: expected replicas >= 1, found 0/,
      'InvalidSpec',
    ],
    [
      'store_dir in settings',
      { version: 'latest', settings: 'store_dir: /tmp/x' },
      /spec\.jetstream\.settings: store_dir cannot be set in settings/,
      'InvalidSpec',
    ],
    [
      'malformed settings',
      { version: 'latest', settings: 'max_file_store: 1GB\nmax_file_stor: 2GB' },
      /spec\.jetstream\.settings: line 2: unknown field "max_file_stor"/,
      'InvalidSpec',
    ],
    [
      'bad settings value',
      { version: 'latest', settings: 'max_file_store: lots' },
      /spec\.jetstream\.settings: line 1: max_file_store .*invalid syntax/,
      'InvalidSpec',
    ],
    [
      'unknown start flag',
      { version: 'latest', startArgs: ['-D', '--bogus'] },
      /spec\.jetstream\.startArgs: flag provided but not defined: -bogus/,
      'InvalidSpec',
    ],
    [
      'managed start flag',
      { version: 'latest', startArgs: ['--port=4222'] },
      /spec\.jetstream\.startArgs\[0\]: --port is managed by jetflow/,
      'InvalidSpec',
    ],
    [
      'bad maxPayload',
      { version: 'latest', maxPayload: 'huge' },
      /spec\.jetstream\.maxPayload: expected a size/,
      'InvalidSpec',
    ],
  ];
  for (const [what, spec, message, reason] of cases) {
    it(what, async () => {
      const name = what.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      await assert.rejects(
        startLocalBus({ name, dataDir: dir, spec, controllerConfig: config }),
        (err: unknown) => {
          assert.ok(err instanceof LocalBusError, String(err));
          assert.match(err.message, message);
          assert.equal(err.reason, reason);
          return true;
        },
      );
      assert.equal(await exists(path.join(dir, 'bus', name)), false);
    });
  }

  it('a missing nats-server binary says how to install it', async () => {
    const missing: ControllerConfig = {
      settings: DEFAULT_SETTINGS,
      streamConfig: DEFAULT_STREAM_CONFIG,
      versions: [{ version: '2.9.10', binary: '/nonexistent/nats-server' }],
      source: 'test',
      warnings: [],
    };
    await assert.rejects(
      startLocalBus({ name: 'nobin', dataDir: dir, spec: { version: '2.9.10' }, controllerConfig: missing }),
      /apt-get install nats-server/,
    );
    const none: ControllerConfig = { ...missing, versions: [] };
    await assert.rejects(
      startLocalBus({ name: 'nobin', dataDir: dir, spec: { version: 'latest' }, controllerConfig: none }),
      /no nats-server binary found: install it with `apt-get install nats-server`/,
    );
    assert.equal(await exists(path.join(dir, 'bus', 'nobin')), false);
  });
});

describe('ports and supervisors', { timeout: 60_000 }, () => {
  it('a remembered port now taken is replaced with a warning; 2 replicas warn about even sizes', async () => {
    const spec: JetStreamBus = { version: 'latest', replicas: 2 };
    const logger = recordingLogger();
    let bus = await startLocalBus({ name: 'ports', dataDir: dir, spec, controllerConfig: config, logger });
    const pids = trackPids(bus);
    const old = bus.status().nodes[1]!.ports;
    assert.ok(logger.warnings.some((w) => /2 replicas: an even cluster/.test(w)));
    await bus.stop();

    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(old.client, '127.0.0.1', r));
    try {
      bus = await startLocalBus({ name: 'ports', dataDir: dir, spec, controllerConfig: config, logger });
      for (const p of trackPids(bus)) pids.add(p);
      const now = bus.status().nodes[1]!.ports;
      assert.notEqual(now.client, old.client);
      assert.equal(now.cluster, old.cluster);
      assert.ok(
        logger.warnings.includes(`remembered client port ${old.client} is in use; using ${now.client}`),
      );
      const nc = await connect({ ...bus.connectOptions(), servers: [`nats://127.0.0.1:${now.client}`] });
      await (await jetstreamManager(nc)).getAccountInfo();
      await nc.close();
    } finally {
      blocker.close();
      await bus.stop();
    }
    await assertAllDead(pids);
  });

  it('refuses a second supervisor for the same bus', async () => {
    const bus = await startLocalBus({
      name: 'locked',
      dataDir: dir,
      spec: { version: 'latest', replicas: 1 },
      controllerConfig: config,
    });
    const pids = trackPids(bus);
    try {
      await assert.rejects(
        startLocalBus({
          name: 'locked',
          dataDir: dir,
          spec: { version: 'latest', replicas: 1 },
          controllerConfig: config,
        }),
        new RegExp(
          `EventBus locked is already running .* \\(supervisor pid ${process.pid}\\); stop it with \`jetflow bus down --name locked\``,
        ),
      );
      await bus.checkHealth();
      assert.ok(bus.status().ready, 'the running bus is untouched');
    } finally {
      await bus.stop();
    }
    await assertAllDead(pids);
  });
});
