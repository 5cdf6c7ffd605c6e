/**
 * Every upstream example EventSource of the webhook family jetflow implements starts: secrets supplied
 * through the SecretStore environment, ports moved to free ones, provider API base URLs pointed at a
 * local server that speaks their API (fake-provider.ts); HTTPS examples get a generated certificate.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadFile } from '../../../src/api/loader.js';
import { secretEnvName } from '../../../src/api/secrets.js';
import { freePort, upstreamExamples } from '../../harness/index.js';
import { startFakeProvider, type FakeProvider, type Flavor } from './fake-provider.js';
import { request, startBus, startHost, type BusFixture } from './helpers.js';

const MINE = ['webhook', 'github', 'gitlab', 'bitbucket', 'bitbucketserver', 'slack', 'stripe', 'gerrit'];
const dir = path.join(upstreamExamples, 'event-sources');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

/** Every `{name, key}` secret reference in a config tree. */
function secretRefs(v: unknown, out: { name: string; key: string }[] = []): { name: string; key: string }[] {
  if (Array.isArray(v)) v.forEach((x) => secretRefs(x, out));
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string' && typeof o.key === 'string' && Object.keys(o).length <= 3)
      out.push({ name: o.name, key: o.key });
    else Object.values(o).forEach((x) => secretRefs(x, out));
  }
  return out;
}

describe('upstream webhook-family examples start', { timeout: 120_000 }, () => {
  let bus: BusFixture;
  let tmp: string;
  let cert: string;
  let key: string;
  const fakes = new Map<Flavor, FakeProvider>();
  const saved = { ...process.env };

  before(async () => {
    bus = await startBus();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'jetflow-examples-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        path.join(tmp, 'key.pem'),
        '-out',
        path.join(tmp, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(path.join(tmp, 'cert.pem'), 'utf8');
    key = readFileSync(path.join(tmp, 'key.pem'), 'utf8');
    for (const f of ['github', 'gitlab', 'bitbucket', 'bitbucketserver', 'gerrit', 'stripe'] as Flavor[])
      fakes.set(f, await startFakeProvider(f));
    process.env.JETFLOW_HOOK_JITTER_MS = '0';
    process.env.JETFLOW_GITHUB_BASE_URL = fakes.get('github')!.url;
    process.env.BITBUCKET_API_BASE_URL = fakes.get('bitbucket')!.url;
    process.env.JETFLOW_STRIPE_API_URL = fakes.get('stripe')!.url;
  });
  after(async () => {
    process.env = saved;
    for (const f of fakes.values()) await f.close();
    rmSync(tmp, { recursive: true, force: true });
    await bus?.stop();
  });

  const examples = files.filter((f) =>
    MINE.some((t) => new RegExp(`^  ${t}:`, 'm').test(readFileSync(path.join(dir, f), 'utf8'))),
  );
  it('finds the examples', () => assert.ok(examples.length >= 8, `found ${examples.join(', ')}`));

  for (const file of examples) {
    it(file, async () => {
      const [doc] = await loadFile(path.join(dir, file));
      assert.ok(doc?.resource, `${file} loads: ${JSON.stringify(doc?.issues)}`);
      const es = structuredClone(doc.resource) as {
        metadata: { name: string };
        spec: Record<string, Record<string, any>>;
      };
      const ports = new Map<string, string>();
      const env: Record<string, string> = {};
      for (const type of MINE) {
        for (const cfg of Object.values(es.spec[type] ?? {})) {
          const wh = type === 'webhook' ? cfg : cfg.webhook;
          if (!ports.has(wh.port)) ports.set(wh.port, String(await freePort()));
          wh.port = ports.get(wh.port);
          for (const ref of secretRefs(cfg))
            env[secretEnvName('SECRET', ref.name, ref.key)] = `value-of-${ref.key}`;
          if (wh.serverCertSecret)
            env[secretEnvName('SECRET', wh.serverCertSecret.name, wh.serverCertSecret.key)] = cert;
          if (wh.serverKeySecret)
            env[secretEnvName('SECRET', wh.serverKeySecret.name, wh.serverKeySecret.key)] = key;
          if (type === 'gitlab') cfg.gitlabBaseURL = fakes.get('gitlab')!.url;
          if (type === 'gerrit') cfg.gerritBaseURL = fakes.get('gerrit')!.url;
          if (type === 'bitbucketserver')
            cfg.bitbucketserverBaseURL = `${fakes.get('bitbucketserver')!.url}/rest`;
        }
      }
      const fx = await startHost(bus, es.metadata.name, es.spec, { env });
      try {
        assert.ok(fx.host.listeners().length > 0);
        assert.ok(fx.host.listeners().every((l) => l.state === 'running'));
        for (const port of ports.values()) {
          const tls = Object.values(es.spec).some((evs) =>
            Object.values(evs ?? {}).some(
              (c: any) => (c.webhook ?? c).port === port && (c.webhook ?? c).serverCertSecret,
            ),
          );
          if (!tls) assert.equal((await request(`http://127.0.0.1:${port}/health`)).status, 200);
        }
      } finally {
        await fx.host.stop();
      }
    });
  }
});
