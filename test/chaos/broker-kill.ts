/**
 * The `process-kill/<broker>` scenarios (issue 19): a bus (`jetflow bus up`), a broker stand-in
 * (brokers.ts) and one `jetflow eventsource` consuming from it. While messages are produced to the
 * broker the source is kill -9'd `kills` times and restarted; afterwards every message the broker
 * accepted must be in the JetStream stream at least once (duplicates are counted, not failed), and the
 * broker must hold nothing unacknowledged (deleted from the queue / group offsets committed to the end).
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventSubject, STREAM_NAME } from '../../src/api/index.js';
import { jetstreamManager, type NatsConnection } from '../../src/bus/index.js';
import { storedEvents } from '../../src/sources/contract.js';
import { waitFor } from '../harness/index.js';
import { EVENT, STAND_INS, type BrokerStandIn } from './brokers.js';
import { connectScenarioBus } from './bus-client.js';
import { jetflow, waitLine, writeBus, type Child } from './procs.js';
import { summarize, type ScenarioReport, type ScenarioSpec } from './scenario.js';

const SOURCE = 'chaos';
/** The producer stays at most this many messages ahead of the stream, so it produces until the end. */
const BACKLOG = 40;
const CHUNK = 10;

/** One run's moving parts, so the steps below stay small. */
interface Run {
  spec: ScenarioSpec;
  dataDir: string;
  busFile: string;
  sourceFile: string;
  broker: BrokerStandIn;
  nc: NatsConnection;
  children: Child[];
  source?: Child;
  accepted: Set<string>;
  sent: number;
  recovery: Record<string, number[]>;
}

const note = (run: Run, what: string, v: number) => (run.recovery[what] ??= []).push(v);
const subject = eventSubject(SOURCE, EVENT);

/** A runner for {@link ScenarioSpec.runner}: `broker` is a key of {@link STAND_INS}. */
export function brokerKill(broker: string, kills: number) {
  return async (spec: ScenarioSpec): Promise<ScenarioReport> => {
    const started = Date.now();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), `jetflow-chaos-${broker}-`));
    const children: Child[] = [];
    let run: Run | undefined;
    let error: string | undefined;
    let tail: string[] | undefined;
    let stored: Stored = { uids: new Map(), total: 0 };
    let figures: Record<string, number> = {};
    let stand: BrokerStandIn | undefined;
    try {
      stand = await STAND_INS[broker]!();
      run = await setUp(spec, dataDir, stand, children);
      await startSource(run);
      await Promise.all([produceAll(run), killSource(run, kills)]);
      stored = await drain(run);
      // every publish the source processes made (re-reads included, also those the stream's duplicate
      // window dropped): publishes above the stored count are messages read again after a kill
      const publishes = children.flatMap((c) => c.out).filter((l) => l.includes('Succeeded to publish'));
      figures = { ...stand.figures(), publishes: publishes.length, storedEvents: stored.total };
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      tail = (run?.source ?? children.at(-1))?.out.slice(-40);
      if (run) stored = await readStored(run.nc).catch(() => stored);
    } finally {
      await run?.nc.close();
      for (const c of children.reverse()) await c.stop('SIGTERM');
      await stand?.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
    return brokerReport(spec.name, run, stored, figures, Date.now() - started, error, tail);
  };
}

async function setUp(spec: ScenarioSpec, dataDir: string, broker: BrokerStandIn, children: Child[]) {
  const busFile = path.join(dataDir, 'bus.yaml');
  const sourceFile = path.join(dataDir, 'source.yaml');
  await writeBus(busFile, { replicas: spec.replicas });
  const spec2 = broker.sourceSpec.replace(/^/gm, '  ');
  await writeFile(
    sourceFile,
    `apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: ${SOURCE}}\nspec:\n${spec2}\n`,
  );
  const bus = jetflow(['bus', 'up', '-f', busFile, '--data-dir', dataDir]);
  children.push(bus);
  await waitLine(bus, 'is ready', 120_000);
  const nc = await connectScenarioBus(busFile, dataDir, 'chaos-counter');
  const run: Run = {
    ...{ spec, dataDir, busFile, sourceFile, broker, nc, children },
    ...{ accepted: new Set<string>(), sent: 0, recovery: {} },
  };
  return run;
}

