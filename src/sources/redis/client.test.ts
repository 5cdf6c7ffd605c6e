/** redis host addresses as go-redis takes them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHostAddress } from './client.js';

void test('host:port, [v6]:port, a missing port is 6379, garbage is refused', () => {
  assert.deepEqual(parseHostAddress('redis.svc:6380'), { host: 'redis.svc', port: 6380 });
  assert.deepEqual(parseHostAddress('[::1]:7000'), { host: '::1', port: 7000 });
  assert.deepEqual(parseHostAddress('redis'), { host: 'redis', port: 6379 });
  assert.throws(() => parseHostAddress(':6379'), /expected host:port/);
  assert.throws(() => parseHostAddress('a:b:c'), /expected host:port/);
});
