import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensurePrivateDir } from './files.js';
import { busLayout } from './layout.js';
import { silentLogger } from './logger.js';
import { assignPorts, pickFreePort } from './ports.js';
import { readFileSync } from 'node:fs';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-ports-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('ports', () => {
  it('are remembered; a remembered port now taken is replaced with a warning', async () => {
    const layout = busLayout(dir, 'p1');
    await ensurePrivateDir(layout.busDir);
    const first = await assignPorts(layout, 2, '127.0.0.1', silentLogger);
    assert.equal(new Set(first.flatMap((p) => [p.client, p.cluster, p.monitor])).size, 6);
    assert.deepEqual(await assignPorts(layout, 2, '127.0.0.1', silentLogger), first);
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(first[1]!.client, '127.0.0.1', r));
    const warnings: string[] = [];
    try {
      const again = await assignPorts(layout, 2, '127.0.0.1', {
        ...silentLogger,
        warn: (_o, m) => warnings.push(m ?? ''),
      });
      assert.notEqual(again[1]!.client, first[1]!.client);
      assert.deepEqual({ ...again[1], client: 0 }, { ...first[1], client: 0 });
      assert.deepEqual(again[0], first[0]);
      assert.deepEqual(warnings, [
        `remembered client port ${first[1]!.client} is in use; using ${again[1]!.client}`,
      ]);
    } finally {
      blocker.close();
    }
  });

  it('picks ports below the ephemeral range, so no outgoing connection can hold them', async (t) => {
    let low: number;
    try {
      low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    } catch {
      return t.skip('no /proc ephemeral range on this OS');
    }
    const taken = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const port = await pickFreePort('127.0.0.1', taken);
      assert.ok(port >= 10_000 && port < low, `port ${port} outside [10000, ${low})`);
      assert.ok(!taken.has(port));
      taken.add(port);
    }
  });
});
