/**
 * The nats source against this machine's NATS server (payload shapes, queue groups) and against a
 * private server that is killed and restarted (the listener reconnects and reports its health).
 * @module
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { after, before, describe, it } from 'node:test';
import { services, startNats, waitFor } from '../../../test/harness/index.js';
import { testContext } from '../broker/testing.js';
import { natsDriver } from './driver.js';

const unique = () => `jetflow.test.${randomUUID()}`;

void describe('nats source', { timeout: 60_000 }, () => {
  let nc: NatsConnection;
  before(async () => {
    nc = await connect({ servers: services.nats });
  });
  after(() => nc?.close());

  it('base64 body, sorted headers and metadata without jsonBody', async () => {
    const subject = unique();
    const c = testContext('nats', { url: services.nats, subject: `${subject}.>`, metadata: { k: 'v' } });
    const l = await natsDriver.start(c.ctx);
    try {
      const h = headers();
      h.append('X-Trace', 'a');
      h.append('X-Trace', 'b');
      h.append('Accept', 'x');
      nc.publish(`${subject}.one`, Buffer.from([0, 1, 2, 255]), { headers: h });
      nc.publish(`${subject}.two`, '');
      await waitFor(() => c.events.length === 2);
      assert.deepEqual(c.events[0], {
        subject: `${subject}.one`,
        body: Buffer.from([0, 1, 2, 255]).toString('base64'),
        header: { Accept: ['x'], 'X-Trace': ['a', 'b'] },
        metadata: { k: 'v' },
      });
      assert.deepEqual(Object.keys(c.events[0]), ['subject', 'body', 'header', 'metadata']);
      assert.deepEqual(c.events[1], { subject: `${subject}.two`, body: '', metadata: { k: 'v' } });
    } finally {
      await l.stop();
    }
    assert.ok(
      c.health.every((h) => h.ok),
      'a stop is no lost link',
    );
  });

  it('jsonBody embeds JSON as is and drops a body that is not JSON', async () => {
    const subject = unique();
    const c = testContext('nats', { url: services.nats, subject, jsonBody: true });
    const l = await natsDriver.start(c.ctx);
    try {
      nc.publish(subject, 'not json');
      nc.publish(subject, '{"big": 12345678901234567890, "s": "é"}');
      await waitFor(() => c.events.length === 1 && c.processingFailed === 1);
      assert.deepEqual(c.events[0], { subject, body: { big: Number('12345678901234567890'), s: 'é' } });
      // embedded byte for byte, not re-serialized (the big number keeps its digits)
      assert.equal(
        c.raw[0],
        `{"subject":${JSON.stringify(subject)},"body":{"big": 12345678901234567890, "s": "é"}}`,
      );
      assert.ok(c.logs.some((r) => /not JSON/.test(String(r.msg))));
    } finally {
      await l.stop();
    }
  });

  it('a queue group shares the messages between listeners', async () => {
    const subject = unique();
    const cfg = { url: services.nats, subject, queue: 'workers', jsonBody: true };
    const a = testContext('nats', cfg);
    const b = testContext('nats', cfg);
    const la = await natsDriver.start(a.ctx);
    const lb = await natsDriver.start(b.ctx);
    try {
      for (let i = 0; i < 40; i++) nc.publish(subject, JSON.stringify({ i }));
      await waitFor(() => a.events.length + b.events.length === 40);
      const seen = [...a.events, ...b.events].map((e) => e.body.i as number).sort((x, y) => x - y);
      assert.deepEqual(seen, [...Array(40).keys()]);
    } finally {
      await la.stop();
      await lb.stop();
    }
  });

  it('survives the server going away: health goes down, then up, and events flow again', async () => {
    const server = await startNats({ jetstream: false });
    const c = testContext('nats', {
      url: server.url,
      subject: 'loss.test',
      jsonBody: true,
      connectionBackoff: { duration: '50ms' },
    });
    const l = await natsDriver.start(c.ctx);
    const pub = await connect({ servers: server.url, reconnectTimeWait: 50, maxReconnectAttempts: -1 });
    try {
      pub.publish('loss.test', '{"n":1}');
      await waitFor(() => c.events.length === 1);
      await server.kill();
      await waitFor(() => c.health.at(-1)?.ok === false);
      assert.match(c.health.at(-1)!.message!, /connection lost/);
      await server.restart();
      await waitFor(() => c.health.at(-1)?.ok === true, { timeout: 15_000 });
      // the client restores the subscription right after reconnecting; publish until it is there
      await waitFor(
        async () => {
          pub.publish('loss.test', '{"n":2}');
          await pub.flush();
          return c.events.some((e) => e.body.n === 2);
        },
        { timeout: 15_000, interval: 100 },
      );
      assert.ok(c.logs.some((r) => r.msg === 'reconnected to the broker'));
    } finally {
      await pub.close();
      await l.stop();
      await server.stop();
    }
  });
});
