/** The source contract (src/sources/contract.ts) for `mqtt`, against this machine's Mosquitto. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { after, before } from 'node:test';
import { describeSourceContract } from '../contract.js';
import { freePort, services, startNats } from '../../../test/harness/index.js';
import { mqttDriver } from './driver.js';
import { mqttClient } from './testing.js';

const topic = `jetflow/test/${randomUUID()}`;
let pub: MqttClient;
before(async () => {
  pub = await mqttClient();
});
after(() => pub?.endAsync());

describeSourceContract({
  driver: mqttDriver,
  startBus: () => startNats(),
  config: () => ({ url: services.mqtt, topic, clientId: `jetflow-${randomUUID()}`, jsonBody: true }),
  trigger: async () => void (await pub.publishAsync(topic, '{"n":1}')),
  expectData: (data) => assert.deepEqual(data, { topic, messageId: 0, body: { n: 1 } }),
  failingConfig: async () => ({
    url: `tcp://127.0.0.1:${await freePort()}`,
    topic,
    clientId: 'c',
    connectionBackoff: { steps: 1 },
  }),
});
