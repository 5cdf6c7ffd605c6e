/**
 * A 1-node local bus against the real nats-server: JetStream through the generated credentials and CA,
 * TLS and auth refusals, private files, settings/startArgs/maxPayload read back, status.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { eventSubject, STREAM_NAME, STREAM_SUBJECTS } from '../../src/api/index.js';
import { connect } from '@nats-io/transport-node';
import { busLayout, probeNode, startLocalBus, type LocalBus } from '../../src/bus/local/index.js';
import { assertAllDead, tempDataDir, trackPids } from './bus-local-helpers.js';

let dir: string;
let bus: LocalBus;
let pids: Set<number>;

before(
  async () => {
    dir = await tempDataDir();
    bus = await startLocalBus({
      name: 'one',
      dataDir: dir,
      spec: {
        version: 'latest',
        replicas: 1,
        settings: 'max_file_store: 256MB\nmax_memory_store: 64MB\n',
        startArgs: ['-D'],
        maxPayload: '2MB',
      },
      healthIntervalMs: 200,
    });
    pids = trackPids(bus);
  },
  { timeout: 60_000 },
);

after(
  async () => {
    await bus?.stop();
    if (pids) await assertAllDead(pids);
    await rm(dir, { recursive: true, force: true });
  },
  { timeout: 60_000 },
);

describe('local bus, 1 node', { timeout: 60_000 }, () => {
  it('JetStream works with the generated credentials and CA', async () => {
    const nc = await connect(bus.connectOptions());
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: STREAM_NAME, subjects: STREAM_SUBJECTS, num_replicas: 1 });
      const ack = await jetstream(nc).publish(eventSubject('src', 'ev'), 'hello');
      assert.equal(ack.seq, 1);
      assert.equal((await jsm.streams.getMessage(STREAM_NAME, { seq: 1 }))?.string(), 'hello');
    } finally {
      await nc.close();
    }
  });

  it('settings, startArgs and maxPayload take effect', async () => {
    const node = bus.status().nodes[0]!;
    const p = await probeNode(node.monitorUrl);
    assert.equal(p.maxPayload, 2 * 1024 * 1024);
    assert.equal(p.maxFileStore, 256 * 1024 * 1024);
    assert.equal(p.maxMemoryStore, 64 * 1024 * 1024);
    const log = await readFile(busLayout(dir, 'one').node(0).logFile, 'utf8');
    assert.match(log, /\[DBG\]/, '-D turns on debug logging');
    assert.match(log, /Encryption:\s+ChaCha20-Poly1305/, 'the store is encrypted at rest');
  });

  it('refuses a plaintext connection', async () => {
    const port = bus.status().nodes[0]!.ports.client;
    const { user, pass } = bus.connectOptions();
    const text = await new Promise<string>((resolve, reject) => {
      let got = '';
      const s = net.connect(port, '127.0.0.1');
      s.on('data', (d) => {
        got += d.toString('latin1');
        // Answer the INFO in plaintext, as a non-TLS client would.
        if (got.includes('\r\n') && !got.includes('CONNECT-SENT')) {
          s.write(`CONNECT {"user":"${user}","pass":"${pass}","verbose":false}\r\nPING\r\n`);
          got += 'CONNECT-SENT';
        }
      });
      s.on('close', () => resolve(got));
      s.on('error', reject);
      s.setTimeout(5000, () => s.destroy(new Error('server did not close the plaintext connection')));
    });
    assert.match(text, /"tls_required":true/);
    assert.doesNotMatch(text, /PONG/, 'no protocol exchange without TLS');
  });

  it('refuses a wrong password, and a client that does not trust the CA', async () => {
    const opts = bus.connectOptions();
    await assert.rejects(
      connect({ ...opts, pass: `${opts.pass}x`, reconnect: false }),
      /Authorization Violation/i,
    );
    await assert.rejects(
      connect({ servers: opts.servers, user: opts.user, pass: opts.pass, reconnect: false }),
      /self[- ]signed|certificate|unable to verify/i,
    );
  });

  it('keeps credentials, keys and certificates private; the state names files, never secret values', async () => {
    const layout = busLayout(dir, 'one');
    for (const d of [layout.busDir, layout.certsDir, layout.authDir, layout.node(0).dir])
      assert.equal((await stat(d)).mode & 0o777, 0o700, d);
    const files = [
      ...(await readdir(layout.certsDir)).map((f) => path.join(layout.certsDir, f)),
      ...(await readdir(layout.authDir)).map((f) => path.join(layout.authDir, f)),
      layout.stateFile,
      layout.portsFile,
      layout.node(0).configFile,
      layout.node(0).logFile,
    ];
    assert.ok(files.length >= 12);
    for (const f of files) assert.equal((await stat(f)).mode & 0o777, 0o600, f);
    const secrets = JSON.parse(await readFile(layout.secretsFile, 'utf8')) as Record<string, string>;
    const state = await readFile(layout.stateFile, 'utf8');
    const config = await readFile(layout.node(0).configFile, 'utf8');
    const log = await readFile(layout.node(0).logFile, 'utf8');
    for (const v of [secrets.password!, secrets.sysPassword!, secrets.encryptionKey!]) {
      assert.ok(!state.includes(v) && !config.includes(v) && !log.includes(v));
    }
    assert.equal(JSON.parse(state).credentialsFile, layout.clientAuthFile);
  });

  it('reports upstream conditions and per-node state', () => {
    const s = bus.status();
    assert.equal(s.ready, true);
    assert.deepEqual(
      s.conditions.map((c) => [c.type, c.status, c.reason, c.message]),
      [
        ['Configured', 'True', undefined, undefined],
        ['Deployed', 'True', 'Succeeded', 'JetStream is deployed'],
      ],
    );
    const n = s.nodes[0]!;
    assert.equal(n.serverName, 'eventbus-one-js-0');
    assert.equal(n.state, 'running');
    assert.equal(n.healthy, true);
    assert.equal(n.restarts, 0);
    assert.ok(n.pid && n.pid > 0);
    assert.deepEqual(s.clientUrls, [`nats://127.0.0.1:${n.ports.client}`]);
  });
});
