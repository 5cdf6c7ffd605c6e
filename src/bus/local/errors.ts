/** Errors of the local bus, carrying the status condition reason upstream would set (spec/eventbus.md §5). */
import { ConfigError, type Issue } from '../../api/index.js';

/** Condition reasons of an EventBus, as upstream. */
export type BusConditionReason =
  | 'InvalidSpec'
  | 'JetStreamAuthSecretsFailed'
  | 'JetStreamConfigMapFailed'
  | 'JetStreamServiceFailed'
  | 'JetStreamStatefulSetFailed';

/**
 * Bad input or a failed deployment step of a local bus. `reason` says which condition fails
 * (`InvalidSpec` → `Configured=False`, the others → `Deployed=False`); `issues` point at spec fields.
 */
export class LocalBusError extends ConfigError {
  constructor(
    message: string,
    readonly reason: BusConditionReason,
    readonly issues: Issue[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
