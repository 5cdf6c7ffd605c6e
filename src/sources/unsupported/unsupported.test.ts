/** The unsupported placeholder drivers: the message, the typed error, the registry's view. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnsupportedError } from '../../api/index.js';
import { isSupported, SOURCE_DRIVERS } from '../registry.js';
import { testContext } from '../broker/testing.js';
import { isPlaceholder, unsupportedDriver, untestedBrokerDriver } from './index.js';

void test('a broker type without a broker to test against names the broker', async () => {
  const err = await untestedBrokerDriver('nsq')
    .start(testContext('nsq', {}).ctx)
    .then(
      () => assert.fail('must fail'),
      (e: unknown) => e,
    );
  assert.ok(err instanceof UnsupportedError);
  assert.equal(
    err.message,
    '"nsq" event sources are not supported yet in jetflow (no NSQ daemon to test against)',
  );
});

void test('other unsupported types keep the plain message; the registry knows which are placeholders', async () => {
  const d = unsupportedDriver('hdfs');
  assert.ok(isPlaceholder(d));
  await assert.rejects(
    d.start(testContext('hdfs', {}).ctx),
    /^UnsupportedError: "hdfs" event sources are not supported yet in jetflow$/,
  );
  for (const t of ['nsq', 'pulsar', 'emitter', 'hdfs'] as const) assert.equal(isSupported(t), false, t);
  for (const t of ['nats', 'redis', 'redisStream', 'amqp', 'mqtt', 'kafka'] as const) {
    assert.equal(isSupported(t), true, t);
    assert.equal(SOURCE_DRIVERS[t].type, t);
  }
});
