/**
 * The jetflow extension `jetstream` of the nats source against a private JetStream server: messages
 * published while the source is down arrive when it starts, a message is acked only after dispatch
 * resolved, and one whose dispatch failed is delivered again (also to the next listener after a stop).
 * @module
 */
import assert from 'node:assert/strict';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { after, before, describe, it } from 'node:test';
import type { NATSEventSource } from '../../api/index.js';
import { startNats, waitFor, type TestNats } from '../../../test/harness/index.js';
import { holdDispatch, testContext } from '../broker/testing.js';
import { natsDriver } from './driver.js';

void describe('nats source with jetstream (extension)', { timeout: 60_000 }, () => {
  let server: TestNats;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let n = 0;
  before(async () => {
    server = await startNats();
    nc = await connect({ servers: server.url });
    jsm = await jetstreamManager(nc);
  });
  after(async () => {
    await nc?.close();
    await server?.stop();
  });

  /** A fresh stream `S<n>` on `s<n>.>` and a config reading it through durable `d<n>`. */
  async function fixture(extra: Partial<NonNullable<NATSEventSource['jetstream']>> = {}) {
    n++;
    await jsm.streams.add({ name: `S${n}`, subjects: [`s${n}.>`] });
    const cfg: NATSEventSource = {
      url: server.url,
      subject: `s${n}.>`,
      jsonBody: true,
      jetstream: { stream: `S${n}`, durable: `d${n}`, ...extra },
    };
    const publish = async (i: number) => void (await jetstream(nc).publish(`s${n}.x`, JSON.stringify({ i })));
    const pending = async () => {
      const info = await jsm.consumers.info(`S${n}`, `d${n}`);
      return { ackPending: info.num_ack_pending, pending: info.num_pending };
    };
    return { cfg, publish, pending, stream: `S${n}`, durable: `d${n}` };
  }

  it('delivers what was published before the start, and acks after dispatch', async () => {
    const f = await fixture();
    await f.publish(1);
    await f.publish(2);
    const c = testContext('nats', f.cfg);
    const l = await natsDriver.start(c.ctx);
    try {
      await waitFor(() => c.events.length === 2);
      assert.deepEqual(c.events[0], { subject: `s${n}.x`, body: { i: 1 } });
      await waitFor(async () => {
        const p = await f.pending();
        return p.ackPending === 0 && p.pending === 0;
      });
      const info = await jsm.consumers.info(f.stream, f.durable);
      assert.equal(info.config.ack_policy, 'explicit');
      assert.equal(info.config.filter_subject, f.cfg.subject);
    } finally {
      await l.stop();
    }
    // stopped: published now, delivered on the next start through the same durable
    await f.publish(3);
    const c2 = testContext('nats', f.cfg);
    const l2 = await natsDriver.start(c2.ctx);
    try {
      await waitFor(() => c2.events.length === 1);
      assert.deepEqual(c2.events[0].body, { i: 3 });
    } finally {
      await l2.stop();
    }
  });

  it('a failed dispatch is not acked: the message comes again', async () => {
    const f = await fixture();
    const c = testContext('nats', f.cfg);
    c.failNext = 1;
    const l = await natsDriver.start(c.ctx);
    try {
      await f.publish(7);
      await waitFor(() => c.events.length === 1, { timeout: 10_000 });
      assert.equal(c.attempts, 2);
      assert.deepEqual(c.events[0].body, { i: 7 });
    } finally {
      await l.stop();
    }
  });

  it('stopped between delivery and bus ack: the next listener gets the message', async () => {
    const f = await fixture();
    const c = testContext('nats', f.cfg);
    holdDispatch(c);
    const l = await natsDriver.start(c.ctx);
    await f.publish(9);
    await waitFor(() => c.attempts === 1);
    const stopped = l.stop();
    c.hold!.fail(); // the bus never stored it
    await stopped;
    assert.equal(c.events.length, 0);
    const c2 = testContext('nats', f.cfg);
    const l2 = await natsDriver.start(c2.ctx);
    try {
      await waitFor(() => c2.events.length === 1, { timeout: 10_000 });
      assert.deepEqual(c2.events[0].body, { i: 9 });
    } finally {
      await l2.stop();
    }
  });

  it('deliverPolicy new skips what the stream held before the durable existed', async () => {
    const f = await fixture({ deliverPolicy: 'new' });
    await f.publish(1);
    const c = testContext('nats', f.cfg);
    const l = await natsDriver.start(c.ctx);
    try {
      await f.publish(2);
      await waitFor(() => c.events.length === 1);
      await waitFor(async () => (await f.pending()).ackPending === 0);
      assert.deepEqual(
        c.events.map((e) => e.body.i),
        [2],
      );
    } finally {
      await l.stop();
    }
  });

  it('a missing stream fails the start with the stream named', async () => {
    const c = testContext('nats', {
      url: server.url,
      subject: 'nowhere.>',
      jetstream: { stream: 'NO_SUCH_STREAM', durable: 'd' },
    });
    await assert.rejects(natsDriver.start(c.ctx), /stream "NO_SUCH_STREAM" not found/);
  });
});
