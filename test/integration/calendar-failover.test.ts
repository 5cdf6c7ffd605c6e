/**
 * Two `jetflow eventsource` processes (the built CLI) run one `@every 1s` calendar with catch-up on a
 * 3-node bus from the project's own supervisor. The lease leader is kill -9'd five times (and a new
 * process started each time). The stream must then hold exactly one event per second of the run (the
 * ticks missed during each failover are caught up by the new leader) and the leader terms, from the
 * processes' logs, must never overlap.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventSubject, sourceLeaseKey, STREAM_NAME } from '../../src/api/index.js';
import { connectBus, jetstreamManager, openLeaseKv, type NatsConnection } from '../../src/bus/index.js';
import { projectRoot, waitFor } from '../harness/index.js';
import { startTrackedBus, type TrackedBus } from './bus-local-helpers.js';

const ES = 'ticker';
const EVENT = 'tick';
const KILLS = 5;

interface Proc {
  proc: ChildProcess;
  lines: Record<string, any>[];
  exited: Promise<void>;
  killedAt?: number;
}

/** A leader term seen in one process's log: from its election to its loss (or its kill). */
interface Term {
  pid: number;
  from: number;
  to: number;
}

function startProcess(dir: string, busDir: string): Proc {
  const proc = spawn(
    process.execPath,
    [
      path.join(projectRoot, 'bin/jetflow.js'),
      'eventsource',
      ES,
      '-f',
      dir,
      '--data-dir',
      busDir,
      '--metrics-port',
      '0',
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Record<string, any>[] = [];
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    // stamped on receipt: the calendar's own lines use `time` for the tick time
    for (const p of parts) if (p.startsWith('{')) lines.push({ ...JSON.parse(p), at: Date.now() });
  });
  proc.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return { proc, lines, exited };
}

const elected = (p: Proc) => p.lines.filter((l) => l.msg === 'elected the listener of this event');
const isLeader = (p: Proc) => {
  const e = elected(p).length;
  const lost = p.lines.filter((l) => l.msg === 'lease: lost').length;
  return p.killedAt === undefined && e > lost;
};

function terms(procs: Proc[]): Term[] {
  const out: Term[] = [];
  for (const p of procs) {
    const ends = p.lines.filter((l) => l.msg === 'lease: lost').map((l) => l.at as number);
    elected(p).forEach((l, i) =>
      out.push({ pid: p.proc.pid!, from: l.at as number, to: ends[i] ?? p.killedAt ?? Date.now() }),
    );
  }
  return out.sort((a, b) => a.from - b.from);
}

/** The calendar's event id of the tick at `ms` (src/sources/calendar/loop.ts: one id per tick). */
function tickId(ms: number): string {
  return createHash('sha256').update(`${ES}\0${EVENT}\0${ms}`).digest('hex').slice(0, 32);
}

