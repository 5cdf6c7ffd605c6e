/**
 * Spec-change reconciliation at every sensor start (spec/sensor.md §6.5): compare the dependencies and
 * triggers stored in the sensor's KV bucket with the spec, purge the partial state and durables of
 * what changed, and save the new snapshot.
 * @module
 */
import { createHash } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { looseConditionNames } from '../api/index.js';
import { durableName, kvKeys } from '../api/index.js';
import { deleteDurable, kvDelete, kvGetJson, kvPut, type JetStreamManager } from '../bus/index.js';
import { deliverPolicyOf, type DeliverPolicy, type EventDependency, type SensorSpec } from './spec.js';

/** jetflow's own key: each dependency's deliver policy when it was last saved (no `/`, so no trigger key). */
export const DELIVER_POLICIES_KEY = 'DeliverPolicies';

export interface ReconcileResult {
  removedDependencies: string[];
  changedDependencies: string[];
  removedTriggers: string[];
  changedTriggers: string[];
  /** `<trigger>/<dependency>` pairs whose partial state and durable were purged. */
  purged: string[];
  /**
   * Deliver policy for each purged durable when it is recreated: `new` (as upstream, so a spec edit does
   * not replay history), except when the dependency's own deliver policy changed: then the new policy.
   */
  recreate: Map<string, DeliverPolicy>;
}

/** Canonical JSON: object keys sorted at every level. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/**
 * Digest of a dependency definition; any field change changes it. The deliver policy is hashed as its
 * effective value, so spelling out the default (`all`) does not count as a change.
 */
export function dependencyHash(d: EventDependency): string {
  const normalized = { ...d, jetStream: { ...d.jetStream, deliverPolicy: deliverPolicyOf(d) } };
  return createHash('sha256').update(canonical(normalized)).digest('hex');
}

/** Reconcile stored state of sensor `sensorName` with `spec`; see spec/sensor.md §6.5. */
export async function reconcileState(
  kv: KV,
  jsm: JetStreamManager,
  sensorName: string,
  spec: SensorSpec,
): Promise<ReconcileResult> {
  const storedDeps = (await kvGetJson<Record<string, string>>(kv, kvKeys.deps))?.value ?? {};
  const storedTriggers = (await kvGetJson<string[]>(kv, kvKeys.triggers))?.value ?? [];
  const storedPolicies =
    (await kvGetJson<Record<string, DeliverPolicy>>(kv, DELIVER_POLICIES_KEY))?.value ?? {};
  const policies = Object.fromEntries(spec.dependencies.map((d) => [d.name, deliverPolicyOf(d)]));
  const hashes = Object.fromEntries(spec.dependencies.map((d) => [d.name, dependencyHash(d)]));
  const removedDependencies = Object.keys(storedDeps).filter((n) => !(n in hashes));
  const changedDependencies = Object.keys(storedDeps).filter(
    (n) => n in hashes && hashes[n] !== storedDeps[n],
  );
  const current = new Map(spec.triggers.map((t) => [t.template.name, t.template.conditions ?? '']));
  const removedTriggers = storedTriggers.filter((t) => !current.has(t));
  const storedExpressions = new Map<string, string>();
  for (const t of storedTriggers) storedExpressions.set(t, (await readExpression(kv, t)) ?? '');
  const changedTriggers = storedTriggers.filter(
    (t) => current.has(t) && storedExpressions.get(t) !== current.get(t),
  );
  const purged: string[] = [];
  const recreate = new Map<string, DeliverPolicy>();
  const purge = async (t: string, dep: string) => {
    const durable = durableName(sensorName, t, dep);
    await kvDelete(kv, kvKeys.partial(t, dep));
    await deleteDurable(jsm, durable);
    purged.push(`${t}/${dep}`);
    const policyChanged =
      changedDependencies.includes(dep) &&
      storedPolicies[dep] !== undefined &&
      storedPolicies[dep] !== policies[dep];
    recreate.set(durable, policyChanged ? policies[dep]! : 'new');
  };
  const gone = [...removedDependencies, ...changedDependencies];
  for (const t of storedTriggers) {
    if (!current.has(t) || changedTriggers.includes(t)) continue;
    for (const dep of gone) await purge(t, dep);
  }
  const allDeps = [...new Set([...Object.keys(storedDeps), ...Object.keys(hashes)])];
  for (const t of [...changedTriggers, ...removedTriggers]) {
    const names = looseConditionNames(storedExpressions.get(t) ?? '');
    // upstream purges nothing for a stored empty expression; its dependencies were all of the sensor's
    for (const dep of names.length ? names : allDeps) await purge(t, dep);
  }
  for (const t of removedTriggers) await kvDelete(kv, kvKeys.expression(t));
  await kvPut(kv, kvKeys.deps, JSON.stringify(hashes));
  await kvPut(kv, DELIVER_POLICIES_KEY, JSON.stringify(policies));
  await kvPut(kv, kvKeys.triggers, JSON.stringify(spec.triggers.map((t) => t.template.name)));
  for (const [t, expr] of current) await kvPut(kv, kvKeys.expression(t), expr);
  return { removedDependencies, changedDependencies, removedTriggers, changedTriggers, purged, recreate };
}

async function readExpression(kv: KV, trigger: string): Promise<string | undefined> {
  const e = await kv.get(kvKeys.expression(trigger));
  if (!e || e.operation !== 'PUT') return undefined;
  return new TextDecoder().decode(e.value);
}
