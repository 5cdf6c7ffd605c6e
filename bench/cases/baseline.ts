/**
 * Baselines with the same client library, no jetflow code: A is raw JetStream done well (async publish
 * with msg ids in a bounded window, batched pull consume), B emulates the upstream design (await every
 * publish; fetch one message and ackAck it, one at a time).
 */
import { AckPolicy, jetstream, jetstreamManager, type Consumer, type JsMsg } from '@nats-io/jetstream';
import { STREAM_NAME } from '../../src/api/index.js';
import type { BenchBus } from '../lib/bus.js';
import { encodeEvent, eventSubject, nextId, sentAt } from '../lib/events.js';
import { latencySummary, paced, until } from '../lib/measure.js';

const SUBJECT = eventSubject('bench', 'ev');
const WINDOW = 256;

async function durable(bus: BenchBus, name: string): Promise<void> {
  const jsm = await jetstreamManager(bus.nc);
  await jsm.consumers.add(STREAM_NAME, { durable_name: name, ack_policy: AckPolicy.Explicit });
}

/** Events/s of `n` async publishes with at most 256 in flight (the stream is fresh). */
export async function baselineAPublish(bus: BenchBus, n: number): Promise<number> {
  const js = jetstream(bus.nc);
  const ring: Promise<unknown>[] = new Array<Promise<unknown>>(WINDOW);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    if (i >= WINDOW) await ring[i % WINDOW];
    const id = nextId();
    ring[i % WINDOW] = js.publish(SUBJECT, encodeEvent(id, 'bench', 'ev', 0), { msgID: id });
  }
  await Promise.all(ring);
  return (n / (performance.now() - t0)) * 1000;
}

/** Messages/s of a batched pull consume + ack of the `n` messages already in the stream. */
export async function baselineAConsume(bus: BenchBus, n: number): Promise<number> {
  await durable(bus, 'bench-a');
  const c = await jetstream(bus.nc).consumers.get(STREAM_NAME, 'bench-a');
  const t0 = performance.now();
  const it = await c.consume({ max_messages: WINDOW });
  let got = 0;
  for await (const m of it) {
    m.ack();
    if (++got >= n) break;
  }
  const rate = (n / (performance.now() - t0)) * 1000;
  await it.close();
  return rate;
}

/** Events/s when every publish is awaited before the next. */
export async function baselineBPublish(bus: BenchBus, n: number): Promise<number> {
  const js = jetstream(bus.nc);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const id = nextId();
    await js.publish(SUBJECT, encodeEvent(id, 'bench', 'ev', 0), { msgID: id });
  }
  return (n / (performance.now() - t0)) * 1000;
}

/**
 * Events/s end to end of the whole upstream design at once: an awaiting publisher feeding a consumer
 * that fetches one message and ackAcks it (on its own connection, as the sensor is another process),
 * from the first publish to the last ack. The analogue of jetflow's `pipeline single`.
 */
export async function baselineBPipeline(bus: BenchBus, n: number): Promise<number> {
  await durable(bus, 'bench-bp');
  const nc = await bus.connect('bench-b-sensor');
  try {
    const c = await jetstream(nc).consumers.get(STREAM_NAME, 'bench-bp');
    const js = jetstream(bus.nc);
    const t0 = performance.now();
    const consumed = fetchOneByOne(c, n);
    for (let i = 0; i < n; i++) {
      const id = nextId();
      await js.publish(SUBJECT, encodeEvent(id, 'bench', 'ev', 0), { msgID: id });
    }
    await consumed;
    return (n / (performance.now() - t0)) * 1000;
  } finally {
    await nc.close();
  }
}

/** Fetch one message at a time and ackAck it, until `n` were consumed. */
async function fetchOneByOne(c: Consumer, n: number): Promise<void> {
  let got = 0;
  while (got < n) {
    const batch = await c.fetch({ max_messages: 1, expires: 5000 });
    for await (const m of batch) {
      await m.ackAck();
      got++;
    }
  }
}

/** Messages/s of fetch(1) + ackAck per message over the `n` messages in the stream. */
export async function baselineBConsume(bus: BenchBus, n: number): Promise<number> {
  await durable(bus, 'bench-b');
  const c = await jetstream(bus.nc).consumers.get(STREAM_NAME, 'bench-b');
  const t0 = performance.now();
  await fetchOneByOne(c, n);
  return (n / (performance.now() - t0)) * 1000;
}

/** Publish→consume latency (ms) of baseline A at `rate`/s for `seconds`. */
export async function baselineALatency(bus: BenchBus, rate: number, seconds: number) {
  await durable(bus, 'bench-lat');
  const c = await jetstream(bus.nc).consumers.get(STREAM_NAME, 'bench-lat');
  const samples: number[] = [];
  const it = await c.consume({ max_messages: WINDOW });
  const reader = (async () => {
    for await (const m of it as AsyncIterable<JsMsg>) {
      samples.push(performance.now() - sentAt(m.data));
      m.ack();
    }
  })();
  const js = jetstream(bus.nc);
  const total = await paced(rate, seconds, () => {
    const id = nextId();
    void js.publish(SUBJECT, encodeEvent(id, 'bench', 'ev', performance.now()), { msgID: id });
  });
  await until(() => samples.length >= total, 30_000, 'baseline A latency messages');
  await it.close();
  await reader;
  return latencySummary(samples);
}
