/**
 * The redis source against this machine's Redis (payloads, a connection killed by the server) and
 * against private servers (password, ACL user, TLS with client certificates).
 * @module
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../../test/harness/index.js';
import { secretEnv, testCerts, testContext } from '../broker/testing.js';
import { redisDriver } from './driver.js';
import { adminClient, killClient, redisHostAddress, startRedis } from './testing.js';

const unique = () => `jetflow-test-${randomUUID()}`;

void describe('redis source', { timeout: 60_000 }, () => {
  const admin = adminClient();
  before(() => admin.connect());
  after(() => admin.quit());

  it('plain SUBSCRIBE: string bodies, pattern "", only the named channels', async () => {
    const [a, b] = [unique(), unique()];
    const c = testContext('redis', { hostAddress: redisHostAddress(), channels: [a, b] });
    const l = await redisDriver.start(c.ctx);
    try {
      await admin.publish(a, 'é plain');
      await admin.publish(b, '{"x":1}');
      await admin.publish(`${a}x`, 'not subscribed');
      await waitFor(() => c.events.length === 2);
      assert.deepEqual(c.events, [
        { channel: a, pattern: '', body: 'é plain' },
        { channel: b, pattern: '', body: '{"x":1}' },
      ]);
    } finally {
      await l.stop();
    }
    assert.ok(
      c.health.every((h) => h.ok),
      'a stop is no lost link',
    );
  });

  it('jsonBody embeds JSON and drops what is not JSON', async () => {
    const ch = unique();
    const c = testContext('redis', { hostAddress: redisHostAddress(), channels: [ch], jsonBody: true });
    const l = await redisDriver.start(c.ctx);
    try {
      await admin.publish(ch, 'nope');
      await admin.publish(ch, '{"x":[1,2]}');
      await waitFor(() => c.events.length === 1 && c.processingFailed === 1);
      assert.deepEqual(c.events[0], { channel: ch, pattern: '', body: { x: [1, 2] } });
    } finally {
      await l.stop();
    }
  });

  it('a connection killed by the server is re-established and re-subscribed', async () => {
    const ch = unique();
    const c = testContext('redis', { hostAddress: redisHostAddress(), channels: [ch] }, {}, unique());
    const l = await redisDriver.start(c.ctx);
    try {
      assert.equal(await killClient(admin, `jetflow:${c.ctx.eventSourceName}:example`), 1);
      await waitFor(() => c.health.some((h) => !h.ok));
      assert.match(c.health.find((h) => !h.ok)!.message!, /redis .* connection lost/);
      await waitFor(async () => (await admin.publish(ch, 'after')) === 1, { timeout: 10_000, interval: 50 });
      await waitFor(() => c.events.length === 1);
      assert.equal(c.health.at(-1)!.ok, true);
      assert.equal(c.events[0].body, 'after');
    } finally {
      await l.stop();
    }
  });

  it('password, ACL username and db; a wrong password fails the start', async () => {
    const server = await startRedis(['requirepass default-pass', 'user app on >app-pass ~* &* +@all']);
    const own = adminClient(server.address, { password: 'default-pass' });
    try {
      await own.connect();
      const ch = unique();
      const cfg = {
        hostAddress: server.address,
        channels: [ch],
        username: 'app',
        db: 3,
        namespace: 'default',
        password: { name: 'redis', key: 'password' },
      };
      const c = testContext('redis', cfg, secretEnv('redis', { password: 'app-pass' }));
      const l = await redisDriver.start(c.ctx);
      const clients = (await own.client('LIST')) as string;
      assert.match(clients, / db=3 .*user=app /);
      await own.publish(ch, 'authed');
      await waitFor(() => c.events.length === 1);
      await l.stop();
      const bad = testContext('redis', cfg, secretEnv('redis', { password: 'wrong-pass' }));
      const err: Error = await redisDriver.start(bad.ctx).then(
        () => assert.fail('must fail'),
        (e: Error) => e,
      );
      assert.match(err.message, /WRONGPASS/);
      assert.doesNotMatch(err.message, /wrong-pass/);
    } finally {
      own.disconnect();
      await server.stop();
    }
  });

  it('TLS with a CA and a client certificate from secrets', async () => {
    const certs = await testCerts();
    const server = await startRedis([], certs.files);
    try {
      const tlsSecret = (key: string) => ({ name: 'redis-tls', key });
      const ch = unique();
      const c = testContext(
        'redis',
        {
          hostAddress: server.address,
          channels: [ch],
          tls: {
            caCertSecret: tlsSecret('ca'),
            clientCertSecret: tlsSecret('cert'),
            clientKeySecret: tlsSecret('key'),
          },
        },
        secretEnv('redis-tls', { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey }),
      );
      const l = await redisDriver.start(c.ctx);
      const { Redis } = await import('ioredis');
      const pub = new Redis({
        host: '127.0.0.1',
        port: server.port,
        tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey },
      });
      await pub.publish(ch, 'over tls');
      await waitFor(() => c.events.length === 1);
      assert.equal(c.events[0].body, 'over tls');
      pub.disconnect();
      await l.stop();
      // without the client certificate the server refuses the handshake
      const noCert = testContext(
        'redis',
        {
          hostAddress: server.address,
          channels: [ch],
          tls: { caCertSecret: tlsSecret('ca') },
        },
        secretEnv('redis-tls', { ca: certs.ca }),
      );
      await assert.rejects(redisDriver.start(noCert.ctx), /failed to connect/);
    } finally {
      await server.stop();
      await certs.remove();
    }
  });
});
