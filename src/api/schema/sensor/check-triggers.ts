/** Checks of `spec.triggers` (spec/sensor.md §5, §7–§11; upstream validate.go validateTriggers). */
import { conditionNames, requiresState, tryParseConditions } from '../../conditions.js';
import type { IssueSink, PathSeg } from '../../issues.js';
import { TRIGGER_TYPES, type TriggerType } from '../../source-types.js';
import { TRIGGER_PRIORITY, triggerChecks, type TriggerCheck } from '../triggers/index.js';
import { checkParams, writtenBy, type ParamScope } from './check-params.js';
import { checkBackoff, checkConditionsReset, checkPolicy, checkRateLimit } from './check-policies.js';
import { kvKeyTokenProblem } from './rules.js';
import { triggerTypesOf, type Trigger } from './trigger.js';

/**
 * Check every trigger (and its dlqTrigger) and the uniqueness of trigger names. `dependencies` are the
 * declared dependency names in spec order.
 */
export function checkTriggers(triggers: Trigger[], dependencies: string[], sink: IssueSink): void {
  if (triggers.length === 0) {
    sink.error(['spec', 'triggers'], 'no triggers found: expected at least one trigger, found an empty list');
    return;
  }
  const firstIndex = new Map<string, number>();
  triggers.forEach((t, i) => {
    const at: PathSeg[] = ['spec', 'triggers', i];
    checkTrigger(t, at, new Set(dependencies), sink, false);
    const name = t.template.name;
    const prev = firstIndex.get(name);
    if (prev !== undefined && name !== '')
      sink.error(
        [...at, 'template', 'name'],
        `duplicate trigger name: ${name} (already used by spec.triggers[${prev}])`,
      );
    else firstIndex.set(name, i);
  });
}

/** The dependencies a trigger listens to, or `undefined` when its conditions are invalid. */
function checkConditions(
  t: Trigger,
  at: PathSeg[],
  deps: ReadonlySet<string>,
  sink: IssueSink,
): Set<string> | undefined {
  const text = t.template.conditions ?? '';
  if (text === '') {
    if (deps.size === 1 && t.template.conditionsReset?.length) warnResetUseless(at, sink);
    return new Set(deps);
  }
  const parsed = tryParseConditions(text);
  if (!parsed.ok) {
    sink.error(at, `invalid conditions ${JSON.stringify(text)}: ${parsed.error.message}`);
    return undefined;
  }
  const names = conditionNames(parsed.ast);
  // With no dependencies at all, that error is already reported once for the sensor.
  const unknown = deps.size === 0 ? [] : names.filter((n) => !deps.has(n));
  for (const n of unknown)
    sink.error(
      at,
      `conditions name unknown dependency "${n}": expected one of ${[...deps].map((d) => JSON.stringify(d)).join(', ')} (upstream never starts this trigger)`,
    );
  if (t.template.conditionsReset?.length && !requiresState(parsed.ast)) warnResetUseless(at, sink);
  return unknown.length ? undefined : new Set(names);
}

function warnResetUseless(conditionsAt: PathSeg[], sink: IssueSink): void {
  sink.warn(
    [...conditionsAt.slice(0, -1), 'conditionsReset'],
    'conditionsReset has no effect: the conditions contain no "&&", so no partial events are ever stored',
  );
}

