import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, isListening } from './ports.js';
import { waitFor } from './wait-for.js';

export const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export interface TestNats {
  url: string;
  port: number;
  monitorPort: number;
  dir: string;
  proc: ChildProcess;
  /** Stop this server (SIGTERM, then SIGKILL) and remove its temp dir. */
  stop(): Promise<void>;
  /** kill -9 without cleanup (for fault tests); `restart()` brings it back on the same ports and store. */
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export interface StartNatsOptions {
  /** Extra config text appended to the generated config. */
  config?: string;
  jetstream?: boolean;
  args?: string[];
}

/** Start a private JetStream-enabled nats-server on free ports with a temp store dir. */
export async function startNats(opts: StartNatsOptions = {}): Promise<TestNats> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-nats-'));
  const confFile = path.join(dir, 'nats.conf');
  const js = opts.jetstream ?? true;
  // Another process can still bind a port between picking it and the server binding it: try new ones.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const monitorPort = await freePort();
    const conf = [
      `listen: 127.0.0.1:${port}`,
      `http: 127.0.0.1:${monitorPort}`,
      js ? `jetstream { store_dir: "${path.join(dir, 'store')}" }` : '',
      opts.config ?? '',
    ].join('\n');
    await writeFile(confFile, conf);
    try {
      const proc = await launch(confFile, port, opts.args ?? []);
      return handle({ dir, confFile, port, monitorPort, proc, args: opts.args ?? [] });
    } catch (err) {
      if (attempt >= 3 || !/address already in use/.test((err as Error).message)) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
}

function handle(h: {
  dir: string;
  confFile: string;
  port: number;
  monitorPort: number;
  proc: ChildProcess;
  args: string[];
}): TestNats {
  let proc = h.proc;
  return {
    url: `nats://127.0.0.1:${h.port}`,
    port: h.port,
    monitorPort: h.monitorPort,
    dir: h.dir,
    get proc() {
      return proc;
    },
    async stop() {
      await stopProcess(proc);
      await rm(h.dir, { recursive: true, force: true });
    },
    async kill() {
      await stopProcess(proc, 'SIGKILL');
    },
    async restart() {
      proc = await launch(h.confFile, h.port, h.args);
    },
  };
}

async function launch(confFile: string, port: number, args: string[]): Promise<ChildProcess> {
  const proc = spawn(NATS_SERVER_BIN, ['-c', confFile, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  try {
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`nats-server exited: ${stderr}`);
        return isListening(port);
      },
      { timeout: 10_000, message: `nats-server on ${port}` },
    );
  } catch (err) {
    proc.kill('SIGKILL');
    throw err;
  }
  return proc;
}

/** Stop exactly this process and wait for it to exit. */
export async function stopProcess(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill(signal);
  const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}
