/**
 * AND triggers' group processing against a real JetStream: a crash after the state was written but
 * before the acks (simulated by dropping the acks) must not apply the redelivered messages again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { Registry } from 'prom-client';
import { durableName, eventSubject, parseConditions, SecretStore, STREAM_NAME } from '../api/index.js';
import {
  connectBus,
  DEFAULT_STREAM_SETTINGS,
  ensureDurable,
  ensureStream,
  jetstream,
  jetstreamManager,
  openKv,
  type JsMsg,
  type NatsConnection,
} from '../bus/index.js';
import { startNats, type TestNats } from '../../test/harness/index.js';
import { ActionRunner } from './action-runner.js';
import { GroupProcessor } from './group-processor.js';
import { MessageProcessor } from './message-processor.js';
import { SensorMetrics } from './metrics.js';
import { PartialState } from './partial-state.js';
import { Semaphore } from './pool.js';
import type { Trigger } from './spec.js';
import type { TriggerEvent } from './trigger-contract.js';
import { dependencyIndex } from './trigger-subscriptions.js';
import { sharedSandbox } from './transform/index.js';

const deps = [
  { name: 'a', eventSourceName: 'es', eventName: 'a' },
  { name: 'b', eventSourceName: 'es', eventName: 'b' },
];

describe('GroupProcessor', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  before(async () => {
    nats = await startNats();
    nc = await connectBus({ servers: [nats.url] });
    await ensureStream(await jetstreamManager(nc), DEFAULT_STREAM_SETTINGS);
  });
  after(async () => {
    await nc.close();
    await nats.stop();
  });

  async function publish(ev: string, n: number) {
    const id = `${ev}${n}`;
    const envelope = { specversion: '1.0', id, source: 'es', type: 't', subject: ev, data: { n } };
    await jetstream(nc).publish(eventSubject('es', ev), JSON.stringify(envelope), { msgID: id });
  }

  /** Fetch what both durables deliver now, in stream order. */
  async function fetchAll(durables: string[], expect: number): Promise<JsMsg[]> {
    const out: JsMsg[] = [];
    for (const d of durables) {
      const c = await jetstream(nc).consumers.get(STREAM_NAME, d);
      const it = await c.fetch({ max_messages: expect, expires: 5000 });
      for await (const m of it) {
        out.push(m);
        if (out.length === expect) break;
      }
    }
    return out.sort((x, y) => x.seq - y.seq);
  }

  it('does not apply a redelivered group again once its state is written', async () => {
    const jsm = await jetstreamManager(nc);
    const created = new Map<string, string>();
    const durables = deps.map((d) => durableName('s', 't', d.name));
    for (const [i, d] of deps.entries()) {
      const info = await ensureDurable(jsm, {
        name: durables[i]!,
        filterSubject: eventSubject('es', d.eventName),
        ackWaitMs: 1000,
      });
      created.set(info.name, info.created);
    }
    await publish('a', 1);
    await publish('b', 1);
    await publish('a', 2);

    const fired: Record<string, TriggerEvent>[] = [];
    const trigger = { template: { name: 't', log: {} }, atLeastOnce: true } as unknown as Trigger;
    const runner = new ActionRunner({
      sensorName: 's',
      namespace: 'default',
      logger: pino({ level: 'silent' }),
      secrets: new SecretStore({ env: {} }),
      metrics: new SensorMetrics('default', 's', new Registry()),
      main: {
        trigger,
        type: 'log',
        prepared: {
          execute: (_r, events) => {
            fired.push(events);
            return Promise.resolve({});
          },
          close: () => Promise.resolve(),
        },
      },
    });
    const signal = new AbortController().signal;
    const logger = pino({ level: 'silent' });
    const kv = await openKv(nc, 's');
    const group = () =>
      new GroupProcessor({
        processor: new MessageProcessor({
          index: dependencyIndex(deps),
          atLeastOnce: true,
          runner,
          sandbox: sharedSandbox(),
          background: new Semaphore(4),
          signal,
          logger,
        }),
        state: new PartialState(kv, 't', ['a', 'b']),
        ast: parseConditions('a && b'),
        durables: created,
        signal,
        logger,
      });

    // the process "dies" after writing the state: its acks never reach the server
    const first = await fetchAll(durables, 3);
    const noAck = first.map(
      (m) => new Proxy(m, { get: (t, p) => (p === 'ack' ? () => {} : Reflect.get(t, p)) }),
    );
    await group().run(noAck);
    assert.deepEqual(
      fired.map((f) => [f.a!.context.id, f.b!.context.id]),
      [['a1', 'b1']],
    );
    const stored = await kv.get('t/a');
    assert.equal(stored?.json<{ Event: { id: string } }>().Event.id, 'a2');

    // a new process gets the redeliveries: acked, not applied again (no second firing, a2 kept)
    const again = await fetchAll(durables, 3);
    assert.ok(again.every((m) => m.redelivered));
    await group().run(again);
    assert.equal(fired.length, 1);
    const after = await kv.get('t/a');
    assert.equal(after?.revision, stored?.revision);
    for (const d of durables) {
      const info = await jsm.consumers.info(STREAM_NAME, d);
      assert.equal(info.num_ack_pending, 0, `${d} has unacked messages`);
    }

    // new events still pair with the kept a2
    await publish('b', 2);
    await group().run(await fetchAll(durables, 1));
    assert.deepEqual(
      fired.map((f) => [f.a!.context.id, f.b!.context.id]),
      [
        ['a1', 'b1'],
        ['a2', 'b2'],
      ],
    );
    assert.equal((await kv.get('t/a'))?.operation, 'DEL');
  });
});
