/**
 * The conditions step for triggers whose expression contains an AND (spec/sensor.md §5): read the
 * stored partial events, evaluate with the current dependency set true, then either store the event
 * (latest wins) or claim the stored events and fire. Compare-and-set makes every step safe against a
 * concurrent writer: on a conflict the step starts over from a fresh read.
 * @module
 */
import { evaluateConditions, type ConditionNode } from '../api/index.js';
import type { SensorEvent } from './event.js';
import type { MessageMeta, PartialState } from './partial-state.js';

/** Entries claimed for a firing; deleted (at exactly these revisions) once the firing is done. */
export interface ClaimedEntry {
  dependency: string;
  revision: number;
}

export type StatefulOutcome =
  { kind: 'stored' } | { kind: 'fire'; events: Map<string, SensorEvent>; claimed: ClaimedEntry[] };

/** Gave up after repeated compare-and-set conflicts (another process keeps changing the same keys). */
export class StateContentionError extends Error {
  override name = 'StateContentionError';
}

const MAX_ROUNDS = 8;

/**
 * Process dependency `dep`'s passing `event` (carried by the message `meta`). Entries claimed by another
 * message are in use by a firing elsewhere and count as absent; entries claimed by this very message
 * (a redelivery after a crash) are available again. @throws KV read/write errors, {@link StateContentionError}
 */
export async function advanceConditions(
  state: PartialState,
  ast: ConditionNode,
  dep: string,
  event: SensorEvent,
  meta: MessageMeta,
  onBadEntry?: (dep: string, err: Error) => void,
): Promise<StatefulOutcome> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const snapshot = await state.read(onBadEntry);
    const available = [...snapshot.values()].filter(
      (p) => p.value.ClaimedBy === undefined || p.value.ClaimedBy === meta.streamSeq,
    );
    const have = new Set(available.map((p) => p.dependency));
    if (!evaluateConditions(ast, (name) => name === dep || have.has(name))) {
      if (await state.store(dep, event, meta, snapshot.get(dep)?.revision ?? 0)) return { kind: 'stored' };
      continue;
    }
    const claimed: ClaimedEntry[] = [];
    let lost = false;
    for (const p of available) {
      if (p.value.ClaimedBy === meta.streamSeq) {
        claimed.push({ dependency: p.dependency, revision: p.revision });
        continue;
      }
      const revision = await state.claim(p, meta.streamSeq);
      if (revision === undefined) {
        lost = true;
        break;
      }
      claimed.push({ dependency: p.dependency, revision });
    }
    if (lost) continue; // what we claimed so far stays ours (same message) and is found again next round
    const events = new Map(available.map((p) => [p.dependency, p.event]));
    events.set(dep, event);
    return { kind: 'fire', events, claimed };
  }
  throw new StateContentionError(
    `trigger ${state.trigger}: the stored state kept changing during ${MAX_ROUNDS} attempts`,
  );
}

/** Delete the entries a firing used; a newer partial stored meanwhile (other revision) is kept. */
export async function releaseClaims(state: PartialState, claimed: readonly ClaimedEntry[]): Promise<void> {
  for (const c of claimed) await state.remove(c.dependency, c.revision);
}
