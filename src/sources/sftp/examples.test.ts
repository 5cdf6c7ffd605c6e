/**
 * Upstream's sftp example (examples/argo-events/event-sources/sftp.yaml) against a real sshd, with the
 * address secret and directory overridden. OpenSSH checks passwords against the system's accounts, which
 * a test must not touch: the example's password login is shown to reach the server and be refused, then
 * the same event runs with an `sshKeySecret` added (the only other change) and reports the CREATE.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadFile } from '../../api/index.js';
import type { EventSource } from '../../api/index.js';
import { upstreamExamples, waitFor } from '../../../test/harness/index.js';
import { collectingContext } from '../file/testing.js';
import { sftpDriver } from './driver.js';
import { startSshd, type TestSshd } from './test-sshd.js';

let sshd: TestSshd;
before(async () => (sshd = await startSshd()));
after(() => sshd?.stop());

void test(
  'sftp.yaml: password login reaches sshd; with a key the CREATE of x.txt is reported',
  { timeout: 30_000 },
  async () => {
    const [doc] = await loadFile(path.join(upstreamExamples, 'event-sources/sftp.yaml'));
    const events = Object.entries((doc!.resource as EventSource).spec.sftp ?? {});
    assert.equal(events.length, 1);
    const [, cfg] = events[0]!;
    assert.equal(cfg.watchPathConfig.directory, '/test-data/');
    const env = {
      JETFLOW_SECRET_USERNAME_USERNAME: sshd.user,
      JETFLOW_SECRET_PASSWORD_PASSWORD: 'example-password',
      JETFLOW_SECRET_ADDRESS_ADDRESS: sshd.address,
      JETFLOW_SECRET_KEY_KEY: `${sshd.userKey}\n${sshd.hostKeyLine}\n`,
    };
    const overridden = { ...cfg, watchPathConfig: { ...cfg.watchPathConfig, directory: `${sshd.dataDir}/` } };
    const asIs = collectingContext('sftp', overridden, env);
    await assert.rejects(sftpDriver.start(asIs.ctx), /authentication methods failed/);

    const c = collectingContext('sftp', { ...overridden, sshKeySecret: { name: 'key', key: 'key' } }, env);
    const l = await sftpDriver.start(c.ctx);
    await writeFile(path.join(sshd.dataDir, 'x.txt'), 'data');
    await waitFor(() => c.events.length === 1, { timeout: 15_000 });
    await l.stop();
    assert.deepEqual(c.events[0], { name: 'x.txt', op: 1, metadata: null });
  },
);
