/** Semantic rules of a Sensor beyond its shape (spec/sensor.md §1, §2, §6.4, §11). */
import type { IssueSink } from '../../issues.js';
import { checkDependencies } from './check-dependencies.js';
import { checkTriggers } from './check-triggers.js';
import { KV_BUCKET_NAME } from './rules.js';
import type { Sensor } from './spec.js';

/** Report every problem of a parsed Sensor to `sink` (errors refuse the resource, warnings do not). */
export function sensorSemantics(s: Sensor, sink: IssueSink): void {
  const name = s.metadata.name;
  if (!KV_BUCKET_NAME.test(name))
    sink.error(
      ['metadata', 'name'],
      `sensor name ${JSON.stringify(name)} cannot name its KV state bucket: expected only letters, digits, "_" and "-"`,
    );
  const spec = s.spec;
  if (spec.replicas !== undefined && spec.replicas < 1)
    sink.warn(['spec', 'replicas'], `replicas ${spec.replicas} is treated as 1`);
  if (spec.errorOnFailedRound)
    sink.warn(
      ['spec', 'errorOnFailedRound'],
      'errorOnFailedRound has no effect (ignored upstream and by jetflow)',
    );
  checkDependencies(spec.dependencies, sink);
  checkTriggers(
    spec.triggers,
    spec.dependencies.map((d) => d.name),
    sink,
  );
}
