/** The file driver on real files in temp dirs, with inotify (`fs.watch`) and with polling. */
import assert from 'node:assert/strict';
import { appendFile, chmod, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { SourceError } from '../../api/index.js';
import type { FileEventSource } from '../../api/index.js';
import type { Listener } from '../types.js';
import { waitFor } from '../../../test/harness/index.js';
import { fileDriver } from './driver.js';
import { collectingContext, type CollectingContext } from './testing.js';

const OPS = ['CREATE', 'WRITE', 'REMOVE', 'RENAME', 'CHMOD'] as const;

describe('file driver', () => {
  let dir: string;
  const running: Listener[] = [];
  const start = async (cfg: Partial<FileEventSource> & { eventType: string }) => {
    const c = collectingContext<FileEventSource>('file', {
      watchPathConfig: { directory: `${dir}/`, pathRegexp: '.*' },
      ...cfg,
    });
    running.push(await fileDriver.start(c.ctx));
    return c;
  };
  const names = (c: CollectingContext<FileEventSource>) =>
    c.events.map((e: { name: string }) => path.relative(dir, e.name) || e.name);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-file-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((l) => l.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  for (const polling of [false, true]) {
    test(`${polling ? 'polling' : 'inotify'}: each operation is reported with its op bit`, async () => {
      const byOp = Object.fromEntries(
        await Promise.all(OPS.map(async (op) => [op, await start({ eventType: op, polling })])),
      );
      const a = path.join(dir, 'a.txt');
      const b = path.join(dir, 'b.txt');
      // Polling sees states 100 ms apart: wait for each step so none is folded into the next.
      await writeFile(a, 'hello');
      await waitFor(() => byOp.CREATE.events.length >= 1);
      // Each listener polls on its own: under load the CHMOD listener's first listing of a.txt can come
      // after a single chmod (it then never sees the old mode), so the mode is toggled until it reports.
      let mode = 0o600;
      await waitFor(async () => {
        if (byOp.CHMOD.events.length >= 1) return true;
        await chmod(a, mode);
        mode = mode === 0o600 ? 0o640 : 0o600;
        return false;
      });
      await rename(a, b);
      await waitFor(() => byOp.RENAME.events.length >= 1);
      await appendFile(b, ' world');
      await waitFor(() => byOp.WRITE.events.some((e: { name: string }) => e.name.endsWith('b.txt')));
      await rm(b);
      await waitFor(() => byOp.REMOVE.events.length >= 1);
      const expectName = (n: string) => (polling ? n : path.join(dir, n));
      assert.deepEqual(byOp.CREATE.events[0], { name: expectName('a.txt'), op: 1, metadata: null });
      assert.deepEqual(byOp.CHMOD.events[0], { name: expectName('a.txt'), op: 16, metadata: null });
      assert.deepEqual(byOp.RENAME.events[0], { name: expectName('a.txt'), op: 8, metadata: null });
      assert.deepEqual(byOp.WRITE.events.at(-1), { name: expectName('b.txt'), op: 2, metadata: null });
      assert.deepEqual(byOp.REMOVE.events, [{ name: expectName('b.txt'), op: 4, metadata: null }]);
      if (!polling)
        assert.deepEqual(
          names(byOp.CREATE),
          ['a.txt', 'b.txt'],
          'fsnotify reports the rename target as CREATE',
        );
    });
  }

  test('path is compared exactly after removing the directory string; metadata is copied', async () => {
    const exact = await start({
      eventType: 'CREATE',
      watchPathConfig: { directory: `${dir}/`, path: 'x.txt' },
      metadata: { k: 'v' },
    });
    const all = await start({ eventType: 'CREATE' });
    await writeFile(path.join(dir, 'y.txt'), '');
    await writeFile(path.join(dir, 'x.txt'), '');
    await waitFor(() => exact.events.length === 1 && all.events.length === 2);
    assert.deepEqual(exact.events, [{ name: path.join(dir, 'x.txt'), op: 1, metadata: { k: 'v' } }]);
  });

  test('without a trailing slash the relative path keeps its leading "/" (upstream quirk)', async () => {
    const noSlash = await start({ eventType: 'CREATE', watchPathConfig: { directory: dir, path: 'x.txt' } });
    const re = await start({
      eventType: 'CREATE',
      watchPathConfig: { directory: dir, pathRegexp: '^/x\\.txt$' },
    });
    await writeFile(path.join(dir, 'x.txt'), '');
    await waitFor(() => re.events.length === 1);
    assert.equal(noSlash.events.length, 0);
  });

  test('a stopped listener reports nothing more', async () => {
    const stopped = await start({ eventType: 'CREATE' });
    const witness = await start({ eventType: 'CREATE' });
    await running.shift()!.stop();
    await writeFile(path.join(dir, 'late.txt'), '');
    await waitFor(() => witness.events.length === 1);
    assert.equal(stopped.events.length, 0);
  });

  test('a missing directory or a bad regexp is a start error naming the event', async () => {
    const c = collectingContext<FileEventSource>('file', {
      eventType: 'CREATE',
      watchPathConfig: { directory: '/nonexistent/jetflow/', path: 'x' },
    });
    await assert.rejects(fileDriver.start(c.ctx), (e: unknown) => {
      assert.ok(e instanceof SourceError);
      assert.match(
        e.message,
        /^file event source test-file\/example: failed to add directory \/nonexistent\/jetflow\//,
      );
      return true;
    });
    const r = collectingContext<FileEventSource>('file', {
      eventType: 'CREATE',
      watchPathConfig: { directory: dir, pathRegexp: '(' },
    });
    await assert.rejects(fileDriver.start(r.ctx), /failed to match file path with configured regex \(/);
  });

  test('polling: the directory disappearing fails the listener (the runtime restarts it)', async () => {
    const c = collectingContext<FileEventSource>('file', {
      eventType: 'CREATE',
      polling: true,
      watchPathConfig: { directory: dir, path: 'x' },
    });
    const l = await fileDriver.start(c.ctx);
    running.push(l);
    await rm(dir, { recursive: true });
    await assert.rejects(l.done!, /failed to process example/);
  });
});
