import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { freePort, startNats, waitFor, type TestNats } from '../../harness/index.js';
import {
  campaign,
  connectBus,
  kvGet,
  kvPut,
  leaseHolder,
  LEASE_TTL_MS,
  openLeaseKv,
  type CampaignHandle,
  type KV,
  type NatsConnection,
} from '../../../src/bus/index.js';
import { leaseBucket } from '../../../src/api/names.js';

/** Tracks who acts as leader, and the largest number acting at once (must stay 1). */
class Leaders {
  active = new Set<string>();
  maxAtOnce = 0;
  events: { at: number; who: string; what: 'elected' | 'lost'; token?: number }[] = [];
  work(who: string) {
    return (signal: AbortSignal, token: number) => {
      this.active.add(who);
      this.maxAtOnce = Math.max(this.maxAtOnce, this.active.size);
      this.events.push({ at: performance.now(), who, what: 'elected', token });
      return new Promise<void>((resolve) =>
        signal.addEventListener('abort', () => {
          this.active.delete(who);
          this.events.push({ at: performance.now(), who, what: 'lost' });
          resolve();
        }),
      );
    };
  }
  only(): string | undefined {
    return this.active.size === 1 ? [...this.active][0] : undefined;
  }
}

/** A TCP proxy that can black-hole traffic (a partition the client does not notice at once). */
async function startProxy(target: number) {
  const port = await freePort();
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (d) => void (frozen || upstream.write(d)));
    upstream.on('data', (d) => void (frozen || client.write(d)));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `nats://127.0.0.1:${port}`,
    freeze: () => void (frozen = true),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

void describe('lease (leader election in KV)', { timeout: 120_000 }, () => {
  let nats: TestNats;
  const conns: NatsConnection[] = [];
  const handles: CampaignHandle[] = [];
  async function kvFor(url = nats.url): Promise<KV> {
    const nc = await connectBus({ servers: [url] });
    conns.push(nc);
    return openLeaseKv(nc);
  }
  async function start(key: string, who: string, leaders: Leaders, kv?: KV) {
    const h = await campaign({ kv: kv ?? (await kvFor()), key, holderId: who, onElected: leaders.work(who) });
    handles.push(h);
    return h;
  }
  before(async () => {
    nats = await startNats();
  });
  after(async () => {
    for (const h of handles) await h.stop().catch(() => undefined);
    for (const nc of conns) await nc.close().catch(() => undefined);
    await nats?.stop();
  });

  void it('2.9.10 keeps the bucket TTL (max_age) and expires a key that is not rewritten', async () => {
    const kv = await kvFor();
    assert.equal((await kv.status()).ttl, LEASE_TTL_MS);
    const jsm = await jetstreamManager(conns[0]!);
    const info = await jsm.streams.info(`KV_${leaseBucket()}`);
    assert.equal(info.config.max_age, LEASE_TTL_MS * 1_000_000);
    await kvPut(kv, 'ttl-probe', 'x');
    assert.ok(await kvGet(kv, 'ttl-probe'));
    await waitFor(async () => (await kvGet(kv, 'ttl-probe')) === null, {
      timeout: LEASE_TTL_MS * 2,
      message: 'key not expired by max_age',
    });
  });

  void it('elects exactly one of 3 candidates and keeps it through renewals', async () => {
    const leaders = new Leaders();
    const hs = await Promise.all(['a', 'b', 'c'].map((w) => start('one', w, leaders)));
    const who = await waitFor(() => leaders.only(), { timeout: 5000 });
    const kv = await kvFor();
    const first = await kvGet(kv, 'one');
    // three renewals later (revision grows by one per renewal) the same holder, nobody else ever
    await waitFor(async () => ((await kvGet(kv, 'one'))?.revision ?? 0) >= first!.revision + 3, {
      timeout: LEASE_TTL_MS * 3,
    });
    assert.equal(leaders.only(), who);
    assert.equal(leaders.maxAtOnce, 1);
    const rec = await leaseHolder(kv, 'one');
    assert.equal(rec?.holder, who);
    assert.equal(hs.filter((h) => h.leader).length, 1);
    await Promise.all(hs.map((h) => h.stop()));
    assert.equal(leaders.active.size, 0);
  });

  void it('an abandoned holder (killed, never released) is replaced within 5 s', async (t) => {
    const leaders = new Leaders();
    const kvA = await kvFor();
    const ncA = conns.at(-1)!;
    await start('abandon', 'a', leaders, kvA);
    await waitFor(() => leaders.only() === 'a');
    await start('abandon', 'b', leaders);
    await start('abandon', 'c', leaders);
    // like kill -9: the connection goes away, nothing is deleted
    const killedAt = performance.now();
    await ncA.close();
    await waitFor(() => ['b', 'c'].includes(leaders.only() ?? ''), {
      timeout: 5000,
      message: 'no failover within 5 s',
    });
    t.diagnostic(`failover after ${Math.round(performance.now() - killedAt)} ms`);
    assert.equal(leaders.maxAtOnce, 1);
    const tokens = leaders.events.filter((e) => e.what === 'elected').map((e) => e.token!);
    assert.ok(tokens[1]! > tokens[0]!, `fencing tokens grow: ${tokens.join(',')}`);
  });

  void it('a clean stop releases at once (no wait for the TTL)', async () => {
    const leaders = new Leaders();
    const a = await start('clean', 'a', leaders);
    await waitFor(() => leaders.only() === 'a');
    await start('clean', 'b', leaders);
    const kv = await kvFor();
    await a.stop();
    assert.equal(await kvGet(kv, 'clean'), null, 'stop deletes the lease');
    // the successor is elected on its next attempt, well before the key could have expired
    await waitFor(() => leaders.only() === 'b', { timeout: LEASE_TTL_MS / 2 });
  });

  void it('a partitioned holder fences itself before anyone else is elected', async () => {
    const leaders = new Leaders();
    const proxy = await startProxy(nats.port);
    try {
      await start('partition', 'a', leaders, await kvFor(proxy.url));
      await waitFor(() => leaders.only() === 'a');
      await start('partition', 'b', leaders);
      proxy.freeze();
      await waitFor(() => leaders.only() === 'b', { timeout: LEASE_TTL_MS * 3 });
      const lostA = leaders.events.find((e) => e.who === 'a' && e.what === 'lost');
      const electedB = leaders.events.find((e) => e.who === 'b' && e.what === 'elected');
      assert.ok(lostA && electedB);
      assert.ok(lostA.at < electedB.at, 'a stopped acting before b started');
      assert.equal(leaders.maxAtOnce, 1);
    } finally {
      await proxy.close();
    }
  });
});
