import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsApi, slashCommand } from './payloads.js';
import { signSlack, verifySlackSignature } from './verify.js';

describe('slack', () => {
  const body = Buffer.from('{"type":"event_callback"}');

  it('verifies signing-secret signatures within 5 minutes', () => {
    const h = signSlack(body, 'secret');
    verifySlackSignature(h['X-Slack-Signature'], h['X-Slack-Request-Timestamp'], body, 'secret');
    assert.throws(
      () => verifySlackSignature(h['X-Slack-Signature'], h['X-Slack-Request-Timestamp'], body, 'other'),
      /signature validation failed/,
    );
    assert.throws(
      () => verifySlackSignature(undefined, h['X-Slack-Request-Timestamp'], body, 'secret'),
      /missing headers/,
    );
    const old = signSlack(body, 'secret', Date.now() - 6 * 60_000);
    assert.throws(
      () => verifySlackSignature(old['X-Slack-Signature'], old['X-Slack-Request-Timestamp'], body, 'secret'),
      /too old/,
    );
  });

  it('parses Events API envelopes', () => {
    assert.deepEqual(eventsApi('{"token":"t","type":"url_verification","challenge":"c"}', 't'), {
      kind: 'challenge',
      challenge: 'c',
    });
    assert.deepEqual(eventsApi('{"token":"t","type":"app_rate_limited"}', 't'), { kind: 'ignore' });
    assert.throws(
      () => eventsApi('{"token":"x","type":"event_callback"}', 't'),
      /invalid verification token/,
    );
  });

  it('renders slash commands as slack-go does', () => {
    const c = slashCommand(new URLSearchParams('command=/x&text=a&enterprise_id=E1'));
    assert.equal(c.command, '/x');
    assert.equal(c.enterprise_id, 'E1');
    assert.equal('enterprise_name' in c, false, 'omitempty');
    assert.equal(c.is_enterprise_install, false);
  });
});