/** Start the source; like a supervisor (Restart=on-failure) a start that exits is retried. */
async function startSource(run: Run): Promise<void> {
  const args = ['eventsource', SOURCE, '-f', run.sourceFile, run.busFile, '--data-dir', run.dataDir];
  for (let i = 0; ; i++) {
    const c = jetflow([...args, '--metrics-port', '0'], run.broker.env);
    run.children.push(c);
    run.source = c;
    try {
      // a kafka group waits for the killed member's session to time out (kafkajs: 30 s) to rebalance
      return await waitLine(c, run.broker.readyLine, 120_000);
    } catch (e) {
      note(run, 'source-start-failure', i + 1);
      await c.stop('SIGKILL');
      if (i >= 5) throw e;
    }
  }
}

/** Events on the chaos subject in the stream (repeats included). */
async function storedCount(nc: NatsConnection): Promise<number> {
  const info = await (await jetstreamManager(nc)).streams.info(STREAM_NAME, { subjects_filter: subject });
  return info.state.subjects?.[subject] ?? 0;
}

/** Produce `events` messages in chunks, never more than {@link BACKLOG} ahead of the stream. */
async function produceAll(run: Run): Promise<void> {
  for (let i = 0; i < run.spec.events; i += CHUNK) {
    const uids = Array.from(
      { length: Math.min(CHUNK, run.spec.events - i) },
      (_, k) => `${run.spec.name}-${i + k}`,
    );
    await waitFor(async () => (await storedCount(run.nc)) >= run.accepted.size - BACKLOG, {
      timeout: 180_000,
      interval: 20,
      message: 'the stream keeps up with the producer',
    });
    run.sent += uids.length;
    await run.broker.produce(uids);
    for (const u of uids) run.accepted.add(u);
  }
}

/** kill -9 the source `kills` times, paced by the stream's progress so each lands mid-stream. */
async function killSource(run: Run, kills: number): Promise<void> {
  for (let i = 0; i < kills; i++) {
    const mark = Math.floor(((i + 1) * run.spec.events) / (kills + 1));
    await waitFor(async () => (await storedCount(run.nc)) >= mark, { timeout: 180_000, interval: 20 });
    await run.source!.stop('SIGKILL');
    const t0 = Date.now();
    await startSource(run);
    note(run, 'source-restart', Date.now() - t0);
  }
}

interface Stored {
  /** Stored events per uid. */
  uids: Map<string, number>;
  total: number;
}

async function readStored(nc: NatsConnection): Promise<Stored> {
  const uids = new Map<string, number>();
  let total = 0;
  for (const { event } of await storedEvents(nc, subject)) {
    const uid = (event.data as { body?: { uid?: string } } | undefined)?.body?.uid;
    if (uid === undefined) continue; // kafka's topic warm-up records
    uids.set(uid, (uids.get(uid) ?? 0) + 1);
    total++;
  }
  return { uids, total };
}

/**
 * Wait until every accepted uid is stored, then until the broker settled (what a killed source held
 * came back and was acknowledged), and read the stream once more for the final repeat count.
 */
async function drain(run: Run): Promise<Stored> {
  const timeout = Number(process.env.CHAOS_DRAIN_MS ?? 180_000);
  const t0 = Date.now();
  await waitFor(
    async () => {
      // the count (repeats included) is cheap; reading every event only once it could be complete
      if ((await storedCount(run.nc)) < run.accepted.size) return false;
      const s = await readStored(run.nc);
      return [...run.accepted].every((u) => s.uids.has(u));
    },
    { timeout, interval: 500, message: 'every accepted message stored' },
  ).catch(() => undefined); // the report counts what is missing
  note(run, 'drain-after-load', Date.now() - t0);
  const t1 = Date.now();
  await waitFor(() => run.broker.settled(), { timeout, interval: 500, message: 'the broker settled' });
  note(run, 'broker-settled', Date.now() - t1);
  return readStored(run.nc);
}

function brokerReport(
  name: string,
  run: Run | undefined,
  stored: Stored,
  figures: Record<string, number>,
  ms: number,
  error: string | undefined,
  tail: string[] | undefined,
): ScenarioReport {
  const accepted = [...(run?.accepted ?? [])];
  const lost = accepted.filter((u) => !stored.uids.has(u));
  const duplicates = stored.total - stored.uids.size;
  return {
    name,
    sent: run?.sent ?? 0,
    accepted: accepted.length,
    delivered: accepted.length - lost.length,
    toDlq: 0,
    lost: lost.length,
    lostSample: lost.slice(0, 10),
    duplicates,
    duplicateShare: stored.total ? duplicates / stored.total : 0,
    // the sensor-side checks of the webhook scenarios do not apply: nothing is triggered here
    idMismatches: 0,
    clientRepeats: 0,
    refusals: 0,
    statuses: {},
    recoveryMs: summarize(run?.recovery ?? {}),
    figures,
    ms,
    error,
    sensorTail: tail,
  };
}
