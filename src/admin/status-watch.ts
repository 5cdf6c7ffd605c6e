/**
 * Notices component status changes for the live stream: compares a digest of the status (bus and node
 * health, listener and sensor states) every interval, and sends `{ready, notReady}` when it moved. The
 * runtime may also call `recorder.notifyStatus()` to have it sent at once.
 * @module
 */
import { notReady } from './resources.js';
import type { RuntimeView } from './types.js';

export class StatusWatch {
  private last = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly view: RuntimeView,
    private readonly intervalMs: number,
    private readonly send: (s: { ready: boolean; notReady: string[] }) => void,
  ) {}

  start(): void {
    this.last = this.digest();
    this.timer = setInterval(() => this.check(false), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Send the status if it changed since the last check (or always, with `force`). */
  check(force: boolean): void {
    let d: string;
    let why: string[];
    try {
      d = this.digest();
      if (!force && d === this.last) return;
      why = notReady(this.view);
    } catch {
      return; // a view that throws is answered 500 by the API; the watch must not take the process down
    }
    this.last = d;
    this.send({ ready: why.length === 0, notReady: why });
  }

  private digest(): string {
    const b = this.view.bus();
    return JSON.stringify([
      b && [
        b.ready,
        b.conditions?.map((c) => c.status),
        b.nodes?.map((n) => [n.state, n.healthy, n.restarts]),
      ],
      this.view.eventSources().map((s) => [s.state, s.listeners.map((l) => [l.state, l.ok])]),
      this.view.sensors().map((s) => s.state),
    ]);
  }
}
