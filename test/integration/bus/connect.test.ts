import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startNats, type TestNats } from '../../harness/index.js';
import { BusConnectError, connectBus, type BusConnectOptions } from '../../../src/bus/index.js';

/** A throwaway CA and a server certificate for 127.0.0.1, made with the openssl CLI. */
function makeCerts(dir: string) {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const ca of ['ca', 'other-ca']) {
    ssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.pem`,
      '-days',
      '1',
      '-subj',
      `/CN=${ca}`,
    );
  }
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  ssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '1',
    '-extfile',
    'san.ext',
  );
  return {
    ca: path.join(dir, 'ca.pem'),
    otherCa: path.join(dir, 'other-ca.pem'),
    cert: path.join(dir, 'server.pem'),
    key: path.join(dir, 'server.key'),
  };
}

/** What the server's monitoring says about its client connections. */
async function connz(nats: TestNats): Promise<{ tls_version?: string; name?: string }[]> {
  const r = await fetch(`http://127.0.0.1:${nats.monitorPort}/connz`);
  return ((await r.json()) as { connections?: { tls_version?: string; name?: string }[] }).connections ?? [];
}

async function connectError(opts: BusConnectOptions): Promise<BusConnectError> {
  try {
    const nc = await connectBus(opts);
    await nc.close();
  } catch (err) {
    assert.ok(err instanceof BusConnectError, `a BusConnectError: ${String(err)}`);
    return err;
  }
  throw new Error('connected unexpectedly');
}

void describe('connectBus against a TLS + password server', { timeout: 90_000 }, () => {
  let nats: TestNats;
  let dir: string;
  let certs: ReturnType<typeof makeCerts>;
  const base = () => ({ servers: [nats.url], user: 'jet', pass: 's3cret-pw', initialConnectTimeoutMs: 0 });
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jetflow-certs-'));
    certs = makeCerts(dir);
    nats = await startNats({
      config: [
        `tls { cert_file: "${certs.cert}", key_file: "${certs.key}" }`,
        'authorization { user: jet, password: "s3cret-pw" }',
      ].join('\n'),
    });
  });
  after(async () => {
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  void it('connects with TLS verified against the configured CA', async () => {
    const nc = await connectBus({ ...base(), tls: { caFile: certs.ca }, name: 'verified' });
    const c = (await connz(nats)).find((x) => x.name === 'verified');
    assert.ok(c?.tls_version, 'the connection is encrypted');
    await nc.close();
  });

  void it('uses TLS without verification when the server requires it and no tls section is set', async () => {
    const nc = await connectBus({ ...base(), name: 'unverified' });
    assert.ok((await connz(nats)).find((x) => x.name === 'unverified')?.tls_version);
    await nc.close();
  });

  void it('accepts any certificate with insecureSkipVerify', async () => {
    const nc = await connectBus({ ...base(), tls: { caFile: certs.otherCa, insecureSkipVerify: true } });
    await nc.close();
  });

  void it('fails clearly on a certificate signed by another CA', async () => {
    const e = await connectError({ ...base(), tls: { caFile: certs.otherCa } });
    assert.equal(e.reason, 'tls');
    assert.match(e.message, /TLS handshake with bus nats:\/\/127\.0\.0\.1:\d+ failed/);
  });

  void it('fails clearly on an unreadable CA file', async () => {
    const e = await connectError({ ...base(), tls: { caFile: path.join(dir, 'missing.pem') } });
    assert.equal(e.reason, 'tls');
    assert.match(e.message, /missing\.pem/);
  });

  void it('fails clearly on a wrong password, without showing it', async () => {
    const e = await connectError({ ...base(), pass: 'wrong-pw-123' });
    assert.equal(e.reason, 'auth');
    assert.match(e.message, /rejected the credentials as user 'jet'/);
    assert.ok(!e.message.includes('wrong-pw-123'));
    assert.ok(!JSON.stringify(e).includes('wrong-pw-123'));
  });

  void it('does not echo credentials embedded in the URL', async () => {
    const url = nats.url.replace('nats://', 'nats://jet:url-pw-456@');
    const e = await connectError({
      servers: [url],
      initialConnectTimeoutMs: 0,
      pass: undefined,
      tls: { caFile: certs.otherCa },
    });
    assert.ok(!e.message.includes('url-pw-456'), e.message);
  });
});
