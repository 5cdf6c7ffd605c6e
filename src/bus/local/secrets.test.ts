import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { ensurePrivateDir } from './files.js';
import { busLayout } from './layout.js';
import { ensureSecrets, generateSecrets, randomString } from './secrets.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-secrets-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('secrets', () => {
  it('random strings are alphanumeric and differ', () => {
    const a = randomString(64);
    assert.match(a, /^[a-zA-Z0-9]{64}$/);
    assert.notEqual(a, randomString(64));
  });

  it('are generated once, reused, and written 0600 in upstream formats', async () => {
    const layout = busLayout(dir, 's1');
    await ensurePrivateDir(layout.authDir);
    const s1 = await ensureSecrets(layout);
    const s2 = await ensureSecrets(layout);
    assert.deepEqual(s2, s1);
    assert.match(s1.username, /^[a-zA-Z0-9]{8}$/);
    assert.match(s1.password, /^[a-zA-Z0-9]{16}$/);
    assert.match(s1.sysPassword, /^[a-zA-Z0-9]{24}$/);
    assert.deepEqual(parse(await readFile(layout.clientAuthFile, 'utf8')), {
      username: s1.username,
      password: s1.password,
    });
    const auth = await readFile(layout.authConfFile, 'utf8');
    assert.match(auth, /^system_account: sys$/m);
    assert.match(
      auth,
      new RegExp(
        `js \\{ jetstream: enabled, users: \\[\\{ user: "${s1.username}", password: "${s1.password}" \\}\\] \\}`,
      ),
    );
    assert.match(
      auth,
      new RegExp(`sys \\{ users: \\[\\{ user: "sys", password: "${s1.sysPassword}" \\}\\] \\}`),
    );
    for (const f of [layout.secretsFile, layout.clientAuthFile, layout.authConfFile])
      assert.equal((await stat(f)).mode & 0o777, 0o600);
    assert.equal((await stat(layout.authDir)).mode & 0o777, 0o700);
  });

  it('a corrupt secrets file is an error, never silently replaced (it guards the encryption key)', async () => {
    const layout = busLayout(dir, 's2');
    await ensurePrivateDir(layout.authDir);
    await writeFile(layout.secretsFile, '{"username": "x"}');
    await assert.rejects(ensureSecrets(layout), {
      reason: 'JetStreamAuthSecretsFailed',
      message: /secrets\.json is incomplete/,
    });
  });
});

describe('generated encryption key', () => {
  it('starts with a letter: nats-server reads a $JS_KEY starting with a digit as a number', () => {
    for (let i = 0; i < 500; i++) {
      const key = generateSecrets().encryptionKey;
      assert.match(key, /^[a-zA-Z][a-zA-Z0-9]{31}$/);
    }
  });
});
