/** Upstream's file example (examples/argo-events/event-sources/file.yaml) runs, with its directory overridden. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadFile } from '../../api/index.js';
import type { EventSource } from '../../api/index.js';
import { upstreamExamples, waitFor } from '../../../test/harness/index.js';
import { fileDriver } from './driver.js';
import { collectingContext } from './testing.js';

void test('file.yaml: CREATE of x.txt in the watched directory', async () => {
  const [doc] = await loadFile(path.join(upstreamExamples, 'event-sources/file.yaml'));
  const spec = (doc!.resource as EventSource).spec;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-file-example-'));
  try {
    for (const [name, cfg] of Object.entries(spec.file ?? {})) {
      assert.equal(cfg.watchPathConfig.directory, '/test-data/', name);
      const c = collectingContext('file', {
        ...cfg,
        watchPathConfig: { ...cfg.watchPathConfig, directory: `${dir}/` },
      });
      const l = await fileDriver.start(c.ctx);
      await writeFile(path.join(dir, 'x.txt'), 'data');
      await waitFor(() => c.events.length === 1);
      await l.stop();
      assert.deepEqual(c.events[0], { name: path.join(dir, 'x.txt'), op: 1, metadata: null });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
