/** The source contract (src/sources/contract.ts) for `amqp`, against this machine's RabbitMQ. */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { describeSourceContract } from '../contract.js';
import { freePort, services, startNats } from '../../../test/harness/index.js';
import { amqpDriver } from './driver.js';
import { amqpAdmin, type AmqpAdmin } from './testing.js';

let admin: AmqpAdmin;
let exchange = '';
before(async () => {
  admin = await amqpAdmin();
  exchange = admin.name();
});
after(() => admin?.close());

describeSourceContract({
  driver: amqpDriver,
  startBus: () => startNats(),
  config: () => ({
    url: services.amqp,
    exchangeName: exchange,
    exchangeType: 'fanout',
    routingKey: 'k',
    jsonBody: true,
  }),
  trigger: async () => {
    admin.publish(exchange, 'rk', '{"n":1}', {
      contentType: 'application/json',
      messageId: 'm-1',
      timestamp: 1714557600,
    });
  },
  expectData: (data) =>
    assert.deepEqual(data, {
      contentType: 'application/json',
      contentEncoding: '',
      deliveryMode: 0,
      priority: 0,
      correlationId: '',
      replyTo: '',
      expiration: '',
      messageId: 'm-1',
      timestamp: '2024-05-01 10:00:00 +0000 UTC',
      type: '',
      appId: '',
      exchange,
      routingKey: 'rk',
      body: { n: 1 },
    }),
  failingConfig: async () => ({
    url: `amqp://127.0.0.1:${await freePort()}`,
    exchangeName: 'x',
    exchangeType: 'fanout',
    routingKey: 'k',
    connectionBackoff: { steps: 1 },
  }),
});
