/**
 * Micro-benchmark: stock `js.publish` (a window of promises) against the pipelined {@link Publisher},
 * on one local nats-server with a file-backed stream. Run: `npx tsx bench/publisher.ts [messages] [window]`.
 * Never part of the test suite; numbers depend on the machine.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { startNats } from '../test/harness/index.js';
import {
  connectBus,
  ensureStream,
  mergeStreamConfig,
  Publisher,
  ZERO_STREAM_SETTINGS,
} from '../src/bus/index.js';
import { STREAM_NAME } from '../src/api/names.js';

const N = Number(process.argv[2] ?? 100_000);
const W = Number(process.argv[3] ?? 1024);
const body = new TextEncoder().encode(
  JSON.stringify({
    specversion: '1.0',
    id: '0'.repeat(32),
    source: 'webhook',
    type: 'webhook',
    subject: 'example',
    data: { body: { message: 'hello' } },
  }),
);

const nats = await startNats();
const nc = await connectBus({ servers: [nats.url] });
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);
await ensureStream(jsm, mergeStreamConfig(ZERO_STREAM_SETTINGS, 'duplicates: 2m').settings, {
  jetStreamServers: 1,
});

let run = 0;
async function timed(name: string, fn: (prefix: string) => Promise<void>): Promise<number> {
  await jsm.streams.purge(STREAM_NAME);
  const prefix = `r${run++}-`;
  const t0 = process.hrtime.bigint();
  await fn(prefix);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const stored = (await jsm.streams.info(STREAM_NAME)).state.messages;
  if (stored !== N) throw new Error(`${name}: stored ${stored} of ${N}`);
  const rate = Math.round((N / ms) * 1000);
  console.log(`${name.padEnd(34)} ${String(rate).padStart(8)} msg/s  (${ms.toFixed(0)} ms)`);
  return rate;
}

/** Stock client: js.publish per message, at most W promises outstanding. */
const stock = (prefix: string) => async () => {
  const ring: Promise<unknown>[] = new Array(W);
  for (let i = 0; i < N; i++) {
    if (i >= W) await ring[i % W];
    ring[i % W] = js.publish('default.bench.ev', body, { msgID: prefix + i });
  }
  await Promise.all(ring);
};

/** Fast publisher, callback form with waitForSlot back-pressure. */
const fastCb = (prefix: string) => async () => {
  const pub = new Publisher(nc, { window: W });
  let failed = 0;
  const cb = (err: unknown) => {
    if (err) failed++;
  };
  for (let i = 0; i < N; i++) {
    if (pub.full) await pub.waitForSlot();
    pub.publishCb('default.bench.ev', body, prefix + i, cb);
  }
  await pub.drain();
  if (failed) throw new Error(`${failed} failed`);
};

/** Fast publisher, promise form, same ring as the stock run. */
const fastPromise = (prefix: string) => async () => {
  const pub = new Publisher(nc, { window: W });
  const ring: Promise<unknown>[] = new Array(W);
  for (let i = 0; i < N; i++) {
    if (i >= W) await ring[i % W];
    ring[i % W] = pub.publish('default.bench.ev', body, prefix + i);
  }
  await Promise.all(ring);
  await pub.drain();
};

console.log(
  `${N} messages of ${body.length} bytes, window ${W}, nats-server ${nc.info?.version}, file storage`,
);
const results: Record<string, number[]> = { stock: [], cb: [], promise: [] };
for (let round = 0; round < 3; round++) {
  results.stock.push(await timed('js.publish (promise window)', (p) => stock(p)()));
  results.cb.push(await timed('Publisher.publishCb (waitForSlot)', (p) => fastCb(p)()));
  results.promise.push(await timed('Publisher.publish (promise window)', (p) => fastPromise(p)()));
}
const best = (k: string) => Math.max(...results[k]);
console.log(
  `best of 3: stock ${best('stock')}, fast cb ${best('cb')} (x${(best('cb') / best('stock')).toFixed(2)}), fast promise ${best('promise')} (x${(best('promise') / best('stock')).toFixed(2)})`,
);
await nc.close();
await nats.stop();
