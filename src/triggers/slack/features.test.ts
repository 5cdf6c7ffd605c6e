// The Slack Web API is played by a local HTTP server that speaks chat.postMessage (./testing.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { upstreamExamples } from '../../../test/harness/index.js';
import type { SlackTrigger } from '../../api/index.js';
import {
  captureLogs,
  contractContext,
  exampleTriggers,
  makeEvent,
  resolvedTypeObject,
  secretStoreOf,
} from '../contract.js';
import type { TriggerDriver } from '../types.js';
import { SLACK_API_URL_ENV } from './api.js';
import { createSlackDriver } from './driver.js';
import { startFakeSlack } from './testing.js';

const TOKEN = 'xoxb-feature-token-42';
const secrets = () => secretStoreOf({ 'slack-secret': { token: TOKEN } });

async function post(
  driver: TriggerDriver<SlackTrigger>,
  t: SlackTrigger,
  events = { 'test-dep': makeEvent({ body: {} }) },
) {
  const ctx = contractContext('slack', captureLogs(), secrets());
  const prepared = await driver.prepare(t, ctx);
  try {
    return await prepared.execute(t, events, ctx);
  } finally {
    await prepared.close();
  }
}

const base: SlackTrigger = {
  slackToken: { name: 'slack-secret', key: 'token' },
  channel: 'general',
  message: 'm',
};

describe('slack trigger', () => {
  it('threads messages with the same messageAggregationKey per channel; broadcasts replies when asked', async () => {
    const slack = await startFakeSlack({ token: TOKEN, channels: ['general', 'random'] });
    const driver = createSlackDriver({ apiUrl: slack.apiUrl });
    const thread = { messageAggregationKey: 'deploy-42', broadcastMessageToChannel: true };
    await post(driver, { ...base, message: 'first', thread });
    await post(driver, { ...base, message: 'second', thread });
    await post(driver, { ...base, channel: 'random', message: 'elsewhere', thread });
    await post(driver, { ...base, message: 'unthreaded' });
    const [first, second, elsewhere, plain] = slack.posts;
    assert.equal(first!.thread_ts, undefined);
    assert.equal(second!.thread_ts, '1700000000.000100', 'reply to the first message');
    assert.equal(second!.reply_broadcast, true);
    assert.equal(elsewhere!.thread_ts, undefined, 'threads are per channel');
    assert.equal(plain!.thread_ts, undefined);
    await slack.stop();
  });

  it('waits for Retry-After when rate limited and posts within the same attempt (as upstream)', async () => {
    const slack = await startFakeSlack({
      token: TOKEN,
      override: (_r, n) =>
        n === 1
          ? { status: 429, headers: { 'Retry-After': '1' }, body: '{"ok":false,"error":"ratelimited"}' }
          : undefined,
    });
    const started = Date.now();
    await post(createSlackDriver({ apiUrl: slack.apiUrl }), base);
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    assert.equal(slack.posts.length, 1);
    await slack.stop();
  });

  it('sends attachments and blocks as JSON arrays, an icon URL as icon_url; base URL from the environment', async () => {
    const slack = await startFakeSlack({ token: TOKEN });
    process.env[SLACK_API_URL_ENV] = slack.apiUrl;
    try {
      await post(createSlackDriver(), {
        ...base,
        attachments: '[{"title":"A","color":"#18be52"}]',
        blocks: '[{"type":"divider"}]',
        sender: { icon: 'https://example.com/i.png' },
      });
    } finally {
      delete process.env[SLACK_API_URL_ENV];
    }
    assert.deepEqual(slack.posts[0], {
      text: 'm',
      icon_url: 'https://example.com/i.png',
      attachments: [{ title: 'A', color: '#18be52' }],
      blocks: [{ type: 'divider' }],
      channel: 'general',
    });
    await slack.stop();
  });

  it('upstream slack-trigger.yaml: channel and message from the event', async () => {
    const [trigger] = await exampleTriggers(upstreamExamples, 'slack-trigger.yaml');
    const slack = await startFakeSlack({ token: TOKEN, channels: ['alerts'] });
    const events = { 'test-dep': makeEvent({ body: { channel: 'alerts', message: 'build failed' } }) };
    const t = resolvedTypeObject<SlackTrigger>(trigger!, 'slack', events);
    await post(createSlackDriver({ apiUrl: slack.apiUrl }), t, events);
    assert.deepEqual(slack.posts, [{ text: 'build failed', channel: 'alerts' }]);
    await slack.stop();
  });
});
