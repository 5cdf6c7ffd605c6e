import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../../test/harness/index.js';
import type { EmailTrigger } from '../../api/index.js';
import { describeTriggerContract } from '../contract.js';
import { EVENT_ID_HEADER } from '../http/index.js';
import { createEmailDriver } from './driver.js';
import { startSmtpPeer } from './testing.js';

const SECRETS = { 'smtp-secret': { password: 'smtp-pa55word-xyz' } };
const USERS = { 'mailer-user': 'smtp-pa55word-xyz' };

function emailTemplate(port: number, extra: Partial<EmailTrigger> = {}): EmailTrigger {
  return {
    host: '127.0.0.1',
    port,
    username: 'mailer-user',
    smtpPassword: { name: 'smtp-secret', key: 'password' },
    from: 'sensor@example.com',
    to: ['ops@example.com'],
    subject: 'Hello There',
    body: 'static body',
    parameters: [{ src: { dependencyName: 'test-dep', dataKey: 'body.message' }, dest: 'body' }],
    ...extra,
  };
}

const withPeer =
  (opts: Parameters<typeof startSmtpPeer>[0], extra: Partial<EmailTrigger> = {}) =>
  async () => {
    const peer = await startSmtpPeer(opts);
    return { template: emailTemplate(peer.port, extra), stop: () => peer.stop() };
  };

describeTriggerContract<EmailTrigger>({
  type: 'email',
  driver: () => createEmailDriver({ timeoutMs: 1000 }),
  secrets: SECRETS,
  timeoutMs: 4000,
  async accepting() {
    const peer = await startSmtpPeer({ users: USERS });
    return {
      template: emailTemplate(peer.port, { to: ['ops@example.com', 'dev.team@example.org'] }),
      stop: () => peer.stop(),
      async expectDelivered(events) {
        const [a, b] = [await peer.nth(1), await peer.nth(2)];
        for (const [m, to] of [
          [a, 'ops@example.com'],
          [b, 'dev.team@example.org'],
        ] as const) {
          assert.equal(m.user, 'mailer-user', 'authenticated with the password from the secret');
          assert.equal(m.mailFrom, 'sensor@example.com');
          assert.deepEqual(m.rcptTo, [to], 'one message per recipient (upstream)');
          assert.equal(m.headers.to, to);
          assert.equal(m.headers.from, 'sensor@example.com');
          assert.equal(m.headers.subject, 'Hello There');
          assert.match(m.headers['content-type'] ?? '', /^text\/plain/);
          assert.equal(
            m.body,
            'hello from the contract',
            'email.parameters applied (upstream computes and ignores them)',
          );
          assert.equal(m.headers[EVENT_ID_HEADER.toLowerCase()], events['test-dep']!.context.id);
          assert.match(m.headers['message-id'] ?? '', /^<[0-9a-f]{32}\.[0-9a-f]{12}@jetflow>$/);
        }
        assert.notEqual(a.headers['message-id'], b.headers['message-id']);
        assert.equal(peer.authFailures, 0);
      },
    };
  },
  refused: async () => emailTemplate(await freePort()),
  async hanging() {
    // Accepts the connection and never sends the SMTP greeting.
    const sockets = new Set<net.Socket>();
    const server = net.createServer((s) => void sockets.add(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      template: emailTemplate((server.address() as AddressInfo).port),
      stop: async () => {
        for (const s of sockets) s.destroy();
        await new Promise<void>((r) => server.close(() => r()));
      },
    };
  },
  failures: [
    {
      name: 'a wrong password (535)',
      retryable: false,
      start: withPeer({ users: { 'mailer-user': 'another' } }),
      message: /535/,
    },
    {
      name: 'a recipient refused permanently (550)',
      retryable: false,
      start: withPeer({ users: USERS, rejectRcpt: () => 550 }),
      message: /550/,
    },
    {
      name: 'a recipient refused temporarily (451)',
      retryable: true,
      start: withPeer({ users: USERS, rejectRcpt: () => 451 }),
      message: /451/,
    },
    {
      name: 'an invalid recipient address',
      retryable: false,
      start: withPeer({ users: USERS }, { to: ['not-an-address'] }),
      message: /to emailId can't be invalid not-an-address/,
    },
    {
      name: 'no recipients',
      retryable: false,
      start: withPeer({ users: USERS }, { to: [] }),
      message: /to can't be empty/,
    },
  ],
});
