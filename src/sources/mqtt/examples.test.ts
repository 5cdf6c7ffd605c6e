/** Upstream's mqtt example (examples/argo-events/event-sources/mqtt.yaml) with the broker moved here. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { MQTTEventSource } from '../../api/index.js';
import { services, waitFor } from '../../../test/harness/index.js';
import { exampleEvents, testContext } from '../broker/testing.js';
import { mqttDriver } from './driver.js';
import { mqttClient } from './testing.js';

void test('mqtt.yaml: client 2345 subscribes to "bar" and dispatches its JSON messages', async () => {
  const events = await exampleEvents<MQTTEventSource>('mqtt.yaml', 'mqtt');
  assert.deepEqual(
    events.map(([n]) => n),
    ['example'],
  );
  const broker = new URL(services.mqtt);
  const cfg = { ...events[0]![1], url: `tcp://${broker.host}` };
  const c = testContext('mqtt', cfg);
  const l = await mqttDriver.start(c.ctx);
  const pub = await mqttClient();
  try {
    const marker = randomUUID();
    await pub.publishAsync('bar', JSON.stringify({ marker }));
    await waitFor(() => c.events.some((e) => e.body?.marker === marker));
    assert.deepEqual(
      c.events.find((e) => e.body?.marker === marker),
      { topic: 'bar', messageId: 0, body: { marker } },
    );
  } finally {
    await pub.endAsync();
    await l.stop();
  }
});
