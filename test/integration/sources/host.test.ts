/**
 * The EventSource host with small test drivers (real bus): start retries, giving up, non-retryable
 * errors, restart after a listener fails by itself, the running gauge, duplicate event names, and
 * dispatch of plain values with a caller-supplied id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { SourceError, UnsupportedError } from '../../../src/api/errors.js';
import { eventSubject } from '../../../src/api/names.js';
import { SecretStore } from '../../../src/api/secrets.js';
import {
  EventSourceHost,
  SOURCE_DRIVERS,
  type Listener,
  type ListenerContext,
  type SourceDriver,
} from '../../../src/sources/index.js';
import { waitFor } from '../../harness/index.js';
import { memoryLogger, startBus, waitForEvents, type BusFixture } from './helpers.js';

/** A `generic`-typed test driver whose start runs `behave`. */
function driver(
  behave: (ctx: ListenerContext<unknown>, attempt: number) => Promise<Listener>,
): SourceDriver & { attempts: number } {
  const d = {
    type: 'generic' as const,
    attempts: 0,
    start: (ctx: ListenerContext<unknown>) => behave(ctx, ++d.attempts),
  };
  return d;
}

describe('EventSource host', { timeout: 30_000 }, () => {
  let bus: BusFixture;
  before(async () => {
    bus = await startBus();
  });
  after(async () => {
    await bus?.stop();
  });

  function host(
    name: string,
    d: SourceDriver,
    spec: Record<string, unknown> = { generic: { ev: {} } },
    attempts = 3,
  ) {
    const { logger, records } = memoryLogger();
    const registry = new Registry();
    const h = new EventSourceHost({
      eventSource: { metadata: { name }, spec },
      publisher: bus.publisher,
      secrets: new SecretStore({ env: {} }),
      logger,
      registry,
      drivers: { ...SOURCE_DRIVERS, generic: d },
      startRetry: { attempts, baseMs: 5, factor: 1, jitter: 0 },
    });
    h.start();
    const running = async () =>
      /event_service_running_total\{[^}]*\} (\d+)/.exec(await registry.metrics())?.[1];
    return { h, records, running };
  }

  it('retries a failing start and runs once it succeeds', async () => {
    const d = driver(async (_ctx, n) => {
      if (n < 3) throw new Error(`not yet (${n})`);
      return { stop: async () => undefined };
    });
    const { h, records, running } = host('retry', d);
    await h.ready();
    assert.equal(d.attempts, 3);
    assert.equal(h.listeners()[0]!.state, 'running');
    assert.equal(await running(), '1');
    assert.equal(
      records.filter((r) => r.msg === 'failed to start listening eventsource' && r.eventName === 'ev').length,
      2,
    );
    await h.stop();
    assert.equal(await running(), '0');
    await h.done();
  });

  it('gives up after the attempts, naming the event; with none left the host is done with an error', async () => {
    const d = driver(async () => {
      throw new Error('broker unreachable');
    });
    const { h, running } = host('gives-up', d);
    const err = await h.ready().catch((e: unknown) => e);
    assert.ok(err instanceof SourceError);
    assert.equal(
      err.message,
      'generic event source gives-up/ev: gave up starting after 3 attempt(s): broker unreachable',
    );
    await assert.rejects(h.done(), /no active event server running/);
    assert.equal(d.attempts, 3);
    assert.equal(await running(), '0');
  });

  it('does not retry what no retry can fix (unsupported)', async () => {
    const d = driver(async () => {
      throw new UnsupportedError('"generic" event sources are not supported yet in jetflow');
    });
    const { h } = host('unsupported', d, undefined, 5);
    await assert.rejects(h.ready(), /not supported yet/);
    assert.equal(d.attempts, 1);
  });

  it('restarts a listener that fails by itself', async () => {
    let fail!: (e: Error) => void;
    const d = driver(async (_ctx, n) => ({
      stop: async () => undefined,
      done: n === 1 ? new Promise<void>((_r, rej) => (fail = rej)) : new Promise<void>(() => undefined),
    }));
    const { h } = host('restart', d);
    await h.ready();
    fail(new Error('connection lost'));
    await waitFor(() => d.attempts === 2, { message: 'restarted' });
    await waitFor(() => h.listeners()[0]!.state === 'running');
    await h.stop();
  });

  it('skips a second event of the same name (any type)', async () => {
    const d = driver(async () => ({ stop: async () => undefined }));
    const { h, records } = host('dups', d, {
      generic: { same: {} },
      webhook: { same: { port: '1', endpoint: '/x', method: 'POST' } },
    });
    await h.ready();
    assert.equal(h.listeners().length, 1);
    assert.ok(records.some((r) => String(r.msg).includes('more than one "same" found in the spec')));
    await h.stop();
  });

  it('dispatches plain values with a caller-supplied id (Nats-Msg-Id = envelope id)', async () => {
    const id = 'es:ev:broker:9092:"topic":0:42';
    const d = driver(async (ctx) => {
      await ctx.dispatch({ n: 1, s: 'x' }, { id });
      await assert.rejects(
        ctx.dispatch(() => 1),
        /cannot serialize the event data/,
      );
      return { stop: async () => undefined };
    });
    const { h } = host('ids', d);
    await h.ready();
    const [e] = await waitForEvents(bus, eventSubject('ids', 'ev'), 1);
    assert.equal(e!.msgId, id);
    assert.equal(e!.event.id, id);
    assert.deepEqual(e!.event.data, { n: 1, s: 'x' });
    await h.stop();
  });
});
