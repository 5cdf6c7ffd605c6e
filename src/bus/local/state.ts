/**
 * The bus's state file (`<busDir>/state.json`: pids, ports, URLs, paths — never secret values) and the
 * supervisor lock, so that `bus status` and `bus down` work from another process and two supervisors
 * never run the same bus.
 * @module
 */
import { readFileSync } from 'node:fs';
import { open, readdir, readFile, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { LocalBusError } from './errors.js';
import { readIfExists, writePrivateFile } from './files.js';
import type { BusLayout } from './layout.js';
import type { NodePorts } from './ports.js';

export interface BusStateNode {
  index: number;
  serverName: string;
  pid: number | null;
  ports: NodePorts;
  clientUrl: string;
  monitorUrl: string;
  configFile: string;
  logFile: string;
  storeDir: string;
  restarts: number;
}

export interface BusState {
  name: string;
  version: string;
  binary: string;
  supervisorPid: number;
  startedAt: string;
  /** Set when the bus was stopped; pids are then null. */
  stoppedAt?: string;
  persistence: boolean;
  replicas: number;
  clientUrls: string[];
  caFile: string;
  /** Client credentials file (`username:`/`password:` YAML); the values are never in the state. */
  credentialsFile: string;
  nodes: BusStateNode[];
}

/** Write the state atomically (0600). */
export async function writeBusState(layout: BusLayout, state: BusState): Promise<void> {
  await writePrivateFile(layout.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

/** The state of a bus, or undefined if it never ran under this data dir. */
export async function readBusStateFile(layout: BusLayout): Promise<BusState | undefined> {
  const text = await readIfExists(layout.stateFile);
  return text ? (JSON.parse(text) as BusState) : undefined;
}

/** True if `pid` is a live process (a zombie counts as dead). */
export function isAlive(pid: number | null | undefined): pid is number {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/** True if `pid` runs with `needle` on its command line (guards against a recycled pid). */
export async function commandLineHas(pid: number, needle: string): Promise<boolean> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').includes(needle);
  } catch {
    return process.platform !== 'linux'; // cannot check elsewhere: trust the state file
  }
}

/**
 * Take the supervisor lock of a bus (a file holding our pid, created exclusively). A lock whose process
 * is gone is stale and taken over. Returns the release function.
 */
export async function acquireLock(layout: BusLayout, busName: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(layout.lockFile, 'wx', 0o600);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return async () => {
        if ((await lockHolder(layout)) === process.pid) await rm(layout.lockFile, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await lockHolder(layout);
    // Our own pid counts as alive: the bus may be running in this very process.
    if (holder !== undefined && isAlive(holder))
      throw new LocalBusError(
        `EventBus ${busName} is already running under ${layout.dataDir} (supervisor pid ${holder}); stop it with \`jetflow bus down --name ${busName}\``,
        'JetStreamStatefulSetFailed',
      );
    await unlink(layout.lockFile).catch(() => undefined); // stale
  }
  throw new LocalBusError(`could not take the lock ${layout.lockFile}`, 'JetStreamStatefulSetFailed');
}

/** Pid written in the lock file, if any. */
export async function lockHolder(layout: BusLayout): Promise<number | undefined> {
  const text = await readIfExists(layout.lockFile);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Names of the buses that have a state file under `dataDir`. */
export async function listBusNames(dataDir: string): Promise<string[]> {
  const root = path.join(path.resolve(dataDir), 'bus');
  const names = await readdir(root).catch(() => [] as string[]);
  const out: string[] = [];
  for (const n of names.sort()) if (await readIfExists(path.join(root, n, 'state.json'))) out.push(n);
  return out;
}
