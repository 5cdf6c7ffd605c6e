/**
 * `jetstreamExotic`: an existing JetStream server named by an EventBus resource, reached with the
 * credentials and certificates its secrets hold (Secret documents beside the resources, as a local user
 * keeps them). Servers are started here, separately from jetflow: with TLS and a token, and plain with
 * user/password.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadText, SecretStore, type EventBus, type Secret } from '../../../src/api/index.js';
import {
  connectBus,
  ensureStream,
  exoticConnect,
  jetstreamManager,
  DEFAULT_STREAM_SETTINGS,
  type BusConnectOptions,
} from '../../../src/bus/index.js';
import { generateBusCertificates } from '../../../src/bus/local/index.js';
import { startNats, type TestNats } from '../../harness/index.js';

const TOKEN = 's3cr3t-token-for-exotic-test';

/** Parse an EventBus and its Secrets from YAML, and resolve its connection options. */
function resolve(yaml: string): BusConnectOptions {
  const docs = loadText(yaml, 'bus.yaml');
  for (const d of docs)
    assert.deepEqual(
      d.issues.filter((i) => i.severity === 'error'),
      [],
      `${d.kind} ${d.name}`,
    );
  const bus = docs.find((d) => d.kind === 'EventBus')!.resource as EventBus;
  const secrets = new SecretStore({
    secrets: docs.filter((d) => d.kind === 'Secret').map((d) => d.resource as Secret),
  });
  return exoticConnect(bus.metadata.name, bus.spec.jetstreamExotic!, secrets);
}

const indent = (pem: string, n: number) =>
  pem
    .trim()
    .split('\n')
    .join(`\n${' '.repeat(n)}`);

describe('jetstreamExotic bus', () => {
  let tlsServer: TestNats;
  let plainServer: TestNats;
  let caPem: string;

  before(async () => {
    const certs = await generateBusCertificates('exotic');
    caPem = certs.client.caPem;
    plainServer = await startNats({
      config: 'authorization { users: [ { user: app, password: "app-pass" } ] }',
    });
    const dir = plainServer.dir;
    await writeFile(path.join(dir, 'server-cert.pem'), certs.client.leaf.certPem);
    await writeFile(path.join(dir, 'server-key.pem'), certs.client.leaf.keyPem);
    tlsServer = await startNats({
      config: [
        `tls { cert_file: "${path.join(dir, 'server-cert.pem')}", key_file: "${path.join(dir, 'server-key.pem')}" }`,
        `authorization { token: "${TOKEN}" }`,
      ].join('\n'),
    });
  });

  after(async () => {
    await tlsServer?.stop();
    await plainServer?.stop();
  });

  it('connects with TLS verified by the CA secret and a token secret, and creates the stream', async () => {
    const opts = resolve(`apiVersion: argoproj.io/v1alpha1
kind: EventBus
metadata: {name: default}
spec:
  jetstreamExotic:
    url: ${tlsServer.url}
    accessSecret: {name: bus-auth, key: auth}
    tls:
      caCertSecret: {name: bus-tls, key: ca.crt}
---
apiVersion: v1
kind: Secret
metadata: {name: bus-auth}
stringData:
  auth: "token: ${TOKEN}"
---
apiVersion: v1
kind: Secret
metadata: {name: bus-tls}
stringData:
  ca.crt: |
    ${indent(caPem, 4)}
`);
    assert.equal((opts as { token?: string }).token, TOKEN);
    const nc = await connectBus({ ...opts, initialConnectTimeoutMs: 5000 });
    try {
      const r = await ensureStream(await jetstreamManager(nc), { ...DEFAULT_STREAM_SETTINGS, replicas: 1 });
      assert.ok(r);
    } finally {
      await nc.close();
    }
  });

  it('connects in plain TCP with user/password from the access secret (no tls section: no TLS forced)', async () => {
    const opts = resolve(`apiVersion: argoproj.io/v1alpha1
kind: EventBus
metadata: {name: default}
spec:
  jetstreamExotic:
    url: ${plainServer.url}
    accessSecret: {name: bus-auth, key: auth}
---
apiVersion: v1
kind: Secret
metadata: {name: bus-auth}
stringData:
  auth: |
    Username: app
    Password: app-pass
`);
    const nc = await connectBus({ ...opts, initialConnectTimeoutMs: 5000 });
    await nc.close();
  });

  it('bad credentials and a bad URL give clear errors that never contain the secret', async () => {
    await assert.rejects(
      connectBus({
        servers: [tlsServer.url],
        token: 'wrong-token-value',
        tls: { ca: caPem },
        initialConnectTimeoutMs: 3000,
      }),
      (err: Error) => /auth/i.test(err.message) && !err.message.includes('wrong-token-value'),
    );
    await assert.rejects(
      connectBus({
        servers: [plainServer.url],
        user: 'app',
        pass: 'not-the-password',
        initialConnectTimeoutMs: 3000,
      }),
      (err: Error) => /auth/i.test(err.message) && !err.message.includes('not-the-password'),
    );
    await assert.rejects(
      connectBus({ servers: ['nats://bad host:x'], initialConnectTimeoutMs: 1000 }),
      (err: Error) => /url/i.test(err.message),
    );
    // A server that requires TLS, with a CA that did not sign its certificate.
    const other = await generateBusCertificates('other');
    await assert.rejects(
      connectBus({
        servers: [tlsServer.url],
        token: TOKEN,
        tls: { ca: other.client.caPem },
        initialConnectTimeoutMs: 3000,
      }),
      (err: Error) => /tls|certificate/i.test(err.message) && !err.message.includes(TOKEN),
    );
  });
});
