/** amqp settings: upstream's per-object defaults, heartbeat, queue arguments, credentials, TLS. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../api/index.js';
import { SecretStore } from '../../api/index.js';
import { secretEnv } from '../broker/testing.js';
import { amqpSettings, amqpWhere, withHeartbeat } from './settings.js';

const secrets = new SecretStore({
  env: secretEnv('s', { url: 'amqp://u:p@h:5672/v', user: 'bob', pass: 'pw' }),
});
const base = { url: 'amqp://h', exchangeName: 'x', exchangeType: 'topic', routingKey: 'k' };

void test('absent sub-objects get upstream defaults', () => {
  const s = amqpSettings(base, secrets, 'me');
  assert.deepEqual(s.exchange, {
    name: 'x',
    type: 'topic',
    durable: true,
    autoDelete: false,
    internal: false,
  });
  assert.deepEqual(s.queue, {
    name: '',
    durable: false,
    autoDelete: false,
    exclusive: true,
    arguments: undefined,
  });
  assert.deepEqual(s.consume, { consumerTag: '', autoAck: true, exclusive: false, noLocal: false });
  assert.equal(s.url, 'amqp://h?heartbeat=10');
  assert.deepEqual(s.socketOptions, { clientProperties: { connection_name: 'me' } });
});

void test('a partial sub-object keeps Go zero values: a partial consume acks manually', () => {
  const s = amqpSettings(
    {
      ...base,
      exchangeDeclare: { autoDelete: true },
      queueDeclare: { name: 'q' },
      consume: { consumerTag: 't' },
    },
    secrets,
    'me',
  );
  assert.equal(s.exchange.durable, false);
  assert.equal(s.queue.exclusive, false);
  assert.deepEqual(s.consume, { consumerTag: 't', autoAck: false, exclusive: false, noLocal: false });
});

void test('queue arguments are a YAML mapping', () => {
  const s = amqpSettings(
    { ...base, queueDeclare: { arguments: 'x-queue-type: quorum\nx-max-length: 10' } },
    secrets,
    'me',
  );
  assert.deepEqual(s.queue.arguments, { 'x-queue-type': 'quorum', 'x-max-length': 10 });
  assert.throws(
    () => amqpSettings({ ...base, queueDeclare: { arguments: '- a' } }, secrets, 'me'),
    ConfigError,
  );
  assert.throws(
    () => amqpSettings({ ...base, queueDeclare: { arguments: 'a: [' } }, secrets, 'me'),
    /Yaml string/,
  );
});

void test('urlSecret, auth as SASL PLAIN, TLS material; the URL never shows credentials in logs', () => {
  const s = amqpSettings(
    {
      ...base,
      url: undefined,
      urlSecret: { name: 's', key: 'url' },
      auth: { username: { name: 's', key: 'user' }, password: { name: 's', key: 'pass' } },
      tls: { insecureSkipVerify: true },
    },
    secrets,
    'me',
  );
  assert.equal(s.url, 'amqp://u:p@h:5672/v?heartbeat=10');
  const cred = s.socketOptions.credentials as { mechanism: string; username: string; password: string };
  assert.deepEqual([cred.mechanism, cred.username, cred.password], ['PLAIN', 'bob', 'pw']);
  assert.equal(s.socketOptions.rejectUnauthorized, false);
  assert.equal(amqpWhere(s.url), 'amqp amqp://h:5672/v');
  assert.equal(withHeartbeat('amqp://h?frameMax=8192'), 'amqp://h?frameMax=8192&heartbeat=10');
  assert.equal(withHeartbeat('amqp://h?heartbeat=30'), 'amqp://h?heartbeat=30');
  assert.throws(() => amqpSettings({ ...base, url: undefined }, secrets, 'me'), /either url or urlSecret/);
});
