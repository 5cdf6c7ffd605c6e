/**
 * Messages of a trigger whose conditions contain an AND, a group at a time in stream order (from
 * ordered-merge.ts): evaluate each message, apply the passing events to the partial state in memory
 * (stateful.ts), run the firings, write the group's end state to KV, then ack the group.
 *
 * Crash safety: with `atLeastOnce`, firings run before the state is written, so a crash before the
 * write fires them again on redelivery (at most once: written first, then launched). The written state
 * carries, per durable, the last stream sequence it includes, so a message redelivered after the write
 * (crash before the acks) is acked without being applied a second time. A failed group (KV unavailable, a conflicting writer) is retried in place with
 * backoff and never skipped, so a later group of the same durable is never written before it.
 * @module
 */
import type { Logger } from 'pino';
import { LOG_FIELDS, type ConditionNode } from '../api/index.js';
import type { JsMsg } from '../bus/index.js';
import { Aborted, type MessageProcessor } from './message-processor.js';
import type { AppliedMarks, PartialState } from './partial-state.js';
import { sleep } from './rate-limit.js';
import { applyConditions, type PassedEvent } from './stateful.js';

export interface GroupProcessorOptions {
  processor: MessageProcessor;
  state: PartialState;
  ast: ConditionNode;
  /** Creation time of each durable of the trigger, by name (see {@link AppliedMarks}). */
  durables: ReadonlyMap<string, string>;
  signal: AbortSignal;
  logger: Logger;
}

const RETRY_MS = [100, 500, 1000, 2000, 5000];

export class GroupProcessor {
  constructor(private readonly o: GroupProcessorOptions) {}

  /** Process `msgs` (stream order) to the end and settle every one of them. Never throws. */
  async run(msgs: readonly JsMsg[]): Promise<void> {
    // stopping: what was not started is left for the next process, whatever the delivery mode
    if (this.o.signal.aborted) return this.nakAll(msgs);
    for (let attempt = 0; ; attempt++) {
      const seen: string[] = [];
      try {
        await this.once(msgs, seen);
        for (const m of msgs) m.ack();
        return;
      } catch (err) {
        seen.forEach((id) => this.o.processor.forget(id));
        this.o.state.invalidate();
        if (err instanceof Aborted || this.o.signal.aborted) return this.nakAll(msgs);
        this.o.logger.error(
          { [LOG_FIELDS.error]: err, messages: msgs.length, attempt: attempt + 1 },
          'processing a group of events failed; retrying it',
        );
        try {
          await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!, this.o.signal);
        } catch {
          return this.nakAll(msgs);
        }
      }
    }
  }

  private async once(msgs: readonly JsMsg[], seen: string[]): Promise<void> {
    const { state, ast, processor } = this.o;
    const { partials, applied } = await state.load((dep, err) =>
      this.o.logger.error(
        { [LOG_FIELDS.error]: err, stored: dep },
        'unreadable stored partial event, ignoring it',
      ),
    );
    const marks: AppliedMarks = { ...applied };
    const passed: PassedEvent[] = [];
    for (const m of msgs) {
      const durable = m.info.consumer;
      const created = this.o.durables.get(durable) ?? '';
      const mark = marks[durable]?.created === created ? marks[durable] : undefined;
      if (m.redelivered && mark && m.seq <= mark.seq) continue; // its effect is already stored
      const ev = await processor.evaluate(m);
      if (ev.kind === 'events') {
        seen.push(ev.id);
        passed.push(...ev.passed);
      }
      marks[durable] = { created, seq: Math.max(mark?.seq ?? 0, m.seq) };
    }
    const { firings, next, stored } = applyConditions(ast, partials, passed);
    // at least once: fire, then store (a crash in between fires again); at most once: the other way
    if (processor.atLeastOnce) for (const f of firings) await processor.fire(f);
    await state.commit(next, marks);
    if (!processor.atLeastOnce) for (const f of firings) await processor.fire(f);
    if (this.o.logger.isLevelEnabled('debug')) {
      for (const e of stored)
        this.o.logger.debug(
          { [LOG_FIELDS.dependencyName]: e.dependency, [LOG_FIELDS.eventId]: e.event.context.id },
          'dependency stored as partial state; conditions not met yet',
        );
    }
  }

  private nakAll(msgs: readonly JsMsg[]): void {
    for (const m of msgs) m.nak();
  }
}
