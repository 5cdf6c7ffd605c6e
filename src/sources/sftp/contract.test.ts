/** The source contract (src/sources/contract.ts) for `sftp`, against a real sshd. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after } from 'node:test';
import { describeSourceContract } from '../contract.js';
import { startNats } from '../../../test/harness/index.js';
import { sftpDriver } from './index.js';
import { startSshd } from './test-sshd.js';

// Started before the suite is registered: the contract reads the secret values at registration.
const sshd = await startSshd();
after(() => sshd.stop());

const base = {
  eventType: 'CREATE',
  username: { name: 'sftp', key: 'user' },
  address: { name: 'sftp', key: 'address' },
  sshKeySecret: { name: 'sftp', key: 'key' },
  pollIntervalDuration: '50ms',
};

describeSourceContract({
  driver: sftpDriver,
  startBus: () => startNats(),
  config: () => ({ ...base, watchPathConfig: { directory: `${sshd.dataDir}/`, path: 'x.txt' } }),
  trigger: () => writeFile(path.join(sshd.dataDir, 'x.txt'), 'hi'),
  expectData: (data) => assert.deepEqual(data, { name: 'x.txt', op: 1, metadata: null }),
  secretEnv: {
    JETFLOW_SECRET_SFTP_USER: sshd.user,
    JETFLOW_SECRET_SFTP_ADDRESS: sshd.address,
    JETFLOW_SECRET_SFTP_KEY: `${sshd.userKey}\n${sshd.hostKeyLine}\n`,
  },
  failingConfig: () => ({ ...base, watchPathConfig: { directory: '/nonexistent/', path: 'x.txt' } }),
});
