/** The sftp driver against a real OpenSSH server (sshd with internal-sftp) started by the test. */
import assert from 'node:assert/strict';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SourceError } from '../../api/index.js';
import type { SFTPEventSource } from '../../api/index.js';
import { waitFor } from '../../../test/harness/index.js';
import { collectingContext } from '../file/testing.js';
import type { Listener } from '../types.js';
import { diffRemote, pollIntervalMs, sftpDriver } from './driver.js';
import { startSshd, type TestSshd } from './test-sshd.js';

const sel = (key: string) => ({ name: 'sftp', key });

void test('the listing diff: gone → REMOVE, new or changed size/mtime → CREATE', () => {
  const f = (name: string, size = 1, mtime = 1) => ({ name, size, mtime });
  assert.deepEqual(diffRemote([f('a'), f('b'), f('c')], [f('c', 2), f('b'), f('d')]), [
    { name: 'a', op: 'REMOVE' },
    { name: 'c', op: 'CREATE' },
    { name: 'd', op: 'CREATE' },
  ]);
  assert.equal(pollIntervalMs(undefined), 10_000);
  assert.equal(pollIntervalMs('soon'), 10_000);
  assert.equal(pollIntervalMs('250ms'), 250);
});

describe('sftp driver against sshd', () => {
  let sshd: TestSshd;
  let dir: string;
  const running: Listener[] = [];
  const env = (over: Record<string, string> = {}) => ({
    JETFLOW_SECRET_SFTP_USERNAME: sshd.user,
    JETFLOW_SECRET_SFTP_ADDRESS: sshd.address,
    JETFLOW_SECRET_SFTP_KEY: `${sshd.userKey}\n${sshd.hostKeyLine}\n`,
    JETFLOW_SECRET_SFTP_PASSWORD: 'not-the-password',
    ...over,
  });
  const config = (over: Partial<SFTPEventSource> = {}): SFTPEventSource => ({
    eventType: 'CREATE',
    watchPathConfig: { directory: `${dir}/`, pathRegexp: '.*' },
    username: sel('username'),
    address: sel('address'),
    sshKeySecret: sel('key'),
    pollIntervalDuration: '50ms',
    ...over,
  });
  const start = async (cfg: SFTPEventSource, e = env()) => {
    const c = collectingContext('sftp', cfg, e);
    running.push(await sftpDriver.start(c.ctx));
    return c;
  };

  before(async () => {
    sshd = await startSshd();
    dir = path.join(sshd.dataDir, 'watched');
    await mkdir(dir);
  });
  after(async () => {
    await Promise.all(running.splice(0).map((l) => l.stop()));
    await sshd?.stop();
  });

  test('CREATE and REMOVE by base name; entries present at start are not reported', async () => {
    await writeFile(path.join(dir, 'before.txt'), 'x');
    const created = await start(config({ metadata: { k: 'v' } }));
    const removed = await start(
      config({ eventType: 'REMOVE', watchPathConfig: { directory: `${dir}/`, path: 'x.txt' } }),
    );
    await mkdir(path.join(dir, 'subdir'));
    await writeFile(path.join(dir, 'x.txt'), 'hello');
    await waitFor(() => created.events.length >= 1);
    await appendFile(path.join(dir, 'x.txt'), ' world');
    await waitFor(() => created.events.length >= 2);
    await rm(path.join(dir, 'x.txt'));
    await waitFor(() => removed.events.length >= 1);
    assert.deepEqual(created.events.slice(0, 2), [
      { name: 'x.txt', op: 1, metadata: { k: 'v' } },
      { name: 'x.txt', op: 1, metadata: { k: 'v' } },
    ]);
    assert.deepEqual(removed.events, [{ name: 'x.txt', op: 4, metadata: null }]);
    assert.ok(!created.events.some((e: { name: string }) => e.name === 'before.txt' || e.name === 'subdir'));
  });

  test('a host key that is not the pinned one is refused', async () => {
    const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBP5NfHmxUlhnSzyJNh7bYPHTnkj8ZUrS6kmU6KQXUcA other';
    const c = collectingContext(
      'sftp',
      config(),
      env({ JETFLOW_SECRET_SFTP_KEY: `${sshd.userKey}\n${other}\n` }),
    );
    await assert.rejects(sftpDriver.start(c.ctx), (e: unknown) => {
      assert.ok(e instanceof SourceError);
      assert.match(e.message, /^sftp event source test-sftp\/example: .*(host|verif)/i);
      return true;
    });
  });

  test('password auth is tried when there is no sshKeySecret (a wrong password fails the start)', async () => {
    const c = collectingContext(
      'sftp',
      config({ sshKeySecret: undefined, password: sel('password') }),
      env(),
    );
    await assert.rejects(sftpDriver.start(c.ctx), /authentication methods failed/);
  });

  test('an unreadable directory fails the start', async () => {
    const c = collectingContext(
      'sftp',
      config({ watchPathConfig: { directory: '/nonexistent/', path: 'x' } }),
      env(),
    );
    await assert.rejects(sftpDriver.start(c.ctx), /failed to read directory \/nonexistent\/ for example/);
  });

  test('losing the server fails the running listener (the runtime restarts it)', async () => {
    const own = await startSshd();
    const c = collectingContext('sftp', config({ watchPathConfig: { directory: own.dataDir, path: 'x' } }), {
      ...env(),
      JETFLOW_SECRET_SFTP_ADDRESS: own.address,
      JETFLOW_SECRET_SFTP_KEY: `${own.userKey}\n${own.hostKeyLine}\n`,
    });
    const l = await sftpDriver.start(c.ctx);
    await own.stop();
    await assert.rejects(l.done!, /sftp connection closed|failed to read directory|connection/);
    await l.stop();
  });
});
