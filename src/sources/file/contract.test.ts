/** The source contract (src/sources/contract.ts) for `file`: creating a file in a temp dir. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { describeSourceContract } from '../contract.js';
import { startNats } from '../../../test/harness/index.js';
import { fileDriver } from './index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'jetflow-file-contract-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describeSourceContract({
  driver: fileDriver,
  startBus: () => startNats(),
  config: () => ({ eventType: 'CREATE', watchPathConfig: { directory: `${dir}/`, path: 'x.txt' } }),
  trigger: () => writeFile(path.join(dir, 'x.txt'), 'hi'),
  expectData: (data) => assert.deepEqual(data, { name: path.join(dir, 'x.txt'), op: 1, metadata: null }),
  failingConfig: () => ({
    eventType: 'CREATE',
    watchPathConfig: { directory: path.join(dir, 'missing/'), path: 'x.txt' },
  }),
});
