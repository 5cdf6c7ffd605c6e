/**
 * nats source auth against private nats-servers configured for each method: user/password, token,
 * nkey seed and a decentralized-auth `.creds` file; wrong credentials fail the start.
 * @module
 */
import assert from 'node:assert/strict';
import { connect, credsAuthenticator, type ConnectionOptions } from '@nats-io/transport-node';
import { describe, it } from 'node:test';
import type { NATSEventSource } from '../../api/index.js';
import { startNats, waitFor } from '../../../test/harness/index.js';
import { testContext } from '../broker/testing.js';
import { natsDriver } from './driver.js';
import { operatorAuth, userNkey } from './testing.js';

const secret = (key: string) => ({ name: 'nats-auth', key });
const env = (values: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(values).map(([k, v]) => [`JETFLOW_SECRET_NATS_AUTH_${k.toUpperCase()}`, v]),
  );

/** Start a server with `serverConfig`, receive one message through a listener authenticated by `auth`. */
async function roundTrip(
  serverConfig: string,
  auth: NATSEventSource['auth'],
  secrets: Record<string, string>,
  publisherAuth: ConnectionOptions,
): Promise<void> {
  const server = await startNats({ jetstream: false, config: serverConfig });
  try {
    const c = testContext('nats', { url: server.url, subject: 'auth.test', auth }, env(secrets));
    const l = await natsDriver.start(c.ctx);
    const pub = await connect({ servers: server.url, ...publisherAuth });
    pub.publish('auth.test', 'hi');
    await pub.flush();
    await waitFor(() => c.events.length === 1);
    assert.deepEqual(c.events[0], { subject: 'auth.test', body: Buffer.from('hi').toString('base64') });
    await pub.close();
    await l.stop();
  } finally {
    await server.stop();
  }
}

void describe('nats source auth', { timeout: 60_000 }, () => {
  it('basic: username and password from secrets', () =>
    roundTrip(
      'authorization { users = [ { user: "es-user", password: "es-pass" } ] }',
      { basic: { username: secret('user'), password: secret('password') } },
      { user: 'es-user', password: 'es-pass' },
      { user: 'es-user', pass: 'es-pass' },
    ));

  it('token', () =>
    roundTrip(
      'authorization { token: "s3cret-token" }',
      { token: secret('token') },
      { token: 's3cret-token' },
      {
        token: 's3cret-token',
      },
    ));

  it('nkey: the seed file secret', async () => {
    const a = userNkey();
    const b = userNkey();
    await roundTrip(
      `authorization { users = [ { nkey: "${a.publicKey}" }, { nkey: "${b.publicKey}" } ] }`,
      { nkey: secret('seed') },
      { seed: `# user seed\n${a.seed}\n` },
      {
        authenticator: (await import('@nats-io/transport-node')).nkeyAuthenticator(
          new TextEncoder().encode(b.seed),
        ),
      },
    );
  });

  it('credential: a .creds file (operator/account/user JWTs)', async () => {
    const { serverConfig, creds } = operatorAuth();
    await roundTrip(
      serverConfig,
      { credential: secret('creds') },
      { creds },
      {
        authenticator: credsAuthenticator(new TextEncoder().encode(creds)),
      },
    );
  });

  it('wrong credentials: the start fails after the connection backoff, naming no secret', async () => {
    const server = await startNats({
      jetstream: false,
      config: 'authorization { users = [ { user: "es-user", password: "es-pass" } ] }',
    });
    try {
      const c = testContext(
        'nats',
        {
          url: server.url,
          subject: 'auth.test',
          auth: { basic: { username: secret('user'), password: secret('password') } },
          connectionBackoff: { steps: 2, duration: '10ms' },
        },
        env({ user: 'es-user', password: 'not-the-password' }),
      );
      const err: Error = await natsDriver.start(c.ctx).then(
        () => assert.fail('start must fail'),
        (e: Error) => e,
      );
      assert.match(err.message, /auth/i);
      assert.doesNotMatch(JSON.stringify(c.logs) + err.message, /not-the-password/);
      assert.equal(c.logs.filter((r) => r.msg === 'failed to connect to the nats server').length, 2);
    } finally {
      await server.stop();
    }
  });
});
