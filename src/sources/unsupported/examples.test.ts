/**
 * Upstream's nsq, pulsar and emitter examples (kafka has a driver: src/sources/kafka): lint accepts
 * them, and at start each event fails at once (not retried) with the unsupported message naming the
 * type, the broker, the event source and the event, on a real bus.
 * @module
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { SourceError } from '../../api/index.js';
import { loadFile } from '../../api/index.js';
import { SecretStore } from '../../api/index.js';
import type { EventSource } from '../../api/index.js';
import { connectBus, Publisher, type NatsConnection } from '../../bus/index.js';
import { memoryLogger } from '../contract.js';
import { isSupported, SOURCE_DRIVERS } from '../registry.js';
import { EventSourceHost } from '../runtime/host.js';
import { startNats, upstreamExamples, type TestNats } from '../../../test/harness/index.js';
import { UNTESTED_BROKERS } from './index.js';

const FILES = {
  nsq: 'nsq.yaml',
  pulsar: 'pulsar.yaml',
  emitter: 'emitter.yaml',
} as const;

void describe('broker types without a broker to test against', { timeout: 30_000 }, () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let publisher: Publisher;
  before(async () => {
    nats = await startNats();
    nc = await connectBus({ servers: [nats.url] });
    publisher = new Publisher(nc);
  });
  after(async () => {
    await publisher?.drain();
    await nc?.close();
    await nats?.stop();
  });

  for (const [type, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    it(`${file}: lint accepts it, the start fails once with the unsupported message`, async () => {
      const [doc] = await loadFile(path.join(upstreamExamples, 'event-sources', file));
      assert.deepEqual(
        doc!.issues.filter((i) => i.severity === 'error'),
        [],
      );
      const es = doc!.resource as EventSource;
      assert.ok(es.spec[type], `the example has a ${type} event`);
      assert.equal(isSupported(type), false);
      const { logger, records } = memoryLogger();
      const host = new EventSourceHost({
        eventSource: es,
        publisher,
        secrets: new SecretStore({ env: {} }),
        logger,
        registry: new Registry(),
        drivers: SOURCE_DRIVERS,
      });
      host.start();
      const err = await host.ready().then(
        () => assert.fail('must not start'),
        (e: unknown) => e,
      );
      await host.stop();
      assert.ok(err instanceof SourceError);
      const want = `"${type}" event sources are not supported yet in jetflow (no ${UNTESTED_BROKERS[type]} to test against)`;
      assert.ok(err.message.startsWith(`${type} event source ${es.metadata.name}/example: `), err.message);
      assert.ok(err.message.endsWith(want), err.message);
      const attempts = records.filter((r) => r.msg === 'failed to start listening eventsource');
      assert.equal(attempts.length, 1, 'not retried');
      assert.equal(attempts[0]!.eventName, 'example');
    });
  }
});
