/**
 * Security of a `jetflow run` (issue 10): the bus refuses plaintext and wrong credentials, generated
 * secrets are 0600, no secret value is in a log line or an admin API answer, the admin API off loopback
 * needs its token, and the webhook refuses forgeries, oversized, malformed and stalled requests without
 * going down. Also: the Lua sandbox has no io/os.execute/require and stops runaway scripts; RE2 is linear.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { readBusState } from '../../src/bus/local/index.js';
import { compileRe2 } from '../../src/sensors/expr/index.js';
import { ScriptSandbox } from '../../src/sensors/transform/index.js';
import { freePort, waitFor } from '../harness/index.js';
import { jetflow, waitLine, type Child } from '../chaos/procs.js';
import {
  leaks,
  rawRequest,
  stalledRequest,
  writeSecureResources,
  type FixtureSecrets,
} from '../chaos/security-fixture.js';

const ADMIN_TOKEN = 'chaos-admin-token-0123456789abcdef';

describe('security of jetflow run', { timeout: 240_000 }, () => {
  let dir: string;
  let dataDir: string;
  let run: Child;
  let secrets: FixtureSecrets;
  let sink: Server;
  const received: IncomingHttpHeaders[] = [];
  let admin: string;
  let hook: string;
  let hookPort: number;
  const answers: string[] = [];
  const get = async (p: string, token?: string) => {
    const res = await fetch(admin + p, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const text = await res.text();
    answers.push(text);
    return { status: res.status, text };
  };
  const post = (body: string, auth?: string) =>
    fetch(hook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body,
    });

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-security-'));
    dataDir = path.join(dir, 'data');
    sink = createServer((req, res) => {
      received.push(req.headers);
      req.resume().on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    hookPort = await freePort();
    hook = `http://127.0.0.1:${hookPort}/in`;
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;
    secrets = await writeSecureResources(dir, { webhookPort: hookPort, sinkUrl });
    const adminPort = await freePort();
    admin = `http://127.0.0.1:${adminPort}`;
    const addr = `0.0.0.0:${adminPort}`;
    // The token goes in through the environment so that it is not on the command line.
    run = jetflowWithToken(['run', path.join(dir, 'all.yaml'), '--data-dir', dataDir, '--admin-addr', addr]);
    await waitLine(run, 'jetflow is ready', 120_000);
  });
  after(async () => {
    await run?.stop('SIGTERM');
    await new Promise((r) => sink?.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('the admin API beyond loopback answers 401 without its token', async () => {
    assert.equal((await get('/api/v1/resources')).status, 401);
    assert.equal((await get('/api/v1/resources', 'wrong-token-wrong-token')).status, 401);
    assert.equal((await get('/api/v1/resources', ADMIN_TOKEN)).status, 200);
  });

  it('the webhook refuses forgeries and accepts the token', async () => {
    assert.equal((await post('{"a":1}')).status, 401);
    assert.equal((await post('{"a":1}', `Bearer ${secrets.webhookToken}x`)).status, 401);
    assert.equal((await post('{"a":1}', 'Basic Zm9vOmJhcg==')).status, 401);
    assert.equal((await post('{"a":1}', `Bearer ${secrets.webhookToken}`)).status, 200);
    await waitFor(() => received.some((h) => h['x-api-key'] === secrets.headerValue), { timeout: 30_000 });
  });

  it('oversized, malformed and stalled requests are refused; the process stays up', async () => {
    const auth = `Bearer ${secrets.webhookToken}`;
    assert.equal((await post('x'.repeat(2 * 1024 * 1024), auth)).status, 413);
    assert.match(await rawRequest(hookPort, 'GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400/);
    assert.match(
      await rawRequest(hookPort, `POST /in HTTP/1.1\r\nContent-Length: -5\r\n\r\n`),
      /^HTTP\/1\.1 400/,
    );
    const stalled: Socket[] = await Promise.all(
      Array.from({ length: 50 }, () => stalledRequest(hookPort, '/in')),
    );
    try {
      // Others are served while 50 requests sit half-sent.
      assert.equal((await post('{"ok":true}', auth)).status, 200);
    } finally {
      for (const s of stalled) s.destroy();
    }
    assert.equal(run.proc.exitCode, null);
    assert.equal((await post('{"after":true}', auth)).status, 200);
  });

  it('the bus refuses plaintext and wrong credentials; generated secrets are 0600', async () => {
    const state = (await readBusState(dataDir, 'default'))!;
    const servers = state.clientUrls;
    const ca = await readFile(state.caFile, 'utf8');
    const creds = await readFile(state.credentialsFile, 'utf8');
    const user = /username:\s*"?([^"\n]+)/.exec(creds)![1]!;
    const pass = /password:\s*"?([^"\n]+)/.exec(creds)![1]!;
    // The right credentials work over TLS (so the refusals below are about plaintext and the password).
    await (await connect({ servers, user, pass, tls: { ca }, reconnect: false })).close();
    await assert.rejects(connect({ servers, user, pass: 'wrong', tls: { ca }, reconnect: false }));
    await assert.rejects(connect({ servers, user, pass, tls: null, reconnect: false }));
    const files = await walk(path.join(dataDir, 'bus', 'default', 'auth'));
    assert.ok(files.length > 0);
    for (const f of [...files, state.credentialsFile])
      assert.equal((await stat(f)).mode & 0o077, 0, `${f} is readable by others`);
  });

  it('no secret value in any log line or admin API answer', async () => {
    await get('/readyz');
    await get('/metrics', ADMIN_TOKEN);
    for (const p of ['/api/v1/resources', '/api/v1/events?traces=1', '/api/v1/executions'])
      await get(p, ADMIN_TOKEN);
    const events = JSON.parse((await get('/api/v1/events', ADMIN_TOKEN)).text) as {
      events?: { id: string }[];
    };
    for (const e of events.events ?? []) {
      await get(`/api/v1/events/${e.id}`, ADMIN_TOKEN);
      await get(`/api/v1/events/${e.id}/trace`, ADMIN_TOKEN);
    }
    await get('/api/v1/sensors/secure/triggers', ADMIN_TOKEN);
    const state = (await readBusState(dataDir, 'default'))!;
    const pass = /password:\s*"?([^"\n]+)/.exec(await readFile(state.credentialsFile, 'utf8'))![1]!;
    const values = { busPassword: pass, ...secrets, adminToken: ADMIN_TOKEN };
    await run.stop('SIGTERM');
    assert.deepEqual(leaks(answers.join('\n'), values), [], 'secret in an admin API answer');
    assert.deepEqual(leaks(run.out.join('\n'), values), [], 'secret in a log line');
  });
});

describe('admin API off loopback without a token', () => {
  it('jetflow run refuses to start', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-security-'));
    try {
      await writeSecureResources(dir, { webhookPort: await freePort(), sinkUrl: 'http://127.0.0.1:1/' });
      const addr = `0.0.0.0:${await freePort()}`;
      const child = jetflow(['run', dir, '--data-dir', path.join(dir, 'data'), '--admin-addr', addr]);
      const code = await new Promise<number | null>((r) => child.proc.once('exit', (c) => r(c)));
      assert.notEqual(code, 0);
      assert.match(child.out.join('\n'), /token/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('script sandbox and regular expressions', () => {
  it(
    'Lua has no io, os.execute or require, and runaway scripts are stopped',
    { timeout: 30_000 },
    async () => {
      const sandbox = new ScriptSandbox({ timeoutMs: 500, maxInstructions: 1_000_000 });
      try {
        const probe = 'return io == nil and os.execute == nil and require == nil and dofile == nil';
        assert.equal(await sandbox.run('lua-filter', probe, {}), true);
        await assert.rejects(sandbox.run('lua-filter', 'while true do end', {}), { name: 'SandboxError' });
        await assert.rejects(sandbox.run('lua-filter', 'local s = "a" while true do s = s .. s end', {}));
        assert.equal(await sandbox.run('lua-filter', 'return true', {}), true, 'the sandbox recovers');
      } finally {
        await sandbox.close();
      }
    },
  );

  it('a catastrophic-backtracking pattern matches in linear time (RE2)', { timeout: 20_000 }, () => {
    assert.equal(compileRe2('^(a+)+$').test(`${'a'.repeat(100_000)}!`), false);
    assert.equal(compileRe2('(x+x+)+y').test('x'.repeat(50_000)), false);
  });
});

/** `jetflow <args>` with the admin token in $JETFLOW_ADMIN_TOKEN. */
function jetflowWithToken(args: string[]): Child {
  const prev = process.env.JETFLOW_ADMIN_TOKEN;
  process.env.JETFLOW_ADMIN_TOKEN = ADMIN_TOKEN;
  try {
    return jetflow(args);
  } finally {
    if (prev === undefined) delete process.env.JETFLOW_ADMIN_TOKEN;
    else process.env.JETFLOW_ADMIN_TOKEN = prev;
  }
}

async function walk(d: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(d, { withFileTypes: true }))
    out.push(...(e.isDirectory() ? await walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  return out;
}
