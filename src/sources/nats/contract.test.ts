/** The source contract (src/sources/contract.ts) for `nats`, against this machine's NATS server. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { after, before } from 'node:test';
import { describeSourceContract } from '../contract.js';
import { freePort, services, startNats } from '../../../test/harness/index.js';
import { natsDriver } from './driver.js';

const subject = `jetflow.test.contract.${randomUUID()}`;
let nc: NatsConnection;
before(async () => {
  nc = await connect({ servers: services.nats });
});
after(() => nc?.close());

describeSourceContract({
  driver: natsDriver,
  startBus: () => startNats(),
  config: () => ({ url: services.nats, subject, jsonBody: true, metadata: { team: 'a' } }),
  trigger: async () => {
    nc.publish(subject, JSON.stringify({ n: 1 }));
    await nc.flush();
  },
  expectData: (data) => assert.deepEqual(data, { subject, body: { n: 1 }, metadata: { team: 'a' } }),
  failingConfig: async () => ({
    url: `nats://127.0.0.1:${await freePort()}`,
    subject,
    connectionBackoff: { steps: 1 },
  }),
});