function checkTrigger(
  t: Trigger,
  at: PathSeg[],
  deps: ReadonlySet<string>,
  sink: IssueSink,
  isDlq: boolean,
  available?: ReadonlySet<string>,
): void {
  const tpl = t.template;
  const tAt = [...at, 'template'];
  if (tpl.name === '')
    sink.error([...tAt, 'name'], 'trigger must define a name: expected a non-empty string, found ""');
  else {
    const problem = kvKeyTokenProblem(tpl.name);
    if (problem)
      sink.error(
        [...tAt, 'name'],
        `trigger name ${JSON.stringify(tpl.name)} is not usable: it ${problem} (it is part of KV keys "<trigger>/<dependency>")`,
      );
  }
  let listens = available;
  if (isDlq) {
    for (const k of ['conditions', 'conditionsReset'] as const)
      if (tpl[k] !== undefined)
        sink.warn(
          [...tAt, k],
          `${k} is ignored in a dlqTrigger (it runs with the events of the failed trigger)`,
        );
  } else {
    listens = checkConditions(t, [...tAt, 'conditions'], deps, sink);
    if (tpl.conditionsReset) checkConditionsReset(tpl.conditionsReset, [...tAt, 'conditionsReset'], sink);
  }
  const dests = (t.parameters ?? []).map((p) => p.dest ?? '').filter((d) => d !== '');
  const rewritten = (abs: PathSeg[]) =>
    abs.length > tAt.length && tAt.every((s, i) => abs[i] === s) && writtenBy(dests, abs.slice(tAt.length));
  const types = checkTypes(t, tAt, { sink, dependencies: deps, available: listens, rewritten });
  if (t.policy) checkPolicy(t.policy, types, [...at, 'policy'], sink);
  checkParams({ sink, dependencies: deps, available: listens }, t.parameters, [...at, 'parameters']);
  t.parameters?.forEach((p, i) => {
    const head = p.dest?.split('.')[0];
    if (head && types.length === 1 && head !== types[0] && !['name', 'conditions'].includes(head))
      sink.warn(
        [...at, 'parameters', i, 'dest'],
        `dest "${p.dest}" writes template.${head}, but this is a ${types[0]} trigger`,
      );
  });
  if (t.retryStrategy) {
    checkBackoff(t.retryStrategy, [...at, 'retryStrategy'], sink);
    if (!t.atLeastOnce)
      sink.warn(
        [...at, 'retryStrategy'],
        'retryStrategy has no effect without atLeastOnce: true (at-most-once triggers run exactly one attempt)',
      );
  }
  if (t.rateLimit) {
    checkRateLimit(t.rateLimit, [...at, 'rateLimit'], sink);
    if (isDlq)
      sink.warn(
        [...at, 'rateLimit'],
        'rateLimit is ignored in a dlqTrigger (DLQ triggers are not rate limited)',
      );
  }
  if (t.dlqTrigger) checkDlq(t, at, deps, sink, isDlq, listens);
}

function checkDlq(
  t: Trigger,
  at: PathSeg[],
  deps: ReadonlySet<string>,
  sink: IssueSink,
  isDlq: boolean,
  listens?: ReadonlySet<string>,
): void {
  const dAt = [...at, 'dlqTrigger'];
  if (isDlq) {
    sink.warn(dAt, 'a dlqTrigger inside a dlqTrigger is ignored');
    return;
  }
  if (!t.atLeastOnce)
    sink.error(
      dAt,
      `to use dlqTrigger, trigger.atLeastOnce must be set to true, found ${t.atLeastOnce ?? 'nothing'}`,
    );
  if (!t.dlqTrigger!.atLeastOnce)
    sink.error(
      [...dAt, 'atLeastOnce'],
      `atLeastOnce must be set to true within the dlqTrigger, found ${t.dlqTrigger!.atLeastOnce ?? 'nothing'}`,
    );
  checkTrigger(t.dlqTrigger!, dAt, deps, sink, true, listens);
}

/** Exactly one type key, then that type's own rules. Returns the types found. */
function checkTypes(t: Trigger, tAt: PathSeg[], scope: ParamScope): TriggerType[] {
  const { sink } = scope;
  const types = triggerTypesOf(t.template);
  // A warning, not an error: upstream's own trigger-openwhisk example has no (correctly spelled) type.
  // The sensor refuses to start such a trigger.
  if (types.length === 0)
    sink.warn(
      tAt,
      `expected exactly one trigger type (one of ${TRIGGER_TYPES.join(', ')}), found none (upstream fails every execution; jetflow refuses to start this trigger)`,
    );
  if (types.length > 1) {
    const used = TRIGGER_PRIORITY.find((k) => types.includes(k));
    sink.error(
      tAt,
      `expected exactly one trigger type, found ${types.join(' and ')} (upstream silently uses ${used})`,
    );
  }
  for (const type of types) {
    const own = ((t.template[type] as { parameters?: { dest?: string }[] }).parameters ?? []).map(
      (p) => p.dest ?? '',
    );
    const c: TriggerCheck = {
      sink,
      at: [...tAt, type],
      params: (list, path, opts) => checkParams(scope, list, path, opts),
      parameterized: (field) => scope.rewritten!([...tAt, type, field]) || writtenBy(own, [field]),
    };
    (triggerChecks[type] as (v: unknown, c: TriggerCheck) => void)(t.template[type], c);
  }
  return types;
}
