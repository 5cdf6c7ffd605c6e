/** mqtt client options: paho URL schemes, session kind by QoS, credentials and TLS from secrets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretStore } from '../../api/index.js';
import { secretEnv } from '../broker/testing.js';
import { mqttOptions, mqttUrl } from './connect.js';

void test('tcps:// becomes mqtts://; the other paho schemes are mqtt.js ones too', () => {
  assert.equal(mqttUrl('tcps://h:8883'), 'mqtts://h:8883');
  assert.equal(mqttUrl('tcp://h:1883'), 'tcp://h:1883');
  assert.equal(mqttUrl('ssl://h:8883'), 'ssl://h:8883');
});

void test('QoS 0 uses a clean session, QoS 1 a persistent one; reconnects are the listener’s', () => {
  const secrets = new SecretStore({ env: secretEnv('m', { u: 'user', p: 'pw', ca: 'CA' }) });
  const base = { url: 'tcp://h', topic: 't', clientId: 'c' };
  const o0 = mqttOptions(base, secrets);
  assert.deepEqual([o0.clean, o0.reconnectPeriod, o0.clientId, o0.protocolVersion], [true, 0, 'c', 4]);
  const o1 = mqttOptions(
    {
      ...base,
      qos: 1,
      auth: { username: { name: 'm', key: 'u' }, password: { name: 'm', key: 'p' } },
      tls: { caCertSecret: { name: 'm', key: 'ca' } },
    },
    secrets,
  );
  assert.deepEqual(
    [o1.clean, o1.username, o1.password, o1.ca, o1.rejectUnauthorized],
    [false, 'user', 'pw', 'CA', true],
  );
});
