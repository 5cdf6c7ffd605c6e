import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { upstreamExamples } from '../../../test/harness/index.js';
import type { EmailTrigger } from '../../api/index.js';
import {
  captureLogs,
  contractContext,
  exampleTriggers,
  makeEvent,
  resolvedTypeObject,
  secretStoreOf,
} from '../contract.js';
import { createEmailDriver } from './driver.js';
import { startSmtpPeer } from './testing.js';

describe('email trigger', () => {
  it('a retry after a partial failure does not mail the recipients that already got it', async () => {
    let refuse = true;
    const peer = await startSmtpPeer({
      rejectRcpt: (a) => (a.startsWith('flaky') && refuse ? 451 : undefined),
    });
    const t: EmailTrigger = {
      host: '127.0.0.1',
      port: peer.port,
      from: 'a@example.com',
      to: ['ok@example.com', 'flaky@example.com'],
      subject: 's',
      body: 'b',
    };
    const cap = captureLogs();
    const ctx = contractContext('email', cap, secretStoreOf({}));
    const prepared = await createEmailDriver({ timeoutMs: 3000 }).prepare(t, ctx);
    const events = { d: makeEvent({}, 'evt-partial') };
    await assert.rejects(
      prepared.execute(t, events, ctx),
      (e: Error & { retryable?: boolean }) => e.retryable === true,
    );
    assert.deepEqual(
      peer.mails.map((m) => m.rcptTo[0]),
      ['ok@example.com'],
    );
    refuse = false;
    await prepared.execute(t, events, ctx);
    assert.deepEqual(
      peer.mails.map((m) => m.rcptTo[0]),
      ['ok@example.com', 'flaky@example.com'],
    );
    // Another firing (other event ids) mails everyone again.
    await prepared.execute(t, { d: makeEvent({}, 'evt-next') }, ctx);
    assert.equal(peer.mails.length, 4);
    await prepared.close();
    await peer.stop();
  });

  it('sends without AUTH when no password is configured (gomail uses credentials only when both are set)', async () => {
    const peer = await startSmtpPeer();
    const t: EmailTrigger = {
      host: '127.0.0.1',
      port: peer.port,
      username: 'someone',
      from: 'a@example.com',
      to: ['x@example.com'],
      subject: 's',
      body: 'b',
    };
    const ctx = contractContext('email', captureLogs(), secretStoreOf({}));
    const prepared = await createEmailDriver().prepare(t, ctx);
    await prepared.execute(t, { d: makeEvent({}) }, ctx);
    assert.equal((await peer.nth(1)).user, undefined);
    await prepared.close();
    await peer.stop();
  });

  it('upstream email-trigger.yaml: recipient and body from the event, password from smtp-secret', async () => {
    const [trigger] = await exampleTriggers(upstreamExamples, 'email-trigger.yaml');
    const peer = await startSmtpPeer({ users: { username: 'smtp-example-pass' } });
    const events = { 'test-dep': makeEvent({ body: { to: 'obi@example.com', name: 'Luke' } }) };
    const t = resolvedTypeObject<EmailTrigger>(trigger!, 'email', events, (tpl) => {
      tpl.email!.host = '127.0.0.1';
      tpl.email!.port = peer.port;
    });
    const ctx = contractContext(
      'email',
      captureLogs(),
      secretStoreOf({ 'smtp-secret': { password: 'smtp-example-pass' } }),
    );
    const prepared = await createEmailDriver().prepare(t, ctx);
    await prepared.execute(t, events, ctx);
    const m = await peer.nth(1);
    assert.equal(m.user, 'username');
    assert.deepEqual(m.rcptTo, ['obi@example.com']);
    assert.equal(m.headers.from, 'example@email.com');
    assert.equal(m.headers.subject, 'Hello There');
    assert.equal(m.body, 'Hi Luke,\r\n\r\n\tHello There.\r\n\r\nThanks,\r\nObi');
    await prepared.close();
    await peer.stop();
  });
});
