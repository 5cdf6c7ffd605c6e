// The Slack Web API is played by a local HTTP server that speaks its chat.postMessage protocol
// (src/triggers/slack/testing.ts); the driver's base URL points at it.
import assert from 'node:assert/strict';
import { freePort } from '../../../test/harness/index.js';
import type { SlackTrigger } from '../../api/index.js';
import { describeTriggerContract } from '../contract.js';
import { startHttpPeer } from '../http/testing.js';
import { createSlackDriver } from './driver.js';
import { startFakeSlack, type FakeSlackOptions } from './testing.js';

const TOKEN = 'xoxb-slack-bot-token-0001';
const SECRETS = { 'slack-secret': { token: TOKEN } };

// The base URL of the API for the next driver (the contract creates a fresh driver per test).
let apiUrl = '';

const template = (extra: Partial<SlackTrigger> = {}): SlackTrigger => ({
  slackToken: { name: 'slack-secret', key: 'token' },
  channel: '#general',
  message: 'static',
  parameters: [{ src: { dependencyName: 'test-dep', dataKey: 'body.message' }, dest: 'message' }],
  ...extra,
});

const withSlack =
  (opts: Partial<FakeSlackOptions>, extra: Partial<SlackTrigger> = {}) =>
  async () => {
    const slack = await startFakeSlack({ token: TOKEN, ...opts });
    apiUrl = slack.apiUrl;
    return { template: template(extra), stop: () => slack.stop() };
  };

describeTriggerContract<SlackTrigger>({
  type: 'slack',
  driver: () => createSlackDriver({ apiUrl, timeoutMs: 1000, maxRateLimitWaitMs: 0 }),
  secrets: SECRETS,
  timeoutMs: 4000,
  async accepting() {
    const slack = await startFakeSlack({ token: TOKEN });
    apiUrl = slack.apiUrl;
    return {
      template: template({ sender: { username: 'jetflow-bot', icon: ':robot_face:' } }),
      stop: () => slack.stop(),
      async expectDelivered() {
        const r = await slack.peer.nth(1);
        assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
        assert.deepEqual(slack.posts, [
          {
            text: 'hello from the contract',
            username: 'jetflow-bot',
            icon_emoji: ':robot_face:',
            channel: 'general',
          },
        ]);
      },
    };
  },
  async refused() {
    apiUrl = `http://127.0.0.1:${await freePort()}/api/`;
    return template();
  },
  async hanging() {
    const peer = await startHttpPeer({ answer: () => 'hang' });
    apiUrl = `${peer.url}/api/`;
    return { template: template(), stop: () => peer.stop() };
  },
  failures: [
    {
      name: 'channel_not_found',
      retryable: false,
      message: /channel_not_found/,
      start: withSlack({}, { channel: 'nope' }),
    },
    {
      name: 'invalid_auth',
      retryable: false,
      message: /invalid_auth/,
      start: withSlack({ token: 'another-token' }),
    },
    {
      name: 'ratelimited (HTTP 429 with Retry-After)',
      retryable: true,
      retryAfterMs: 3000,
      message: /ratelimited/,
      start: withSlack({
        override: () => ({
          status: 429,
          headers: { 'Retry-After': '3' },
          body: '{"ok":false,"error":"ratelimited"}',
        }),
      }),
    },
    {
      name: 'internal_error',
      retryable: true,
      start: withSlack({ override: () => ({ status: 200, body: '{"ok":false,"error":"internal_error"}' }) }),
    },
    {
      name: 'HTTP 503',
      retryable: true,
      start: withSlack({ override: () => ({ status: 503, body: 'unavailable' }) }),
    },
    {
      name: 'no text to post',
      retryable: false,
      message: /no text to post/,
      start: withSlack({}, { message: '', parameters: [] }),
    },
    {
      name: 'blocks that are not JSON',
      retryable: false,
      message: /failed to unmarshal blocks/,
      start: withSlack({}, { blocks: '[{' }),
    },
  ],
});
