/**
 * The jetflow extensions of the broker schemas (src/api/schema/sources/brokers.ts): `nats.jetstream`
 * and `mqtt.qos` validate, and their mistakes are reported at the right path.
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateResource } from '../../api/index.js';

const es = (spec: object) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'EventSource',
  metadata: { name: 'x' },
  spec,
});
const issues = (spec: object) =>
  validateResource(es(spec)).issues.map((i) => `${i.severity} ${i.path.join('.')}: ${i.message}`);
const nats = (extra: object) => ({ nats: { n: { url: 'nats://h:4222', subject: 'a.>', ...extra } } });

void test('nats.jetstream: a stream and a durable validate; deliverPolicy is one of four', () => {
  assert.deepEqual(issues(nats({ jetstream: { stream: 'S', durable: 'd', deliverPolicy: 'new' } })), []);
  assert.deepEqual(
    issues(nats({ jetstream: { stream: 'S', durable: 'd', deliverPolicy: 'lastPerSubject' } })),
    [],
  );
  const bad = issues(nats({ jetstream: { stream: 'S', durable: 'd', deliverPolicy: 'oldest' } }));
  assert.equal(bad.length, 1);
  assert.match(bad[0]!, /^error spec\.nats\.n\.jetstream\.deliverPolicy/);
});

void test('nats.jetstream: stream and durable are required, a durable name has no dots', () => {
  assert.match(issues(nats({ jetstream: { durable: 'd' } })).join('\n'), /jetstream\.stream/);
  assert.match(
    issues(nats({ jetstream: { stream: 'S', durable: '' } })).join('\n'),
    /jetstream\.durable must be specified/,
  );
  assert.deepEqual(issues(nats({ jetstream: { stream: 'S', durable: 'a.b' } })), [
    'error spec.nats.n.jetstream.durable: invalid durable name "a.b": expected no ".", "*", ">", "/", "\\" or whitespace',
  ]);
});

void test('nats.jetstream with a queue group: warned, the queue is ignored', () => {
  assert.deepEqual(issues(nats({ queue: 'q', jetstream: { stream: 'S', durable: 'd' } })), [
    'warning spec.nats.n.queue: queue is ignored with jetstream: every listener sharing the durable consumer shares its messages',
  ]);
});

void test('mqtt.qos: 0 or 1', () => {
  const mqtt = (qos: unknown) => ({ mqtt: { m: { url: 'tcp://h:1883', topic: 't', clientId: 'c', qos } } });
  assert.deepEqual(issues(mqtt(0)), []);
  assert.deepEqual(issues(mqtt(1)), []);
  assert.match(issues(mqtt(2)).join('\n'), /^error spec\.mqtt\.m\.qos/);
});
