import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SecretStore, secretEnvName } from './secrets.js';
import { SecretNotFoundError } from './errors.js';

const meta = (name: string) => ({ name });

test('secrets resolve from documents, then the secrets dir, then the environment', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-secrets-'));
  try {
    await mkdir(path.join(dir, 'from-dir'));
    await writeFile(path.join(dir, 'from-dir', 'token'), 'dir-value\n');
    const store = new SecretStore({
      secrets: [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: meta('doc'),
          data: { a: Buffer.from('b64-value').toString('base64') },
          stringData: { b: 'plain' },
        },
      ],
      configMaps: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cm'), data: { k: 'v' } }],
      secretsDir: dir,
      env: { [secretEnvName('SECRET', 'from-env', 'pass.word')]: 'env-value' },
    });
    assert.equal(store.secret({ name: 'doc', key: 'a' }), 'b64-value');
    assert.equal(store.secret({ name: 'doc', key: 'b' }), 'plain');
    assert.equal(
      store.secret({ name: 'from-dir', key: 'token' }),
      'dir-value',
      'one trailing newline stripped',
    );
    assert.equal(store.secret({ name: 'from-env', key: 'pass.word' }), 'env-value');
    assert.equal(store.configMap({ name: 'cm', key: 'k' }), 'v');
    assert.equal(secretEnvName('SECRET', 'from-env', 'pass.word'), 'JETFLOW_SECRET_FROM_ENV_PASS_WORD');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a missing secret names the secret, the key and every place looked, never a value', () => {
  const store = new SecretStore({ secretsDir: '/nonexistent', env: {} });
  assert.throws(
    () => store.secret({ name: 'webhook-auth', key: 'token' }),
    (err: unknown) =>
      err instanceof SecretNotFoundError &&
      err.message ===
        'secret "webhook-auth" key "token" not found (looked in: Secret documents, /nonexistent/webhook-auth/token, $JETFLOW_SECRET_WEBHOOK_AUTH_TOKEN)',
  );
});
