/**
 * The mqtt source against this machine's Mosquitto (payloads; QoS 1 acked only after the bus stored the
 * event, redelivered after a failed dispatch and after a stop; a socket cut from the client side) and
 * against a private mosquitto (username/password, TLS with client certificates).
 * @module
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { after, before, describe, it } from 'node:test';
import type { MQTTEventSource } from '../../api/index.js';
import { services, waitFor } from '../../../test/harness/index.js';
import { holdDispatch, secretEnv, testCerts, testContext } from '../broker/testing.js';
import { createMqttDriver, mqttDriver } from './driver.js';
import { mqttClient, startMosquitto, wipeSession } from './testing.js';

void describe('mqtt source', { timeout: 60_000 }, () => {
  let pub: MqttClient;
  const sessions: string[] = [];
  before(async () => {
    pub = await mqttClient();
  });
  after(async () => {
    await pub?.endAsync();
    for (const id of sessions) await wipeSession(id);
  });
  const cfg = (extra: Partial<MQTTEventSource> = {}): MQTTEventSource => {
    const clientId = `jetflow-test-${randomUUID()}`;
    sessions.push(clientId);
    return { url: services.mqtt, topic: `jetflow/test/${randomUUID()}`, clientId, ...extra };
  };

  it('QoS 0: base64 body, messageId 0, metadata; jsonBody drops what is not JSON', async () => {
    const a = cfg({ metadata: { m: 'v' } });
    const c = testContext('mqtt', a);
    const b = cfg({ jsonBody: true });
    const d = testContext('mqtt', b);
    const la = await mqttDriver.start(c.ctx);
    const lb = await mqttDriver.start(d.ctx);
    try {
      await pub.publishAsync(a.topic, Buffer.from([1, 2, 3]), { qos: 1 });
      await pub.publishAsync(b.topic, 'nope');
      await pub.publishAsync(b.topic, '{"x":true}');
      await waitFor(() => c.events.length === 1 && d.events.length === 1 && d.processingFailed === 1);
      assert.deepEqual(c.events[0], { topic: a.topic, messageId: 0, body: 'AQID', metadata: { m: 'v' } });
      assert.deepEqual(d.events[0], { topic: b.topic, messageId: 0, body: { x: true } });
    } finally {
      await la.stop();
      await lb.stop();
    }
  });

  it('QoS 1: what is published while the source is down arrives at its start', async () => {
    const q = cfg({ qos: 1, jsonBody: true });
    const c = testContext('mqtt', q);
    await (await mqttDriver.start(c.ctx)).stop(); // the persistent session now holds the subscription
    await pub.publishAsync(q.topic, '{"n":1}', { qos: 1 });
    const c2 = testContext('mqtt', q);
    const l2 = await mqttDriver.start(c2.ctx);
    try {
      await waitFor(() => c2.events.length === 1);
      assert.equal(c2.events[0].body.n, 1);
      assert.ok(c2.events[0].messageId > 0, 'a QoS 1 delivery has a packet id');
    } finally {
      await l2.stop();
    }
  });

  it('QoS 1: stopped between delivery and bus ack, the message comes again after a restart', async () => {
    const q = cfg({ qos: 1, jsonBody: true });
    const c = testContext('mqtt', q);
    holdDispatch(c);
    const l = await mqttDriver.start(c.ctx);
    await pub.publishAsync(q.topic, '{"n":2}', { qos: 1 });
    await waitFor(() => c.attempts === 1);
    const stopped = l.stop();
    c.hold!.fail();
    await stopped;
    assert.equal(c.events.length, 0);
    const c2 = testContext('mqtt', q);
    const l2 = await mqttDriver.start(c2.ctx);
    try {
      await waitFor(() => c2.events.length === 1);
      assert.equal(c2.events[0].body.n, 2);
    } finally {
      await l2.stop();
    }
  });

  it('QoS 1: a failed dispatch is not acked and is delivered again in the same run', async () => {
    const q = cfg({ qos: 1, jsonBody: true, connectionBackoff: { duration: '50ms' } });
    const c = testContext('mqtt', q);
    c.failNext = 1;
    const l = await mqttDriver.start(c.ctx);
    try {
      await pub.publishAsync(q.topic, '{"n":3}', { qos: 1 });
      await waitFor(() => c.events.length === 1, { timeout: 10_000 });
      assert.equal(c.attempts, 2);
    } finally {
      await l.stop();
    }
  });

  it('a socket cut from the client side is re-opened and re-subscribed', async () => {
    const clients: MqttClient[] = [];
    const q = cfg({ connectionBackoff: { duration: '50ms' } });
    const c = testContext('mqtt', q);
    const l = await createMqttDriver({ onClient: (x) => clients.push(x) }).start(c.ctx);
    try {
      clients[0]!.stream.destroy();
      await waitFor(() => c.health.some((h) => !h.ok));
      await waitFor(() => c.health.at(-1)?.ok === true, { timeout: 10_000 });
      await waitFor(
        async () => {
          await pub.publishAsync(q.topic, 'again');
          return c.events.length > 0;
        },
        { timeout: 10_000, interval: 100 },
      );
      assert.equal(Buffer.from(c.events[0].body, 'base64').toString(), 'again');
    } finally {
      await l.stop();
    }
  });

  it('username/password and TLS with a client certificate; a wrong password fails the start', async () => {
    const certs = await testCerts();
    const broker = await startMosquitto({ es: 'es-pass' }, certs.files);
    const auth = { username: { name: 'mq', key: 'user' }, password: { name: 'mq', key: 'pass' } };
    const tlsRef = (key: string) => ({ name: 'mq-tls', key });
    const env = {
      ...secretEnv('mq', { user: 'es', pass: 'es-pass' }),
      ...secretEnv('mq-tls', { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey }),
    };
    try {
      const own = await mqttClient(broker.url, { username: 'es', password: 'es-pass' });
      const c = testContext(
        'mqtt',
        {
          url: broker.tlsUrl.replace('mqtts://', 'tcps://'),
          topic: 't',
          clientId: 'tls-client',
          auth,
          tls: {
            caCertSecret: tlsRef('ca'),
            clientCertSecret: tlsRef('cert'),
            clientKeySecret: tlsRef('key'),
          },
        },
        env,
      );
      const l = await mqttDriver.start(c.ctx);
      await own.publishAsync('t', 'secure');
      await waitFor(() => c.events.length === 1);
      await l.stop();
      await own.endAsync();
      const bad = testContext(
        'mqtt',
        { url: broker.url, topic: 't', clientId: 'bad', auth, connectionBackoff: { steps: 1 } },
        { ...env, ...secretEnv('mq', { pass: 'wrong-pass' }) },
      );
      await assert.rejects(mqttDriver.start(bad.ctx), /Not authorized|Bad username or password/i);
    } finally {
      await broker.stop();
      await certs.remove();
    }
  });
});
