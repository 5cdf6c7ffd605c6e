/**
 * Keeps a provider's hooks registered while a listener runs: a random delay first (replicas would race
 * to create the same hook), then `apply`, then again every interval; `cleanup` (delete the hooks) on
 * stop. Upstream applies before the route is active; here the route is active first, so hook
 * deliveries that arrive right after registration are not refused.
 * @module
 */
import type { Logger } from 'pino';
import { LOG_FIELDS } from '../../api/index.js';

export interface HookManagerOptions {
  logger: Logger;
  /** Max random delay before the first apply (upstream: 2 s, Bitbucket 5 s). `JETFLOW_HOOK_JITTER_MS` overrides. */
  jitterMs: number;
  /** Ensure the hooks exist; log per-target failures inside and throw only when nothing could be done. */
  apply(): Promise<void>;
  /** Re-apply period in ms; absent: apply once. */
  intervalMs?: number;
  /** Number of re-applies (GitHub: 10); absent: until stopped. */
  repeat?: number;
  /** Run on stop after any running apply finished (e.g. delete hooks when `deleteHookOnFinish`). */
  cleanup?(): Promise<void>;
}

export class HookManager {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private applies = 0;
  private firstDone!: () => void;
  /** Resolves after the first apply ran (whatever its outcome). */
  readonly firstApply = new Promise<void>((r) => (this.firstDone = r));

  constructor(private readonly o: HookManagerOptions) {}

  start(): void {
    const env = Number(process.env.JETFLOW_HOOK_JITTER_MS);
    const max = Number.isFinite(env) && process.env.JETFLOW_HOOK_JITTER_MS !== '' ? env : this.o.jitterMs;
    this.timer = setTimeout(() => this.tick(), Math.random() * max);
  }

  private tick(): void {
    if (this.stopped) return;
    this.running = this.o
      .apply()
      .catch((err: unknown) =>
        this.o.logger.error({ [LOG_FIELDS.error]: err }, 'failed to apply the webhooks'),
      )
      .finally(() => {
        this.applies++;
        this.firstDone();
        const again =
          this.o.intervalMs !== undefined && (this.o.repeat === undefined || this.applies <= this.o.repeat);
        if (again && !this.stopped) this.timer = setTimeout(() => this.tick(), this.o.intervalMs);
      });
  }

  /** Stop re-applying, wait for a running apply, then clean up. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.firstDone();
    await this.running;
    if (this.o.cleanup) {
      try {
        await this.o.cleanup();
      } catch (err) {
        this.o.logger.error({ [LOG_FIELDS.error]: err }, 'failed to delete the webhooks');
      }
    }
  }
}