describe('calendar failover across jetflow eventsource processes', { timeout: 180_000 }, () => {
  let tracked: TrackedBus;
  let nc: NatsConnection;
  let dir: string;
  const procs: Proc[] = [];
  before(
    async () => {
      tracked = await startTrackedBus({ name: 'calbus', spec: { version: 'latest', replicas: 3 } });
      nc = await connectBus({ ...tracked.bus.connectOptions(), name: 'calendar-failover-test' });
      dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-cal-failover-'));
      await writeFile(
        path.join(dir, 'resources.yaml'),
        [
          'apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata: {name: calbus}',
          'spec:\n  jetstream:\n    version: latest\n    replicas: 3',
          '---',
          `apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: ${ES}}`,
          'spec:\n  eventBusName: calbus\n  replicas: 2\n  calendar:',
          `    ${EVENT}:\n      schedule: "@every 1s"`,
          '      persistence:\n        catchup: {enabled: true}\n        configMap: {name: ticker, createIfNotExist: true}',
        ].join('\n'),
      );
    },
    { timeout: 90_000 },
  );
  after(
    async () => {
      for (const p of procs)
        if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
      await Promise.all(procs.map((p) => p.exited));
      await nc?.close();
      await tracked?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
    { timeout: 60_000 },
  );

  /** How many events of the calendar the stream holds. */
  async function count(): Promise<number> {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(STREAM_NAME, { subjects_filter: eventSubject(ES, EVENT) });
    return info.state.subjects?.[eventSubject(ES, EVENT)] ?? 0;
  }

  /** Messages of the calendar subject (the only one in this bus's stream), as `{id, seq}`. */
  async function stored(): Promise<{ id: string; seq: number }[]> {
    const jsm = await jetstreamManager(nc);
    const { state } = await jsm.streams.info(STREAM_NAME);
    const out: { id: string; seq: number }[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(STREAM_NAME, { seq });
      if (m?.subject === eventSubject(ES, EVENT)) out.push({ id: (m.json() as { id: string }).id, seq });
    }
    return out;
  }

  it(`every second fires once through ${KILLS} kill -9s of the leader, never two leaders`, async (t) => {
    const busDir = tracked.dir;
    procs.push(startProcess(dir, busDir), startProcess(dir, busDir));
    const gaps: number[] = [];
    let lastKill: number | undefined;
    const keyGone: string[] = [];
    const leaseKv = await openLeaseKv(nc);
    for (let k = 0; k <= KILLS; k++) {
      const leader = await waitFor(() => procs.find(isLeader), {
        timeout: 20_000,
        message: `no leader (round ${k}); logs: ${JSON.stringify(procs.map((p) => p.lines.slice(-5)))}`,
      });
      const since = elected(leader).at(-1)!.at as number;
      if (lastKill) gaps.push(since - lastKill);
      // let the leader fire a few ticks of its own (renewing its lease meanwhile) (and a standby be up) before killing it
      // after its catch-up (the ticks missed during failover) it waits for its own next tick
      await waitFor(
        () => leader.lines.some((l) => l.msg === 'expected next calendar event' && l.at >= since),
        { timeout: 15_000 },
      );
      const before = await count();
      await waitFor(async () => (await count()) >= before + 3, { timeout: 15_000 });
      // a standby campaigning (its host started), so the failover time is the lease's, not a start-up's
      await waitFor(
        () =>
          procs.some(
            (p) =>
              p !== leader &&
              p.killedAt === undefined &&
              p.lines.some((l) => l.msg?.startsWith('single-listener event')),
          ),
        { timeout: 20_000 },
      );
      if (k === KILLS) break;
      leader.killedAt = lastKill = Date.now();
      leader.proc.kill('SIGKILL');
      await leader.exited;
      const held = await leaseKv.get(sourceLeaseKey(ES, EVENT));
      void waitFor(async () => (await leaseKv.get(sourceLeaseKey(ES, EVENT)))?.revision !== held?.revision, {
        timeout: 20_000,
        interval: 50,
      }).then(
        () => keyGone.push(`${Date.now() - leader.killedAt!}`),
        () => keyGone.push('-'),
      );
      procs.push(startProcess(dir, busDir));
    }
    for (const p of procs) if (p.killedAt === undefined) p.proc.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));

    const events = await stored();
    const ids = events.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'an event id (a tick) twice in the stream');
    // map ids back to their ticks: from the first tick, each following second, none missing
    const firstTerm = terms(procs)[0]!;
    let tick = Math.floor(firstTerm.from / 1000) * 1000 - 5000;
    while (tickId(tick) !== ids[0] && tick < firstTerm.from + 10_000) tick += 1000;
    assert.equal(tickId(tick), ids[0], 'the first event is not a whole-second tick near the first election');
    for (const [i, id] of ids.entries())
      assert.equal(id, tickId(tick + i * 1000), `event ${i} (seq ${events[i]!.seq}) is not the next second`);

    const ts = terms(procs);
    assert.equal(ts.length, KILLS + 1, `terms: ${JSON.stringify(ts)}`);
    for (let i = 1; i < ts.length; i++)
      assert.ok(ts[i]!.from >= ts[i - 1]!.to, `two leaders at once: ${JSON.stringify([ts[i - 1], ts[i]])}`);
    t.diagnostic(
      `${ids.length} ticks over ${ts.length} terms; failover gaps (kill -9 → next election) ms: ${gaps.join(', ')}; lease key changed after ${keyGone.join(', ')}`,
    );
  });
});
