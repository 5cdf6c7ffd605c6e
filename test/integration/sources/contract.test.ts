/**
 * The source contract (src/sources/contract.ts) for every webhook-style driver: start in a host, store
 * one event with the right envelope on the right subject, stop cleanly (port released), and report a
 * failing start with the source and event name.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describeSourceContract, type ContractEnv } from '../../../src/sources/contract.js';
import { bitbucketDriver } from '../../../src/sources/bitbucket/index.js';
import { bitbucketServerDriver } from '../../../src/sources/bitbucketserver/index.js';
import { gerritDriver } from '../../../src/sources/gerrit/index.js';
import { githubDriver, signGithub } from '../../../src/sources/github/index.js';
import { gitlabDriver } from '../../../src/sources/gitlab/index.js';
import { slackDriver, signSlack } from '../../../src/sources/slack/index.js';
import { stripeDriver } from '../../../src/sources/stripe/index.js';
import type { SourceDriver } from '../../../src/sources/types.js';
import { webhookDriver } from '../../../src/sources/webhook/index.js';
import { freePort, isListening, startNats } from '../../harness/index.js';

interface Case {
  driver: SourceDriver<any>;
  config(webhook: Record<string, unknown>): Record<string, unknown>;
  request(body: string): { headers?: Record<string, string>; body?: string };
  expect(data: any, body: unknown): void;
  secretEnv?: Record<string, string>;
}

const body = { hello: 'world' };
const sel = (name: string, key: string) => ({ name, key });
const headersBody = (data: any, b: unknown) => {
  assert.deepEqual(data.body, b);
  assert.ok(Array.isArray(data.headers['Content-Type']));
};

const cases: Case[] = [
  {
    driver: webhookDriver,
    config: (wh) => ({ ...wh, method: 'POST', metadata: { k: 'v' } }),
    request: () => ({}),
    expect: (d, b) =>
      assert.deepEqual({ body: d.body, metadata: d.metadata }, { body: b, metadata: { k: 'v' } }),
  },
  {
    driver: githubDriver,
    config: (webhook) => ({
      webhook,
      repositories: [{ owner: 'o', names: ['r'] }],
      webhookSecret: sel('c', 's'),
    }),
    request: (b) => ({
      headers: { 'x-hub-signature-256': signGithub(b, 'secret-value'), 'x-github-event': 'push' },
    }),
    expect: (d, b) =>
      assert.deepEqual(d.body, { ...(b as object), 'X-GitHub-Event': 'push', 'X-GitHub-Delivery': '' }),
    secretEnv: { JETFLOW_SECRET_C_S: 'secret-value' },
  },
  {
    driver: gitlabDriver,
    config: (webhook) => ({
      webhook,
      projects: ['1'],
      events: ['PushEvents'],
      accessToken: sel('c', 's'),
      gitlabBaseURL: 'http://127.0.0.1:1',
    }),
    request: () => ({}),
    expect: headersBody,
    secretEnv: { JETFLOW_SECRET_C_S: 'token' },
  },
  {
    driver: bitbucketDriver,
    config: (webhook) => ({ webhook, auth: {}, repositories: [{ owner: 'o', repositorySlug: 'r' }] }),
    request: () => ({}),
    expect: headersBody,
  },
  {
    driver: bitbucketServerDriver,
    config: (webhook) => ({
      webhook,
      bitbucketserverBaseURL: 'http://127.0.0.1:1/rest',
      webhookSecret: sel('c', 's'),
    }),
    request: (b) => ({
      headers: { 'x-hub-signature': `sha256=${createHmac('sha256', 'k').update(b).digest('hex')}` },
    }),
    expect: headersBody,
    secretEnv: { JETFLOW_SECRET_C_S: 'k' },
  },
  {
    driver: gerritDriver,
    config: (webhook) => ({
      webhook,
      hookName: 'h',
      events: ['patchset-created'],
      auth: {},
      gerritBaseURL: 'http://127.0.0.1:1',
      projects: ['p'],
    }),
    request: () => ({}),
    expect: headersBody,
  },
  {
    driver: slackDriver,
    config: (webhook) => ({ webhook, signingSecret: sel('c', 's'), token: sel('c', 't') }),
    request: (b) => ({ headers: signSlack(b, 'sign'), body: b }),
    expect: (d) => assert.deepEqual(d, { type: 'message', Data: { type: 'message', text: 'hi' } }),
    secretEnv: { JETFLOW_SECRET_C_S: 'sign', JETFLOW_SECRET_C_T: 'vt' },
  },
  {
    driver: stripeDriver,
    config: (webhook) => ({ webhook }),
    request: () => ({}),
    expect: (d, b) => assert.deepEqual(d, { event: b }),
  },
];

for (const c of cases) {
  let port = 0;
  const isSlack = c.driver.type === 'slack';
  const payload = JSON.stringify(
    isSlack ? { token: 'vt', type: 'event_callback', event: { type: 'message', text: 'hi' } } : body,
  );
  describeSourceContract({
    driver: c.driver,
    startBus: () => startNats(),
    secretEnv: c.secretEnv,
    async config(_env: ContractEnv) {
      port = await freePort();
      return c.config({ port: String(port), endpoint: '/contract', method: 'POST' });
    },
    async trigger() {
      const r = c.request(payload);
      const res = await fetch(`http://127.0.0.1:${port}/contract`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...r.headers },
        body: r.body ?? payload,
      });
      assert.equal(res.status, 200, await res.text());
    },
    expectData: (data) => c.expect(data, body),
    failingConfig: () => c.config({ port: 'not-a-port', endpoint: '/contract', method: 'POST' }),
    async afterStop() {
      assert.equal(await isListening(port), false, 'port released on stop');
    },
  });
}
