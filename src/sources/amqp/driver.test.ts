/**
 * The amqp source against this machine's RabbitMQ: payload fields, declaration options, SASL PLAIN
 * from `auth`, ack only after the bus stored the event (redelivery after a failed dispatch and after a
 * stop), and a connection cut from the client side.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AMQPEventSource } from '../../api/index.js';
import { services, waitFor } from '../../../test/harness/index.js';
import { holdDispatch, secretEnv, testContext } from '../broker/testing.js';
import { amqpDriver, createAmqpDriver } from './driver.js';
import { socketOf, type AmqpSession } from './session.js';
import { amqpAdmin, type AmqpAdmin } from './testing.js';

void describe('amqp source', { timeout: 60_000 }, () => {
  let admin: AmqpAdmin;
  before(async () => {
    admin = await amqpAdmin();
  });
  after(() => admin?.close());

  const base = (exchange: string, extra: Partial<AMQPEventSource> = {}): AMQPEventSource => ({
    url: services.amqp,
    exchangeName: exchange,
    exchangeType: 'direct',
    routingKey: 'rk',
    ...extra,
  });

  it('properties, base64 body and metadata; only the bound routing key arrives', async () => {
    const x = admin.name();
    const c = testContext('amqp', base(x, { metadata: { m: 'v' } }));
    const l = await amqpDriver.start(c.ctx);
    try {
      admin.publish(x, 'other', 'not bound');
      admin.publish(x, 'rk', Buffer.from([0, 255]), {
        contentType: 'application/octet-stream',
        contentEncoding: 'gzip',
        deliveryMode: 2,
        priority: 5,
        correlationId: 'c-1',
        replyTo: 'r',
        expiration: '60000',
        messageId: 'id-1',
        type: 't',
        appId: 'app',
      });
      await waitFor(() => c.events.length === 1);
      assert.deepEqual(c.events[0], {
        contentType: 'application/octet-stream',
        contentEncoding: 'gzip',
        deliveryMode: 2,
        priority: 5,
        correlationId: 'c-1',
        replyTo: 'r',
        expiration: '60000',
        messageId: 'id-1',
        timestamp: '0001-01-01 00:00:00 +0000 UTC',
        type: 't',
        appId: 'app',
        exchange: x,
        routingKey: 'rk',
        body: Buffer.from([0, 255]).toString('base64'),
        metadata: { m: 'v' },
      });
    } finally {
      await l.stop();
    }
  });

  it('jsonBody drops a body that is not JSON', async () => {
    const x = admin.name();
    const c = testContext('amqp', base(x, { jsonBody: true, exchangeType: 'fanout' }));
    const l = await amqpDriver.start(c.ctx);
    try {
      admin.publish(x, '', 'nope');
      admin.publish(x, '', '[1]');
      await waitFor(() => c.events.length === 1 && c.processingFailed === 1);
      assert.deepEqual(c.events[0].body, [1]);
    } finally {
      await l.stop();
    }
  });

  it('auth: SASL PLAIN from secrets; wrong credentials fail the start', async () => {
    const x = admin.name();
    const u = new URL(services.amqp);
    const bare = `amqp://${u.host}${u.pathname}`;
    const auth = { username: { name: 'rabbit', key: 'user' }, password: { name: 'rabbit', key: 'pass' } };
    const env = secretEnv('rabbit', {
      user: decodeURIComponent(u.username),
      pass: decodeURIComponent(u.password),
    });
    const c = testContext('amqp', base(x, { url: bare, auth }), env);
    const l = await amqpDriver.start(c.ctx);
    admin.publish(x, 'rk', 'x');
    await waitFor(() => c.events.length === 1);
    await l.stop();
    const bad = testContext('amqp', base(x, { url: bare, auth, connectionBackoff: { steps: 1 } }), {
      ...env,
      ...secretEnv('rabbit', { pass: 'wrong-secret' }),
    });
    const err: Error = await amqpDriver.start(bad.ctx).then(
      () => assert.fail('must fail'),
      (e: Error) => e,
    );
    assert.match(err.message, /ACCESS_REFUSED|403/);
    assert.doesNotMatch(err.message + JSON.stringify(bad.logs), /wrong-secret/);
  });

  /** A named, non-exclusive queue with manual acks: it keeps unacked messages across listeners. */
  const durableQueue = (x: string, q: string) =>
    base(x, { queueDeclare: { name: q, exclusive: false }, consume: { consumerTag: `tag-${q}` } });

  it('manual ack: a delivery stopped between broker and bus ack comes again after a restart', async () => {
    const x = admin.name();
    const q = admin.name();
    const c = testContext('amqp', durableQueue(x, q));
    holdDispatch(c);
    const l = await amqpDriver.start(c.ctx);
    admin.publish(x, 'rk', 'once');
    await waitFor(() => c.attempts === 1);
    const stopped = l.stop();
    c.hold!.fail();
    await stopped;
    assert.equal(c.events.length, 0);
    await waitFor(async () => (await admin.ready(q)) === 1, { message: 'requeued' });
    const c2 = testContext('amqp', durableQueue(x, q));
    const l2 = await amqpDriver.start(c2.ctx);
    try {
      await waitFor(() => c2.events.length === 1);
      assert.equal(Buffer.from(c2.events[0].body, 'base64').toString(), 'once');
    } finally {
      await l2.stop();
    }
    assert.equal(await admin.ready(q), 0, 'acked, nothing left');
  });

  it('manual ack: a failed dispatch is requeued and delivered again', async () => {
    const x = admin.name();
    const q = admin.name();
    const c = testContext('amqp', durableQueue(x, q));
    c.failNext = 1;
    const l = await amqpDriver.start(c.ctx);
    try {
      admin.publish(x, 'rk', 'again');
      await waitFor(() => c.events.length === 1, { timeout: 10_000 });
      assert.equal(c.attempts, 2);
    } finally {
      await l.stop();
    }
    assert.equal(await admin.ready(q), 0);
  });

  it('a connection cut from the client side is re-opened with backoff', async () => {
    const x = admin.name();
    const sessions: AmqpSession[] = [];
    const driver = createAmqpDriver({ onSession: (s) => sessions.push(s) });
    const c = testContext('amqp', base(x, { connectionBackoff: { duration: '50ms', factor: 2 } }));
    const l = await driver.start(c.ctx);
    try {
      socketOf(sessions[0]!.conn)!.destroy();
      await waitFor(() => c.health.some((h) => !h.ok));
      await waitFor(() => sessions.length === 2 && c.health.at(-1)?.ok === true, { timeout: 10_000 });
      admin.publish(x, 'rk', 'after');
      await waitFor(() => c.events.length === 1);
      assert.ok(c.logs.some((r) => r.msg === 'reconnected to the broker'));
    } finally {
      await l.stop();
    }
  });
});
