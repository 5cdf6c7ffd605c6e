/**
 * Webhook-family types on one shared port: payload shapes and signature/token checks per type. Every
 * refused request must store nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventSubject } from '../../../src/api/names.js';
import { signGithub } from '../../../src/sources/github/index.js';
import { signSlack } from '../../../src/sources/slack/index.js';
import { freePort } from '../../harness/index.js';
import {
  request,
  startBus,
  startHost,
  storedEvents,
  waitForEvents,
  type BusFixture,
  type HostFixture,
} from './helpers.js';
import { createHmac } from 'node:crypto';

const ES = 'family';
const env = {
  JETFLOW_SECRET_GH_SECRET: 'gh-secret',
  JETFLOW_SECRET_GL_TOKEN: 'gl-token',
  JETFLOW_SECRET_BBS_SECRET: 'bbs-secret',
  JETFLOW_SECRET_SLACK_SIGNING: 'slack-signing',
  JETFLOW_SECRET_SLACK_TOKEN: 'verification-token',
};
const sel = (name: string, key: string) => ({ name, key });

describe('webhook-family types', { timeout: 60_000 }, () => {
  let bus: BusFixture;
  let fx: HostFixture;
  let base: string;
  const stored = async (ev: string) =>
    (await storedEvents(bus.nc, eventSubject(ES, ev))).map((e) => e.event.data as any);
  const post = (p: string, body: string, headers: Record<string, string> = {}) =>
    request(`${base}${p}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  before(async () => {
    bus = await startBus();
    const port = String(await freePort());
    base = `http://127.0.0.1:${port}`;
    const wh = (endpoint: string) => ({ port, endpoint, method: 'POST' });
    fx = await startHost(
      bus,
      ES,
      {
        github: {
          gh: {
            webhook: wh('/gh'),
            repositories: [{ owner: 'o', names: ['r'] }],
            webhookSecret: sel('gh', 'secret'),
            metadata: { m: '1' },
          },
        },
        gitlab: {
          gl: {
            webhook: wh('/gl'),
            projects: ['1'],
            events: ['PushEvents'],
            accessToken: sel('gl', 'token'),
            gitlabBaseURL: 'http://127.0.0.1:1',
            secretToken: sel('gl', 'token'),
          },
        },
        bitbucket: {
          bb: { webhook: wh('/bb'), auth: {}, repositories: [{ owner: 'o', repositorySlug: 'r' }] },
        },
        bitbucketserver: {
          bbs: {
            webhook: wh('/bbs'),
            bitbucketserverBaseURL: 'http://127.0.0.1:1/rest',
            webhookSecret: sel('bbs', 'secret'),
            oneEventPerChange: true,
          },
        },
        gerrit: {
          ge: {
            webhook: wh('/ge'),
            hookName: 'h',
            events: ['patchset-created'],
            auth: {},
            gerritBaseURL: 'http://127.0.0.1:1',
            projects: ['p'],
          },
        },
        slack: {
          sl: { webhook: wh('/sl'), signingSecret: sel('slack', 'signing'), token: sel('slack', 'token') },
        },
        stripe: { st: { webhook: wh('/st'), eventFilter: ['charge.succeeded'], metadata: { m: '2' } } },
      },
      { env },
    );
  });
  after(async () => {
    await fx?.host.stop();
    await bus?.stop();
  });

  it('github: refuses missing/bad signatures and bad content types; stores {headers, body+X-GitHub-*, metadata}', async () => {
    const body = JSON.stringify({ action: 'opened', zen: 'keep it simple' });
    assert.deepEqual(await post('/gh', body).then((r) => [r.status, r.text]), [400, 'missing signature']);
    const bad = await post('/gh', body, { 'x-hub-signature-256': signGithub(body, 'other') });
    assert.deepEqual([bad.status, bad.text], [400, 'payload signature check failed']);
    const ct = await post('/gh', body, {
      'content-type': 'text/plain',
      'x-hub-signature-256': signGithub(body, 'gh-secret'),
    });
    assert.deepEqual(
      [ct.status, ct.text],
      [400, 'webhook request has unsupported Content-Type "text/plain"'],
    );
    assert.equal((await stored('gh')).length, 0);
    const ok = await post('/gh', body, {
      'x-hub-signature-256': signGithub(body, 'gh-secret'),
      'x-github-event': 'issues',
      'x-github-delivery': 'd-1',
    });
    assert.deepEqual([ok.status, ok.text], [200, 'success']);
    const form = `payload=${encodeURIComponent('{"form":true}')}`;
    const sha1 = await post('/gh', form, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-hub-signature': signGithub(form, 'gh-secret', 'sha1'),
    });
    assert.equal(sha1.status, 200);
    const [a, b] = await waitForEvents(bus, eventSubject(ES, 'gh'), 2).then((l) =>
      l.map((e) => e.event.data as any),
    );
    assert.deepEqual(a.body, {
      action: 'opened',
      zen: 'keep it simple',
      'X-GitHub-Event': 'issues',
      'X-GitHub-Delivery': 'd-1',
    });
    assert.deepEqual(a.headers['X-Github-Event'], ['issues']);
    assert.deepEqual(a.metadata, { m: '1' });
    assert.deepEqual(b.body, { form: true, 'X-GitHub-Event': '', 'X-GitHub-Delivery': '' });
  });

  it('gitlab: X-Gitlab-Token must match; invalid JSON is refused', async () => {
    assert.deepEqual(await post('/gl', '{}').then((r) => [r.status, r.text]), [400, 'token mismatch']);
    assert.equal((await post('/gl', '{}', { 'x-gitlab-token': 'nope' })).status, 400);
    assert.deepEqual(
      await post('/gl', 'nope', { 'x-gitlab-token': 'gl-token' }).then((r) => [r.status, r.text]),
      [400, 'invalid event'],
    );
    assert.equal((await stored('gl')).length, 0);
    assert.equal((await post('/gl', '{"object_kind":"push"}', { 'x-gitlab-token': 'gl-token' })).status, 200);
    const [e] = await waitForEvents(bus, eventSubject(ES, 'gl'), 1);
    assert.deepEqual((e!.event.data as any).body, { object_kind: 'push' });
    assert.deepEqual((e!.event.data as any).headers['X-Gitlab-Token'], ['gl-token']);
  });

  it('bitbucket: no signature; invalid JSON refused', async () => {
    assert.deepEqual(await post('/bb', '{').then((r) => [r.status, r.text]), [400, 'invalid event']);
    assert.equal((await post('/bb', '{"push":{}}', { 'x-event-key': 'repo:push' })).status, 200);
    const [e] = await waitForEvents(bus, eventSubject(ES, 'bb'), 1);
    assert.deepEqual((e!.event.data as any).body, { push: {} });
    assert.deepEqual((e!.event.data as any).headers['X-Event-Key'], ['repo:push']);
  });

  it('bitbucketserver: X-Hub-Signature HMAC required; refs_changed split per change', async () => {
    const body = JSON.stringify({
      eventKey: 'repo:refs_changed',
      repository: { slug: 'r', project: { key: 'P' } },
      changes: [{ refId: 'a' }, { refId: 'b' }],
    });
    const sig = (s: string) => `sha256=${createHmac('sha256', s).update(body).digest('hex')}`;
    const missing = await post('/bbs', body);
    assert.deepEqual(
      [missing.status, missing.text],
      [400, 'failed to validate bitbucketserver webhook request: missing signature header'],
    );
    const wrong = await post('/bbs', body, { 'x-hub-signature': sig('other') });
    assert.deepEqual(
      [wrong.status, wrong.text],
      [400, 'failed to validate bitbucketserver webhook request: hmac verification failed'],
    );
    assert.equal((await stored('bbs')).length, 0);
    const ok = await post('/bbs', body, {
      'x-hub-signature': sig('bbs-secret'),
      'x-event-key': 'repo:refs_changed',
    });
    assert.deepEqual([ok.status, ok.text], [200, 'success']);
    const events = await waitForEvents(bus, eventSubject(ES, 'bbs'), 2);
    assert.deepEqual(
      events.map((e) => (e.event.data as any).body.changes.map((c: any) => c.refId)),
      [['a'], ['b']],
    );
  });

  it('gerrit: raw JSON body as {headers, body}', async () => {
    assert.equal((await post('/ge', 'x')).status, 400);
    assert.equal((await post('/ge', '{"type":"patchset-created"}')).status, 200);
    const [e] = await waitForEvents(bus, eventSubject(ES, 'ge'), 1);
    assert.deepEqual((e!.event.data as any).body, { type: 'patchset-created' });
  });

  it('slack: signing secret checked (401); challenge answered; events, commands and interactions stored', async () => {
    const ev = JSON.stringify({
      token: 'verification-token',
      type: 'event_callback',
      event: { type: 'app_mention', text: 'hi' },
    });
    assert.equal((await post('/sl', ev)).status, 401);
    const stale = signSlack(ev, 'slack-signing', Date.now() - 10 * 60_000);
    assert.deepEqual(await post('/sl', ev, stale).then((r) => [r.status, r.text]), [
      401,
      'cannot create secrets verifier, timestamp is too old',
    ]);
    const forged = signSlack(ev, 'not-the-secret');
    assert.equal((await post('/sl', ev, forged)).status, 401);
    const badToken = JSON.stringify({ token: 'other', type: 'event_callback', event: { type: 'x' } });
    assert.equal((await post('/sl', badToken, signSlack(badToken, 'slack-signing'))).status, 500);
    assert.equal((await stored('sl')).length, 0);
    const challenge = JSON.stringify({
      token: 'verification-token',
      type: 'url_verification',
      challenge: 'c-123',
    });
    assert.deepEqual(
      await post('/sl', challenge, signSlack(challenge, 'slack-signing')).then((r) => [r.status, r.text]),
      [200, 'c-123'],
    );
    assert.equal((await post('/sl', ev, signSlack(ev, 'slack-signing'))).status, 200);
    const cmd = 'command=%2Fdeploy&text=now&token=t&user_id=U1';
    assert.equal(
      (
        await post('/sl', cmd, {
          'content-type': 'application/x-www-form-urlencoded',
          ...signSlack(cmd, 'slack-signing'),
        })
      ).status,
      200,
    );
    const action = `payload=${encodeURIComponent('{"type":"block_actions","actions":[{"action_id":"a1"}]}')}`;
    assert.equal(
      (
        await post('/sl', action, {
          'content-type': 'application/x-www-form-urlencoded',
          ...signSlack(action, 'slack-signing'),
        })
      ).status,
      200,
    );
    const events = (await waitForEvents(bus, eventSubject(ES, 'sl'), 3)).map((e) => e.event.data as any);
    assert.deepEqual(events[2], { type: 'block_actions', actions: [{ action_id: 'a1' }] });
    assert.deepEqual(events[0], { type: 'app_mention', Data: { type: 'app_mention', text: 'hi' } });
    assert.equal(events[1].command, '/deploy');
    assert.equal(events[1].text, 'now');
    assert.equal(events[1].is_enterprise_install, false);
  });

  it('stripe: parses the event, applies eventFilter, stores {event, metadata}', async () => {
    assert.deepEqual(await post('/st', 'nope').then((r) => [r.status, r.text]), [
      400,
      'failed to parse the event',
    ]);
    assert.deepEqual(await post('/st', '{"type":"charge.failed"}').then((r) => [r.status, r.text]), [
      400,
      'invalid event',
    ]);
    assert.equal((await stored('st')).length, 0);
    assert.equal((await post('/st', '{"id":"evt_1","type":"charge.succeeded"}')).status, 200);
    const [e] = await waitForEvents(bus, eventSubject(ES, 'st'), 1);
    assert.deepEqual(e!.event.data, {
      event: { id: 'evt_1', type: 'charge.succeeded' },
      metadata: { m: '2' },
    });
  });
});
