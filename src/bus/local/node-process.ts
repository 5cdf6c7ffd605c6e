/**
 * One supervised nats-server process: spawned in its own process group (a terminal's Ctrl-C reaches only
 * the supervisor, which then stops the nodes in lame-duck mode), output appended to the node's log file,
 * restarted with exponential backoff when it dies.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { NodePorts } from './ports.js';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** A node up this long counts as stable: its next restart starts from `initialMs` again. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 5000, resetAfterMs: 60_000 };

export interface NodeSpec {
  index: number;
  serverName: string;
  binary: string;
  configFile: string;
  logFile: string;
  /** Extra arguments after `-c <config>` (`startArgs`). */
  args: string[];
  env: NodeJS.ProcessEnv;
  ports: NodePorts;
  clientUrl: string;
  monitorUrl: string;
}

export type NodeState = 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped';

/** Events: `spawned` (pid), `exited` ({code, signal, error}), `restarting` ({inMs}). */
export class NodeProcess extends EventEmitter {
  state: NodeState = 'stopped';
  pid: number | undefined;
  restarts = 0;
  lastError: string | undefined;
  /** Set by the health loop; a node that was never healthy is stopped with SIGTERM (lame duck needs a listener). */
  healthy = false;
  startedAt: number | undefined;
  private proc: ChildProcess | undefined;
  private delay: number;
  private timer: NodeJS.Timeout | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: NodeSpec,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {
    super();
    this.delay = backoff.initialMs;
  }

  /** Record what the health loop saw; the first healthy answer marks the node running. */
  markHealth(healthy: boolean): void {
    this.healthy = healthy;
    if (healthy && this.state === 'starting') this.state = 'running';
  }

  /** Spawn the server (no wait: health is observed from the monitor endpoint). */
  start(): void {
    this.timer = undefined;
    this.state = 'starting';
    this.healthy = false;
    const fd = openSync(this.spec.logFile, 'a', 0o600);
    let proc: ChildProcess;
    try {
      proc = spawn(this.spec.binary, ['-c', this.spec.configFile, ...this.spec.args], {
        stdio: ['ignore', fd, fd],
        env: this.spec.env,
        detached: true,
      });
    } finally {
      closeSync(fd); // the child holds its own copy
    }
    this.proc = proc;
    this.pid = proc.pid;
    this.startedAt = Date.now();
    this.exited = new Promise((resolve) => {
      let done = false;
      const onEnd = (code: number | null, signal: NodeJS.Signals | null, err?: Error) => {
        if (done) return;
        done = true;
        resolve();
        void this.onExit(proc, code, signal, err);
      };
      proc.once('exit', (code, signal) => onEnd(code, signal));
      proc.once('error', (err) => onEnd(null, null, err));
    });
    if (proc.pid) this.emit('spawned', proc.pid);
  }

  private async onExit(proc: ChildProcess, code: number | null, signal: NodeJS.Signals | null, err?: Error) {
    if (this.proc !== proc) return;
    this.proc = undefined;
    this.pid = undefined;
    this.healthy = false;
    if (this.state === 'stopping' || this.state === 'stopped') {
      this.state = 'stopped';
      return;
    }
    const how = err ? err.message : signal ? `killed by ${signal}` : `exited with code ${code}`;
    const logLine = await lastErrorLine(this.spec.logFile);
    this.lastError = logLine && !signal ? `${how}: ${logLine}` : how;
    this.restarts++;
    if (this.startedAt && Date.now() - this.startedAt >= this.backoff.resetAfterMs)
      this.delay = this.backoff.initialMs;
    const inMs = this.delay;
    this.delay = Math.min(this.delay * 2, this.backoff.maxMs);
    this.emit('exited', { code, signal, error: this.lastError });
    if (this.state !== 'starting' && this.state !== 'running') return; // stop() raced with us
    this.state = 'restarting';
    this.emit('restarting', { inMs });
    this.timer = setTimeout(() => this.start(), inMs);
  }

  /**
   * Stop for good: lame-duck mode (SIGUSR2) for a node that was serving, SIGTERM for one still starting;
   * SIGKILL after `timeoutMs`.
   */
  async stop(timeoutMs: number): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const proc = this.proc;
    this.state = 'stopping';
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      proc.kill(this.healthy ? 'SIGUSR2' : 'SIGTERM');
      const kill = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      await this.exited;
      clearTimeout(kill);
    }
    this.state = 'stopped';
  }
}

/** The last `[ERR]`/`[FTL]` line of a log (else its last line), for a node's `lastError`. */
async function lastErrorLine(file: string): Promise<string | undefined> {
  try {
    const fh = await open(file, 'r');
    try {
      const { size } = await fh.stat();
      const len = Math.min(size, 4096);
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, size - len);
      const lines = buf
        .toString('utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const line = [...lines].reverse().find((l) => /\[(ERR|FTL)\]/.test(l)) ?? lines.at(-1);
      // Drop the "[pid] date time" prefix: it says nothing the status does not.
      return line?.replace(/^\[\d+\]\s+\S+\s+\S+\s+/, '');
    } finally {
      await fh.close();
    }
  } catch {
    return undefined;
  }
}
