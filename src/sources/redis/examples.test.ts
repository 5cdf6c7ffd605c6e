/** Upstream's redis example (examples/argo-events/event-sources/redis.yaml) with the host moved here. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { RedisEventSource } from '../../api/index.js';
import { waitFor } from '../../../test/harness/index.js';
import { exampleEvents, testContext } from '../broker/testing.js';
import { redisDriver } from './driver.js';
import { adminClient, redisHostAddress } from './testing.js';

void test('redis.yaml: subscribes to channel FOO of db 0', async () => {
  const events = await exampleEvents<RedisEventSource>('redis.yaml', 'redis');
  assert.deepEqual(
    events.map(([n]) => n),
    ['example'],
  );
  const c = testContext('redis', { ...events[0]![1], hostAddress: redisHostAddress() });
  const l = await redisDriver.start(c.ctx);
  const admin = adminClient();
  try {
    await admin.connect();
    const marker = randomUUID();
    await admin.publish('FOO', marker);
    await waitFor(() => c.events.some((e) => e.body === marker));
    assert.deepEqual(
      c.events.find((e) => e.body === marker),
      { channel: 'FOO', pattern: '', body: marker },
    );
  } finally {
    await admin.quit();
    await l.stop();
  }
});
