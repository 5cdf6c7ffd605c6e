/**
 * Runs user programs (Lua filters and transforms, jq transforms) in a worker thread with a time and
 * memory budget. The Lua hook stops ordinary runaway loops inside the worker with a clear error; what a
 * hook cannot interrupt (a catastrophic pattern match, a jq program that never yields, a memory bomb)
 * ends with the worker being terminated and replaced, so the sensor process itself never hangs or dies.
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { SandboxKind, SandboxReady, SandboxRequest, SandboxResponse } from './sandbox-protocol.js';

export interface SandboxOptions {
  /** Budget of one program run in ms (default 2000); the worker is killed 1 s after it. */
  timeoutMs?: number;
  /** Lua VM instructions per run (default 10 000 000). */
  maxInstructions?: number;
  /** Heap of the worker in MB (default 256). */
  memoryMb?: number;
}

/** A program failed, ran out of budget, or killed its worker. */
export class SandboxError extends Error {
  override name = 'SandboxError';
}

interface Pending {
  req: SandboxRequest;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

const GRACE_MS = 1000;
/** How long a new worker may take to load its engines. */
const STARTUP_MS = 30_000;

/** One worker, one program at a time (so a time budget belongs to exactly one run). */
export class ScriptSandbox {
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  private current: { p: Pending; timer: NodeJS.Timeout; worker: Worker } | undefined;
  private readonly readyWorkers = new WeakSet<Worker>();
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly maxInstructions: number;
  private readonly memoryMb: number;

  constructor(opts: SandboxOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.maxInstructions = opts.maxInstructions ?? 10_000_000;
    this.memoryMb = opts.memoryMb ?? 256;
  }

  /** Run one program on `data`. @throws {SandboxError} */
  run(kind: SandboxKind, program: string, data: Record<string, unknown> | null): Promise<unknown> {
    if (this.closed) return Promise.reject(new SandboxError('the script sandbox is closed'));
    const req: SandboxRequest = {
      id: this.nextId++,
      kind,
      program,
      data,
      maxInstructions: this.maxInstructions,
      timeoutMs: this.timeoutMs,
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.pump();
    });
  }

  /** Stop the worker; queued runs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new SandboxError('the script sandbox is closed'));
    if (this.current)
      this.finish(this.current.p.req.id, { error: new SandboxError('the script sandbox is closed') });
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    const p = this.queue.shift()!;
    const w = this.ensureWorker();
    w.ref(); // an unanswered run must keep the process alive
    // The budget starts once the worker has loaded its engines (slow on a busy machine); loading itself
    // gets a generous limit of its own.
    const ready = this.readyWorkers.has(w);
    const timer = setTimeout(
      () =>
        this.kill(
          ready
            ? `${label(p.req.kind)} did not finish within ${this.timeoutMs} ms and was stopped`
            : 'the script sandbox did not start',
        ),
      ready ? this.timeoutMs + GRACE_MS : STARTUP_MS,
    );
    this.current = { p, timer, worker: w };
    w.postMessage(p.req);
  }

  /** The worker `w` is ready: restart the current run's clock with the real budget. */
  private onReady(w: Worker): void {
    this.readyWorkers.add(w);
    const cur = this.current;
    if (!cur || cur.worker !== w) return;
    clearTimeout(cur.timer);
    cur.timer = setTimeout(() => {
      this.kill(`${label(cur.p.req.kind)} did not finish within ${this.timeoutMs} ms and was stopped`);
    }, this.timeoutMs + GRACE_MS);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const [entry, how] = workerEntry();
    const w = new Worker(entry, {
      ...how,
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: 32 },
    });
    w.on('message', (res: SandboxResponse | SandboxReady) => {
      if ('ready' in res) this.onReady(w);
      else if (res.ok) this.finish(res.id, { value: res.value });
      else this.finish(res.id, { error: new SandboxError(res.error) });
    });
    w.on('error', (err) => {
      if (this.worker === w) this.worker = undefined;
      const why = /out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(
        `${err.message} ${(err as { code?: string }).code}`,
      )
        ? 'ran out of memory and was stopped'
        : `crashed: ${err.message}`;
      if (this.current?.worker === w)
        this.finish(this.current.p.req.id, {
          error: new SandboxError(`${label(this.current.p.req.kind)} ${why}`),
        });
    });
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
      if (this.current?.worker === w && !this.closed)
        this.finish(this.current.p.req.id, {
          error: new SandboxError(`${label(this.current.p.req.kind)} stopped its worker`),
        });
    });
    w.unref();
    this.worker = w;
    return w;
  }

  private kill(message: string): void {
    const w = this.worker;
    this.worker = undefined;
    if (this.current) this.finish(this.current.p.req.id, { error: new SandboxError(message) });
    void w?.terminate();
  }

  private finish(id: number, outcome: { value?: unknown; error?: Error }): void {
    const cur = this.current;
    if (!cur || cur.p.req.id !== id) return;
    clearTimeout(cur.timer);
    this.current = undefined;
    this.worker?.unref();
    if (outcome.error) cur.p.reject(outcome.error);
    else cur.p.resolve(outcome.value);
    this.pump();
  }
}

/**
 * The worker script. Built code runs `sandbox-worker.js` directly; from TypeScript sources (tests, `tsx`)
 * the worker first registers tsx itself, because a worker does not inherit the loader hooks of its parent.
 */
function workerEntry(): [string | URL, { eval?: boolean }] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./sandbox-worker.js', import.meta.url), {}];
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./sandbox-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return [boot, { eval: true }];
}

function label(kind: SandboxKind): string {
  return kind === 'jq-transform' ? 'jq program' : 'Lua script';
}

let shared: ScriptSandbox | undefined;

/** The process-wide sandbox (created on first use; its worker does not keep the process alive when idle). */
export function sharedSandbox(): ScriptSandbox {
  shared ??= new ScriptSandbox();
  return shared;
}
