/** Shared fixtures of the event source integration tests: a real JetStream, a host, HTTP requests. */
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { SecretStore } from '../../../src/api/secrets.js';
import type { SourceType } from '../../../src/api/source-types.js';
import {
  connectBus,
  DEFAULT_STREAM_SETTINGS,
  ensureStream,
  jetstreamManager,
  Publisher,
  type NatsConnection,
} from '../../../src/bus/index.js';
import { memoryLogger, storedEvents } from '../../../src/sources/contract.js';
import { EventSourceHost, SOURCE_DRIVERS } from '../../../src/sources/index.js';
import { startNats, waitFor, type TestNats } from '../../harness/index.js';

export { storedEvents, memoryLogger };

/** A private nats-server with the bus stream, a connection and a publisher. */
export interface BusFixture {
  nats: TestNats;
  nc: NatsConnection;
  publisher: Publisher;
  stop(): Promise<void>;
}

export async function startBus(publisherDeadlineMs = 5000): Promise<BusFixture> {
  const nats = await startNats();
  const nc = await connectBus({ servers: [nats.url], reconnectBaseMs: 50, reconnectMaxMs: 250 });
  await ensureStream(await jetstreamManager(nc), { ...DEFAULT_STREAM_SETTINGS, replicas: 1 });
  const publisher = new Publisher(nc, { deadlineMs: publisherDeadlineMs, ackTimeoutMs: 1000 });
  return {
    nats,
    nc,
    publisher,
    async stop() {
      publisher.close();
      await nc.close();
      await nats.stop();
    },
  };
}

export interface HostFixture {
  host: EventSourceHost;
  registry: Registry;
  logger: Logger;
  records: Record<string, unknown>[];
}

/** Start an EventSource `name` with `spec` on `bus`; resolves when every listener receives. */
export async function startHost(
  bus: BusFixture,
  name: string,
  spec: Partial<Record<SourceType, Record<string, unknown>>>,
  opts: { env?: Record<string, string>; registry?: Registry; namespace?: string } = {},
): Promise<HostFixture> {
  const { logger, records } = memoryLogger();
  const registry = opts.registry ?? new Registry();
  const host = new EventSourceHost({
    eventSource: { metadata: { name, namespace: opts.namespace }, spec },
    publisher: bus.publisher,
    secrets: new SecretStore({ env: { ...process.env, ...opts.env } }),
    logger,
    registry,
    drivers: SOURCE_DRIVERS,
    startRetry: { attempts: 1, baseMs: 1, jitter: 0 },
  });
  host.start();
  await host.ready();
  return { host, registry, logger, records };
}

/** Wait until `n` events are stored on `subject`, and return them. */
export async function waitForEvents(bus: BusFixture, subject: string, n: number, timeout = 10_000) {
  return waitFor(
    async () => {
      const got = await storedEvents(bus.nc, subject);
      return got.length >= n ? got : undefined;
    },
    { timeout, message: `${n} event(s) on ${subject}` },
  );
}

/** Plain HTTP request (fetch); returns status, body text and headers. */
export async function request(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text(), headers: res.headers };
}
