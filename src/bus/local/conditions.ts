/** EventBus status conditions as upstream (spec/eventbus.md §5): `Configured` and `Deployed`. */
import type { LocalBusError } from './errors.js';

export type ConditionType = 'Configured' | 'Deployed';
export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: ConditionType;
  status: ConditionStatus;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

/** Conditions kept sorted by type; `lastTransitionTime` moves only when the status changes. */
export class Conditions {
  private readonly byType = new Map<ConditionType, Condition>();

  constructor(private readonly now: () => Date = () => new Date()) {
    for (const t of ['Configured', 'Deployed'] as const) this.set(t, 'Unknown');
  }

  /** Set one condition. */
  set(type: ConditionType, status: ConditionStatus, reason?: string, message?: string): void {
    const prev = this.byType.get(type);
    const lastTransitionTime =
      prev && prev.status === status ? prev.lastTransitionTime : this.now().toISOString();
    this.byType.set(type, {
      type,
      status,
      lastTransitionTime,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    });
  }

  /** A copy, sorted by type. */
  list(): Condition[] {
    return [...this.byType.values()].sort((a, b) => a.type.localeCompare(b.type)).map((c) => ({ ...c }));
  }

  /** Upstream's readiness of the object: at least one condition, all `True`. */
  allTrue(): boolean {
    const l = this.list();
    return l.length > 0 && l.every((c) => c.status === 'True');
  }
}

/**
 * The conditions upstream would show after a failed start: `Configured=False` (`InvalidSpec`) for bad
 * input, else `Configured=True` and `Deployed=False` with the failing step's reason.
 */
export function conditionsForError(err: LocalBusError, now: () => Date = () => new Date()): Condition[] {
  const c = new Conditions(now);
  if (err.reason === 'InvalidSpec') c.set('Configured', 'False', 'InvalidSpec', err.message);
  else {
    c.set('Configured', 'True');
    c.set('Deployed', 'False', err.reason, err.message);
  }
  return c.list();
}
