import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { ensureCertificates, generateBusCertificates, type BusCertificates } from './certs.js';
import { ensurePrivateDir } from './files.js';
import { busLayout } from './layout.js';

let certs: BusCertificates;
before(async () => {
  certs = await generateBusCertificates('default');
});

/** Handshake a Node TLS client that trusts only `caPem` with a server using `leaf`. */
async function handshake(
  leaf: { certPem: string; keyPem: string },
  caPem: string,
  host: string,
): Promise<void> {
  const server = tls.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as { port: number };
  try {
    await new Promise<void>((resolve, reject) => {
      const c = tls.connect(
        { host, port, ca: caPem, servername: host.includes(':') || /^\d/.test(host) ? undefined : host },
        () => {
          c.end();
          resolve();
        },
      );
      c.once('error', reject);
    });
  } finally {
    server.close();
  }
}

describe('generated certificates (ECDSA P-256)', () => {
  it('each leaf is signed by its CA and carries the local SANs', () => {
    for (const set of [certs.client, certs.cluster]) {
      const ca = new X509Certificate(set.caPem);
      const leaf = new X509Certificate(set.leaf.certPem);
      assert.ok(ca.ca);
      assert.ok(!leaf.ca);
      assert.ok(leaf.checkIssued(ca));
      assert.ok(leaf.verify(ca.publicKey));
      assert.equal(leaf.checkHost('localhost'), 'localhost');
      assert.equal(leaf.checkIP('127.0.0.1'), '127.0.0.1');
      assert.equal(leaf.checkIP('::1'), '::1');
      assert.equal(createPrivateKey(set.leaf.keyPem).asymmetricKeyType, 'ec');
      assert.match(set.leaf.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
      const years = (Date.parse(leaf.validTo) - Date.now()) / (365 * 86_400_000);
      assert.ok(years > 9.9 && years < 10.1, `valid ${years} years`);
    }
    // Routes authenticate both ways; the client-port leaf is server-only, as upstream.
    assert.deepEqual(new X509Certificate(certs.cluster.leaf.certPem).keyUsage?.sort(), [
      '1.3.6.1.5.5.7.3.1',
      '1.3.6.1.5.5.7.3.2',
    ]);
    assert.deepEqual(new X509Certificate(certs.client.leaf.certPem).keyUsage, ['1.3.6.1.5.5.7.3.1']);
  });

  it('a client trusting only the CA completes a TLS handshake by name and by IP', async () => {
    await handshake(certs.client.leaf, certs.client.caPem, 'localhost');
    await handshake(certs.client.leaf, certs.client.caPem, '127.0.0.1');
    await handshake(certs.client.leaf, certs.client.caPem, '::1');
  });

  it('the two CAs are independent: the cluster CA does not vouch for the client leaf', async () => {
    await assert.rejects(
      handshake(certs.client.leaf, certs.cluster.caPem, '127.0.0.1'),
      /self[- ]signed|unable to (verify|get)/i,
    );
  });
});

describe('ensureCertificates', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-certs-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes 0600 files once and reuses them; a missing file regenerates the set', async () => {
    const layout = busLayout(dir, 'b1');
    await ensurePrivateDir(layout.certsDir);
    await ensureCertificates(layout, 'b1');
    const ca1 = await readFile(layout.caFile, 'utf8');
    for (const f of [layout.caFile, layout.serverKeyFile, layout.clusterKeyFile])
      assert.equal((await stat(f)).mode & 0o777, 0o600, f);
    await ensureCertificates(layout, 'b1');
    assert.equal(await readFile(layout.caFile, 'utf8'), ca1);
    await rm(layout.clusterKeyFile);
    await ensureCertificates(layout, 'b1');
    assert.notEqual(await readFile(layout.caFile, 'utf8'), ca1);
  });
});
