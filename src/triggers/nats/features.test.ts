import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { connect, nkeys } from '@nats-io/transport-node';
import { startNats, upstreamExamples } from '../../../test/harness/index.js';
import { TriggerError } from '../../api/index.js';
import type { NATSTrigger } from '../../api/index.js';
import { generateBusCertificates } from '../../bus/local/index.js';
import {
  captureLogs,
  contractContext,
  exampleTriggers,
  expectFailure,
  makeEvent,
  resolvedTypeObject,
  secretStoreOf,
} from '../contract.js';
import type { TriggerEvent } from '../types.js';
import { createNatsDriver } from './driver.js';
import { natsTemplate, operatorSetup, subscriber, USERS } from './testing.js';

async function publishOnce(
  t: NATSTrigger,
  secrets: Record<string, Record<string, string>>,
  events: Record<string, TriggerEvent> = { 'test-dep': makeEvent({ body: { message: 'hi' } }) },
) {
  const cap = captureLogs();
  const ctx = contractContext('nats', cap, secretStoreOf(secrets));
  const prepared = await createNatsDriver({ timeoutMs: 3000 }).prepare(t, ctx);
  try {
    return await prepared.execute(t, events, ctx);
  } finally {
    await prepared.close();
  }
}

describe('nats trigger', () => {
  it('token auth', async () => {
    const nats = await startNats({ jetstream: false, config: 'authorization { token: "s3cr3t-token" }' });
    const sub = await subscriber(nats.url, 'minio-events', { token: 's3cr3t-token' });
    await publishOnce(natsTemplate(nats.url, { auth: { token: { name: 'n', key: 'token' } } }), {
      n: { token: 's3cr3t-token' },
    });
    assert.deepEqual((await sub.next()).json(), { message: 'hi' });
    await sub.close();
    await nats.stop();
  });

  it('nkey auth (the secret holds the seed)', async () => {
    const user = nkeys.createUser();
    const reader = nkeys.createUser();
    const nats = await startNats({
      jetstream: false,
      config: `authorization { users = [ { nkey: ${user.getPublicKey()} }, { nkey: ${reader.getPublicKey()} } ] }`,
    });
    const nc = await connect({
      servers: nats.url,
      authenticator: (await import('@nats-io/transport-node')).nkeyAuthenticator(reader.getSeed()),
    });
    const got: unknown[] = [];
    nc.subscribe('minio-events', { callback: (_e, m) => void got.push(m.json()) });
    await nc.flush();
    const seed = `# an nkey seed file\n${new TextDecoder().decode(user.getSeed())}\n`;
    await publishOnce(natsTemplate(nats.url, { auth: { nkey: { name: 'n', key: 'seed' } } }), {
      n: { seed },
    });
    await nc.flush();
    assert.deepEqual(got, [{ message: 'hi' }]);
    await nc.close();
    await nats.stop();
  });

  it('credentials auth (the secret holds a creds file; operator-mode server)', async () => {
    const { config, creds } = operatorSetup();
    const nats = await startNats({ jetstream: false, config });
    const { credsAuthenticator } = await import('@nats-io/transport-node');
    const nc = await connect({
      servers: nats.url,
      authenticator: credsAuthenticator(new TextEncoder().encode(creds)),
    });
    const got: unknown[] = [];
    nc.subscribe('minio-events', { callback: (_e, m) => void got.push(m.json()) });
    await nc.flush();
    await publishOnce(natsTemplate(nats.url, { auth: { credential: { name: 'n', key: 'creds' } } }), {
      n: { creds },
    });
    await nc.flush();
    assert.deepEqual(got, [{ message: 'hi' }]);
    await nc.close();
    await nats.stop();
  });

  it('TLS with the CA from caCertSecret; a server the CA does not vouch for is not retryable', async () => {
    const certs = await generateBusCertificates('nats-trigger-test');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-nats-tls-'));
    const files = { cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server-key.pem') };
    await writeFile(files.cert, certs.client.leaf.certPem);
    await writeFile(files.key, certs.client.leaf.keyPem, { mode: 0o600 });
    const nats = await startNats({
      jetstream: false,
      config: `tls { cert_file: "${files.cert}", key_file: "${files.key}" }`,
    });
    try {
      const sub = await subscriber(nats.url, 'minio-events', { tls: { ca: certs.client.caPem } });
      const secrets = { tls: { ca: certs.client.caPem, other: certs.cluster.caPem } };
      await publishOnce(
        natsTemplate(nats.url, { auth: undefined, tls: { caCertSecret: { name: 'tls', key: 'ca' } } }),
        secrets,
      );
      assert.deepEqual((await sub.next()).json(), { message: 'hi' });
      await sub.close();
      const cap = captureLogs();
      const ctx = contractContext('nats', cap, secretStoreOf(secrets));
      const wrongCa = natsTemplate(nats.url, {
        auth: undefined,
        tls: { caCertSecret: { name: 'tls', key: 'other' } },
      });
      const err = await expectFailure(createNatsDriver({ timeoutMs: 3000 }), wrongCa, ctx, cap);
      assert.equal(err.retryable, false, err.message);
    } finally {
      await nats.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('publishes to the template subject even when nats.parameters set another one (upstream)', async () => {
    const nats = await startNats({ jetstream: false, config: USERS });
    const sub = await subscriber(nats.url, '>');
    const t = natsTemplate(nats.url, {
      parameters: [{ src: { dependencyName: 'test-dep', value: 'elsewhere' }, dest: 'subject' }],
    });
    await publishOnce(t, { 'nats-auth': { user: 'nats-trig-user', password: 'nats-pa55word-trigger' } });
    assert.equal((await sub.next()).subject, 'minio-events');
    await sub.close();
    await nats.stop();
  });

  it('keeps working after the server restarts: failures meanwhile are retryable, then it delivers', async () => {
    const nats = await startNats({ jetstream: false, config: USERS });
    const secrets = secretStoreOf({
      'nats-auth': { user: 'nats-trig-user', password: 'nats-pa55word-trigger' },
    });
    const cap = captureLogs();
    const ctx = contractContext('nats', cap, secrets);
    const t = natsTemplate(nats.url);
    const prepared = await createNatsDriver({ timeoutMs: 5000 }).prepare(t, ctx);
    const sub = { close: async () => {} } as Awaited<ReturnType<typeof subscriber>>;
    try {
      await prepared.execute(t, { 'test-dep': makeEvent({ body: { message: 'before' } }) }, ctx);
      await nats.kill();
      await nats.restart();
      Object.assign(sub, await subscriber(nats.url, 'minio-events'));
      // What the engine does with atLeastOnce: attempts until one succeeds, stopping on a non-retryable error.
      let failures = 0;
      for (;;) {
        try {
          await prepared.execute(t, { 'test-dep': makeEvent({ body: { message: 'after' } }) }, ctx);
          break;
        } catch (err) {
          assert.ok(err instanceof TriggerError && err.retryable, String(err));
          assert.ok(++failures < 5, 'delivers within a few attempts');
        }
      }
      assert.deepEqual((await sub.next()).json(), { message: 'after' });
    } finally {
      await prepared.close();
      await sub.close();
      await nats.stop();
    }
  });

  it('upstream trigger-nats-messages.yaml publishes fileName and bucket of a minio event', async () => {
    const [trigger] = await exampleTriggers(upstreamExamples, 'trigger-nats-messages.yaml');
    const nats = await startNats({ jetstream: false });
    const sub = await subscriber(nats.url, 'minio-events', {});
    const events = {
      'test-dep': makeEvent({
        notification: [{ s3: { bucket: { name: 'photos' }, object: { key: 'a.jpg' } } }],
      }),
    };
    const t = resolvedTypeObject<NATSTrigger>(trigger!, 'nats', events, (tpl) => {
      // Upstream writes `host:port` without a scheme: keep that form, aimed at the local server.
      tpl.nats!.url = `127.0.0.1:${nats.port}`;
    });
    await publishOnce(t, {}, events);
    assert.deepEqual((await sub.next()).json(), { fileName: 'a.jpg', bucket: 'photos' });
    await sub.close();
    await nats.stop();
  });
});
