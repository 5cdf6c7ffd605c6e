/**
 * Upstream's redisStream example (examples/argo-events/event-sources/redis-streams.yaml) with the host
 * moved here. It reads stream FOO of db 0; the test removes the stream (or only the group) afterwards.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { RedisStreamEventSource } from '../../api/index.js';
import { waitFor } from '../../../test/harness/index.js';
import { exampleEvents, testContext } from '../broker/testing.js';
import { adminClient, redisHostAddress } from '../redis/testing.js';
import { redisStreamDriver } from './driver.js';

void test('redis-streams.yaml: reads FOO through group argo-events-cg', async () => {
  const events = await exampleEvents<RedisStreamEventSource>('redis-streams.yaml', 'redisStream');
  assert.deepEqual(
    events.map(([n]) => n),
    ['example'],
  );
  const admin = adminClient();
  await admin.connect();
  const existed = (await admin.exists('FOO')) === 1;
  const c = testContext('redisStream', { ...events[0]![1], hostAddress: redisHostAddress() });
  const l = await redisStreamDriver.start(c.ctx);
  try {
    const marker = randomUUID();
    const id = await admin.xadd('FOO', '*', 'marker', marker);
    await waitFor(() => c.events.some((e) => e.values.marker === marker));
    assert.deepEqual(
      c.events.find((e) => e.values.marker === marker),
      { stream: 'FOO', message_id: id, values: { marker } },
    );
  } finally {
    await l.stop();
    if (existed) await admin.xgroup('DESTROY', 'FOO', 'argo-events-cg');
    else await admin.del('FOO');
    await admin.quit();
  }
});
