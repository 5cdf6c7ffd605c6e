/**
 * The contract every EventSource driver's test runs (node:test): the driver starts inside a real
 * EventSourceHost against a real JetStream, an event it receives is stored on `default.<es>.<event>` with
 * the right CloudEvents envelope and `Nats-Msg-Id`, it stops cleanly, and a failing start is reported
 * with the source and event name. Test support code: never imported by the runtime.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import { SourceError } from '../api/index.js';
import { MSG_ID_HEADER, STREAM_NAME, eventSubject } from '../api/index.js';
import { SecretStore } from '../api/index.js';
import { SOURCE_EVENT_TYPES } from '../api/index.js';
import {
  connectBus,
  DEFAULT_STREAM_SETTINGS,
  ensureStream,
  jetstreamManager,
  Publisher,
  type NatsConnection,
} from '../bus/index.js';
import { SOURCE_DRIVERS } from './registry.js';
import { EventSourceHost } from './runtime/host.js';
import type { CloudEventEnvelope } from './runtime/envelope.js';
import type { SourceDriver } from './types.js';

/** A bus the contract may use: started by the test (e.g. `startNats()` of test/harness). */
export interface ContractBus {
  url: string;
  stop(): Promise<void>;
}

export interface ContractEnv {
  eventSourceName: string;
  eventName: string;
  secrets: SecretStore;
}

export interface SourceContractCase<Config> {
  driver: SourceDriver<Config>;
  startBus(): Promise<ContractBus>;
  /** Config of the event under test (use free ports etc.). */
  config(env: ContractEnv): Config | Promise<Config>;
  /** Make the source receive one event (send a request, publish to the broker, touch a file, ...). */
  trigger(env: ContractEnv): Promise<void>;
  /** Check the event's `data` (payload shape of the type). */
  expectData(data: unknown, env: ContractEnv): void;
  /** A config whose start fails (bad port, unreachable broker, ...): checks the error names the event. */
  failingConfig?(env: ContractEnv): Config | Promise<Config>;
  /** After stop: check the listener released what it held (port closed, ...). */
  afterStop?(env: ContractEnv): Promise<void>;
  /** Secret values as `JETFLOW_SECRET_*` variables. */
  secretEnv?: Record<string, string>;
  timeoutMs?: number;
}

/** Every stored event of `subject`, oldest first, with its message id. */
export async function storedEvents(
  nc: NatsConnection,
  subject: string,
): Promise<{ msgId: string; event: CloudEventEnvelope }[]> {
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(STREAM_NAME);
  const out: { msgId: string; event: CloudEventEnvelope }[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(STREAM_NAME, { seq }).catch(() => null);
    if (m && m.subject === subject)
      out.push({ msgId: m.header?.get(MSG_ID_HEADER) ?? '', event: m.json<CloudEventEnvelope>() });
  }
  return out;
}

/** Check the envelope attributes upstream writes (spec/README.md §5). */
export function assertEnvelope(
  e: CloudEventEnvelope,
  msgId: string,
  es: string,
  ev: string,
  type: keyof typeof SOURCE_EVENT_TYPES,
): void {
  assert.equal(e.specversion, '1.0');
  assert.equal(e.source, es);
  assert.equal(e.subject, ev);
  assert.equal(e.type, SOURCE_EVENT_TYPES[type]);
  assert.equal(e.datacontenttype, 'application/json');
  assert.equal(e.id, msgId, 'Nats-Msg-Id must be the event id');
  assert.match(
    e.time,
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/,
    'time: RFC 3339 UTC with fractional seconds',
  );
}

/** A pino logger that keeps its records in memory (to check error context). */
export function memoryLogger(): { logger: Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void records.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, records };
}

/** Register the contract suite for one driver. */
export function describeSourceContract<Config>(c: SourceContractCase<Config>): void {
  const type = c.driver.type;
  const env: ContractEnv = {
    eventSourceName: `contract-${type.toLowerCase()}`,
    eventName: 'example',
    secrets: new SecretStore({ env: { ...process.env, ...c.secretEnv } }),
  };
  const timeout = c.timeoutMs ?? 20_000;
  describe(`${type} source contract`, { timeout }, () => {
    let bus: ContractBus;
    let nc: NatsConnection;
    let publisher: Publisher;
    const hostFor = async (config: Config, logger: Logger) =>
      new EventSourceHost({
        eventSource: {
          metadata: { name: env.eventSourceName },
          spec: { [type]: { [env.eventName]: config } },
        },
        publisher,
        secrets: env.secrets,
        logger,
        registry: new Registry(),
        drivers: { ...SOURCE_DRIVERS, [type]: c.driver },
        startRetry: { attempts: 1, baseMs: 1, jitter: 0 },
      });

    before(async () => {
      bus = await c.startBus();
      nc = await connectBus({ servers: [bus.url] });
      await ensureStream(await jetstreamManager(nc), { ...DEFAULT_STREAM_SETTINGS, replicas: 1 });
      publisher = new Publisher(nc, { deadlineMs: 5000 });
    });
    after(async () => {
      await publisher?.drain();
      await nc?.close();
      await bus?.stop();
    });

    it('starts, stores one event with the right envelope on the right subject, stops cleanly', async () => {
      const { logger } = memoryLogger();
      const host = await hostFor(await c.config(env), logger);
      host.start();
      await host.ready();
      await c.trigger(env);
      const subject = eventSubject(env.eventSourceName, env.eventName);
      let got: Awaited<ReturnType<typeof storedEvents>> = [];
      const deadline = Date.now() + timeout / 2;
      while (got.length === 0 && Date.now() < deadline) {
        got = await storedEvents(nc, subject);
        if (got.length === 0) await new Promise((r) => setTimeout(r, 25));
      }
      assert.ok(got.length >= 1, `an event stored on ${subject}`);
      // periodic sources may have stored more by now: every one must be well-formed
      for (const g of got) {
        assertEnvelope(g.event, g.msgId, env.eventSourceName, env.eventName, type);
        c.expectData(g.event.data, env);
      }
      await host.stop();
      await host.done();
      assert.deepEqual(
        host.listeners().map((l) => l.state),
        ['stopped'],
      );
      await c.afterStop?.(env);
    });

    if (c.failingConfig) {
      it('reports a failing start with the source and event name', async () => {
        const { logger, records } = memoryLogger();
        const host = await hostFor(await c.failingConfig!(env), logger);
        host.start();
        const err = await host.ready().then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.ok(err instanceof SourceError, `expected a SourceError, got ${String(err)}`);
        assert.match(err.message, new RegExp(`${type} event source ${env.eventSourceName}/${env.eventName}`));
        const logged = records.find((r) => r.level === 50 && r.eventName === env.eventName);
        assert.ok(logged, 'the failure is logged with the event name');
        assert.equal(logged.eventSourceName, env.eventSourceName);
        await assert.rejects(host.done(), /no active event server running/);
        await host.stop();
      });
    }
  });
}
