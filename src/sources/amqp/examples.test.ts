/**
 * Upstream's amqp example (examples/argo-events/event-sources/amqp.yaml) with the broker address moved
 * here and its `auth` secret supplied from the environment. It declares exchange "test" (durable) and
 * the exclusive queue "my-queue-name"; the test deletes the exchange afterwards unless it existed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { test } from 'node:test';
import type { AMQPEventSource } from '../../api/index.js';
import { services, waitFor } from '../../../test/harness/index.js';
import { exampleEvents, secretEnv, testContext } from '../broker/testing.js';
import { createAmqpDriver } from './driver.js';
import type { AmqpSession } from './session.js';

void test('amqp.yaml: fanout exchange "test", named queue, consumer tag, SASL PLAIN from my-secret', async () => {
  const events = await exampleEvents<AMQPEventSource>('amqp.yaml', 'amqp');
  assert.deepEqual(
    events.map(([n]) => n),
    ['example'],
  );
  const broker = new URL(services.amqp);
  const cfg = { ...events[0]![1], url: `amqp://${broker.host}${broker.pathname}` };
  const env = secretEnv('my-secret', {
    username: decodeURIComponent(broker.username),
    password: decodeURIComponent(broker.password),
  });
  const conn = await amqp.connect(services.amqp);
  const probe = await conn.createChannel();
  probe.on('error', () => undefined); // the 404 of a missing exchange closes this channel
  const existed = await probe.checkExchange('test').then(
    () => true,
    () => false, // a 404 closes the probe channel
  );
  const ch = await conn.createChannel();
  const c = testContext('amqp', cfg, env);
  const sessions: AmqpSession[] = [];
  const l = await createAmqpDriver({ onSession: (s) => sessions.push(s) }).start(c.ctx);
  try {
    assert.deepEqual([sessions[0]!.queue, sessions[0]!.consumerTag], ['my-queue-name', 'my-consumer-tag']);
    const marker = randomUUID();
    ch.publish('test', 'hello', Buffer.from(JSON.stringify({ marker })));
    await waitFor(() => c.events.some((e) => e.body?.marker === marker));
    const e = c.events.find((x) => x.body?.marker === marker);
    assert.equal(e.exchange, 'test');
    assert.equal(e.routingKey, 'hello');
  } finally {
    await l.stop();
    if (!existed) await ch.deleteExchange('test');
    await conn.close();
  }
});
