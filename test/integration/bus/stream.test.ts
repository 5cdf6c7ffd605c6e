import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { startNats, type TestNats } from '../../harness/index.js';
import { freePort } from '../../harness/index.js';
import {
  BusConnectError,
  connectBus,
  DEFAULT_STREAM_SETTINGS,
  ensureStream,
  mergeStreamConfig,
  type NatsConnection,
} from '../../../src/bus/index.js';
import { STREAM_NAME } from '../../../src/api/names.js';
import { recordingLogger } from './helpers.js';

void describe('ensureStream', { timeout: 90_000 }, () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  before(async () => {
    nats = await startNats();
    nc = await connectBus({ servers: [nats.url] });
    jsm = await jetstreamManager(nc);
  });
  after(async () => {
    await nc?.close();
    await nats?.stop();
  });

  void it('creates stream default with the merged config, replicas capped to the servers', async () => {
    const log = recordingLogger();
    const { settings } = mergeStreamConfig(DEFAULT_STREAM_SETTINGS, 'maxAge: 24h\nmaxMsgs: 1234');
    const r = await ensureStream(jsm, settings, { jetStreamServers: 1, logger: log });
    assert.equal(r.created, true);
    const c = (await jsm.streams.info(STREAM_NAME)).config;
    assert.deepEqual(c.subjects, ['default.*.*']);
    assert.equal(c.storage, 'file');
    assert.equal(c.max_msgs, 1234);
    assert.equal(c.max_age, 24 * 3600e9);
    assert.equal(c.max_bytes, -1);
    assert.equal(c.duplicate_window, 300e9);
    assert.equal(c.retention, 'limits');
    assert.equal(c.discard, 'old');
    assert.equal(c.num_replicas, 1);
    assert.ok(
      log.lines.some((l) => l.level === 'warn' && /replicas 3 capped to 1/.test(l.msg ?? '')),
      'cap warned',
    );
  });

  void it('is a no-op when the stream already matches', async () => {
    const { settings } = mergeStreamConfig(
      DEFAULT_STREAM_SETTINGS,
      'maxAge: 24h\nmaxMsgs: 1234\nreplicas: 1',
    );
    const r = await ensureStream(jsm, settings, { jetStreamServers: 1 });
    assert.equal(r.created, false);
    assert.deepEqual(r.updated, []);
    assert.deepEqual(r.warnings, []);
  });

  void it('updates what JetStream allows on an existing stream and warns about the rest', async () => {
    const log = recordingLogger();
    const { settings } = mergeStreamConfig(
      DEFAULT_STREAM_SETTINGS,
      'maxMsgs: 99\nmaxAge: 1h\nmaxBytes: 1000000\nduplicates: 1m\ndiscard: 1\nretention: 1\nreplicas: 1',
    );
    const r = await ensureStream(jsm, settings, { jetStreamServers: 1, logger: log });
    assert.equal(r.created, false);
    assert.deepEqual(r.updated.sort(), ['discard', 'duplicate_window', 'max_age', 'max_bytes', 'max_msgs']);
    const c = (await jsm.streams.info(STREAM_NAME)).config;
    assert.equal(c.max_msgs, 99);
    assert.equal(c.max_age, 3600e9);
    assert.equal(c.max_bytes, 1000000);
    assert.equal(c.duplicate_window, 60e9);
    assert.equal(c.discard, 'new');
    assert.equal(c.retention, 'limits', 'retention cannot change');
    assert.ok(r.warnings.some((w) => /retention is 'limits', configured 'interest'/.test(w)));
    assert.ok(log.lines.some((l) => l.level === 'warn' && /retention cannot change/.test(l.msg ?? '')));
    assert.ok(
      log.lines.some((l) => l.level === 'warn' && /updated the existing bus stream/.test(l.msg ?? '')),
    );
  });

  void it('tolerates concurrent creators', async () => {
    await jsm.streams.delete(STREAM_NAME);
    const { settings } = mergeStreamConfig(DEFAULT_STREAM_SETTINGS, 'replicas: 1');
    const rs = await Promise.all(
      Array.from({ length: 6 }, () => ensureStream(jsm, settings, { retryBaseMs: 10 })),
    );
    assert.ok(rs.filter((r) => r.created).length >= 1);
    assert.ok(rs.every((r) => r.info.config.name === STREAM_NAME));
    assert.equal((await jsm.streams.info(STREAM_NAME)).config.max_msgs, 50000);
  });

  void it('connectBus: plain TCP to a plain server; a configured tls section fails clearly', async () => {
    assert.equal(nc.info?.tls_required, undefined);
    await assert.rejects(
      connectBus({ servers: [nats.url], tls: { caFile: import.meta.filename }, initialConnectTimeoutMs: 0 }),
      (e: unknown) => {
        assert.ok(e instanceof BusConnectError);
        assert.equal(e.reason, 'tls');
        assert.match(e.message, /does not offer TLS but a tls section is configured/);
        return true;
      },
    );
  });

  void it('connectBus: bad URLs and unreachable servers', async () => {
    for (const bad of ['nats://', 'nats://[::1', '']) {
      await assert.rejects(
        connectBus({ servers: bad ? [bad] : [] }),
        (e: unknown) => e instanceof BusConnectError && e.reason === 'url',
      );
    }
    const url = `nats://127.0.0.1:${await freePort()}`;
    const log = recordingLogger();
    const t0 = Date.now();
    await assert.rejects(
      connectBus({ servers: [url], initialConnectTimeoutMs: 600, reconnectBaseMs: 20, logger: log }),
      (e: unknown) => {
        assert.ok(e instanceof BusConnectError);
        assert.equal(e.reason, 'unreachable');
        assert.ok(e.message.includes(url), e.message);
        return true;
      },
    );
    assert.ok(Date.now() - t0 >= 550, 'kept retrying until the timeout');
    assert.equal(log.lines.filter((l) => l.level === 'warn').length, 1, 'retries logged once');
  });

  void it('falls back to 1 replica on a standalone server when the server count is unknown', async () => {
    await jsm.streams.delete(STREAM_NAME);
    const log = recordingLogger();
    const r = await ensureStream(jsm, DEFAULT_STREAM_SETTINGS, { logger: log });
    assert.equal(r.created, true);
    assert.equal(r.info.config.num_replicas, 1);
    assert.ok(r.warnings.some((w) => /reduced to 1/.test(w)));
  });
});
