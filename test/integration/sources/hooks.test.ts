/**
 * Hook registration with the providers' APIs. GitHub, GitLab, Bitbucket (Cloud and Server), Gerrit and
 * Stripe are not reachable from tests: each runs against a local HTTP server that speaks the subset of
 * its REST API jetflow uses (fake-provider.ts), with the base URL from the spec field or the env override.
 */
import assert from 'node:assert/strict';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { freePort, waitFor } from '../../harness/index.js';
import { startFakeProvider, type FakeProvider } from './fake-provider.js';
import { startBus, startHost, type BusFixture } from './helpers.js';

const PUBLIC = 'https://public.example.com/';
const sel = (name: string, key: string) => ({ name, key });
const env = {
  JETFLOW_SECRET_API_TOKEN: 'api-token',
  JETFLOW_SECRET_API_SECRET: 'hook-secret',
  JETFLOW_SECRET_API_USER: 'user',
  JETFLOW_SECRET_API_PASS: 'pass',
};

describe('hook registration against local provider APIs', { timeout: 60_000 }, () => {
  let bus: BusFixture;
  const saved = { ...process.env };
  before(async () => {
    process.env.JETFLOW_HOOK_JITTER_MS = '0';
    bus = await startBus();
  });
  after(async () => {
    process.env = saved;
    await bus?.stop();
  });

  let runs = 0;
  async function run(
    _fake: FakeProvider,
    type: string,
    config: (wh: Record<string, unknown>) => Record<string, unknown>,
    extraEnv: Record<string, string> = {},
  ) {
    const port = String(await freePort());
    const wh = { port, endpoint: '/push', method: 'POST', url: PUBLIC };
    return startHost(
      bus,
      `hooks-${type}-${++runs}`,
      { [type]: { example: config(wh) } },
      { env: { ...env, ...extraEnv } },
    );
  }
  const hookCount = (fake: FakeProvider) => [...fake.hooks.values()].reduce((n, l) => n + l.length, 0);

  it('github: creates missing hooks, reuses a matching one, deletes both on stop', async () => {
    const fake = await startFakeProvider('github');
    process.env.JETFLOW_GITHUB_BASE_URL = fake.url;
    fake.hooks.set('/repos/argoproj/existing/hooks', [
      { id: 77, events: ['*'], config: { url: 'https://public.example.com/push' } },
    ]);
    const fx = await run(fake, 'github', (webhook) => ({
      webhook,
      repositories: [{ owner: 'argoproj', names: ['argo-events', 'existing'] }],
      events: ['*'],
      apiToken: sel('api', 'token'),
      webhookSecret: sel('api', 'secret'),
      insecure: true,
      active: true,
      contentType: 'json',
      deleteHookOnFinish: true,
    }));
    await waitFor(() => fake.hooks.get('/repos/argoproj/argo-events/hooks')?.length === 1, {
      message: 'hook created',
    });
    const create = fake.requests.find((r) => r.method === 'POST')!;
    assert.equal(create.headers.authorization, 'token api-token');
    assert.deepEqual(create.body, {
      events: ['*'],
      active: true,
      config: {
        url: 'https://public.example.com/push',
        insecure_ssl: '1',
        content_type: 'json',
        secret: 'hook-secret',
      },
    });
    assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 1, 'the matching hook is reused');
    await fx.host.stop();
    assert.equal(hookCount(fake), 0, 'deleteHookOnFinish removes every managed hook');
    await fake.close();
  });

  it('github: a GitHub App buys an installation token with a signed JWT and uses it', async () => {
    const fake = await startFakeProvider('github');
    process.env.JETFLOW_GITHUB_BASE_URL = fake.url;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const fx = await run(
      fake,
      'github',
      (webhook) => ({
        webhook,
        organizations: ['argoproj'],
        events: ['push'],
        githubApp: { privateKey: sel('app', 'key'), appID: 123, installationID: 456 },
      }),
      { JETFLOW_SECRET_APP_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    );
    await waitFor(() => fake.hooks.get('/orgs/argoproj/hooks')?.length === 1, {
      message: 'org hook created',
    });
    const tokenReq = fake.requests.find((r) => r.path === '/app/installations/456/access_tokens')!;
    const [head, claims, sig] = String(tokenReq.headers.authorization)
      .replace(/^Bearer /, '')
      .split('.');
    assert.ok(
      createVerify('RSA-SHA256')
        .update(`${head}.${claims}`)
        .verify(publicKey, Buffer.from(sig!, 'base64url')),
      'JWT signed by the app key',
    );
    assert.equal(JSON.parse(Buffer.from(claims!, 'base64url').toString()).iss, '123');
    const create = fake.requests.find((r) => r.method === 'POST' && r.path === '/orgs/argoproj/hooks')!;
    assert.equal(create.headers.authorization, 'token installation-token');
    assert.equal(create.body.active, false, 'active defaults to false as upstream');
    await fx.host.stop();
    assert.equal(hookCount(fake), 1, 'kept without deleteHookOnFinish');
    await fake.close();
  });

  it('gitlab: adds project hooks with event flags and token, deletes them on stop', async () => {
    const fake = await startFakeProvider('gitlab');
    const fx = await run(fake, 'gitlab', (webhook) => ({
      webhook,
      projects: ['whynowy/test', '3'],
      events: ['PushEvents', 'TagPushEvents'],
      accessToken: sel('api', 'token'),
      secretToken: sel('api', 'secret'),
      gitlabBaseURL: fake.url,
      deleteHookOnFinish: true,
    }));
    await waitFor(() => hookCount(fake) === 2, { message: 'two project hooks' });
    const create = fake.requests.find(
      (r) => r.method === 'POST' && r.path === '/api/v4/projects/whynowy/test/hooks',
    )!;
    assert.equal(create.headers['private-token'], 'api-token');
    assert.equal(create.body.url, 'https://public.example.com/push');
    assert.equal(create.body.token, 'hook-secret');
    assert.equal(create.body.push_events, true);
    assert.equal(create.body.tag_push_events, true);
    assert.equal(create.body.issues_events, false);
    await fx.host.stop();
    assert.equal(hookCount(fake), 0);
    await fake.close();
  });

  it('bitbucket: replaces a hook with the same URL, basic auth, deletes on stop', async () => {
    const fake = await startFakeProvider('bitbucket');
    process.env.BITBUCKET_API_BASE_URL = fake.url;
    fake.hooks.set('/repositories/owner/repo/hooks', [
      { uuid: '{old}', url: 'https://public.example.com/push' },
    ]);
    const fx = await run(fake, 'bitbucket', (webhook) => ({
      webhook,
      repositories: [{ owner: 'owner', repositorySlug: 'repo' }],
      events: ['repo:push'],
      auth: { basic: { username: sel('api', 'user'), password: sel('api', 'pass') } },
      deleteHookOnFinish: true,
    }));
    await waitFor(() => fake.requests.some((r) => r.method === 'POST'), { message: 'hook re-created' });
    const hooks = fake.hooks.get('/repositories/owner/repo/hooks')!;
    assert.equal(hooks.length, 1);
    assert.notEqual(hooks[0].uuid, '{old}');
    assert.deepEqual(
      { description: hooks[0].description, events: hooks[0].events, active: hooks[0].active },
      { description: 'webhook managed by Argo-Events', events: ['repo:push'], active: true },
    );
    assert.equal(
      fake.requests[0]!.headers.authorization,
      `Basic ${Buffer.from('user:pass').toString('base64')}`,
    );
    await fx.host.stop();
    assert.equal(hookCount(fake), 0);
    await fake.close();
  });

  it('bitbucketserver: creates on project repositories, updates a stale hook, deletes on stop', async () => {
    const fake = await startFakeProvider('bitbucketserver');
    fake.hooks.set('/rest/api/1.0/projects/P/repos/r/webhooks', [
      { id: 5, url: 'https://public.example.com/push', events: ['pr:opened'] },
    ]);
    const fx = await run(fake, 'bitbucketserver', (webhook) => ({
      webhook,
      repositories: [{ projectKey: 'P', repositorySlug: 'r' }],
      projects: ['Q'],
      events: ['repo:refs_changed'],
      accessToken: sel('api', 'token'),
      webhookSecret: sel('api', 'secret'),
      bitbucketserverBaseURL: `${fake.url}/rest`,
      deleteHookOnFinish: true,
    }));
    await waitFor(
      () => fake.hooks.get('/rest/api/1.0/projects/Q/repos/from-project/webhooks')?.length === 1,
      { message: 'project repo hook' },
    );
    const updated = fake.hooks.get('/rest/api/1.0/projects/P/repos/r/webhooks')![0];
    assert.deepEqual(updated.events, ['repo:refs_changed']);
    assert.deepEqual(updated.configuration, { secret: 'hook-secret' });
    assert.equal(fake.requests[0]!.headers.authorization, 'Bearer api-token');
    await fx.host.stop();
    assert.equal(hookCount(fake), 0);
    await fake.close();
  });

  it('gerrit: puts a named remote per project through the webhooks plugin, deletes on stop', async () => {
    const fake = await startFakeProvider('gerrit');
    const fx = await run(fake, 'gerrit', (webhook) => ({
      webhook,
      hookName: 'argo-webhook-example',
      events: ['patchset-created'],
      auth: { username: sel('api', 'user'), password: sel('api', 'pass') },
      gerritBaseURL: fake.url,
      projects: ['argo/webhook'],
      deleteHookOnFinish: true,
    }));
    await waitFor(() => hookCount(fake) === 1, { message: 'gerrit remote' });
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    assert.equal(put.path, '/a/config/server/webhooks~projects/argo/webhook/remotes/argo-webhook-example/');
    assert.deepEqual(put.body, { url: 'https://public.example.com/push', events: ['patchset-created'] });
    await fx.host.stop();
    assert.equal(hookCount(fake), 0);
    await fake.close();
  });

  it('stripe: creates a webhook endpoint on activation', async () => {
    const fake = await startFakeProvider('stripe');
    process.env.JETFLOW_STRIPE_API_URL = fake.url;
    const fx = await run(fake, 'stripe', (webhook) => ({
      webhook,
      createWebhook: true,
      apiKey: sel('api', 'token'),
      eventFilter: ['charge.succeeded'],
    }));
    const create = fake.requests.find((r) => r.method === 'POST')!;
    assert.ok(create, 'created before the listener counts as started');
    assert.equal(create.headers.authorization, 'Bearer api-token');
    assert.deepEqual(create.body, {
      url: 'https://public.example.com/push',
      'enabled_events[0]': 'charge.succeeded',
    });
    await fx.host.stop();
    await fake.close();
  });
});
