/**
 * Schema coverage: every property of upstream's generated JSON Schema (EventBus, EventSource, Sensor and
 * everything they reference in argoproj.io) must be known to our zod schemas with a compatible type.
 * Kubernetes types (io.k8s.*) are pass-through objects and are not descended into.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { upstreamSchema } from '../../test/harness/paths.js';
import { eventBusSchema } from './schema/eventbus.js';
import { eventSourceSchema } from './schema/eventsource.js';
import { sensorSchema } from './schema/sensor.js';

type JS = Record<string, any>;
const upstream = JSON.parse(readFileSync(upstreamSchema, 'utf8')) as { definitions: Record<string, JS> };
const ARGO = 'io.argoproj.events.v1alpha1.';

function deref(s: JS, defs: Record<string, JS>): JS {
  let cur = s;
  for (let i = 0; i < 20 && cur?.$ref; i++) cur = defs[String(cur.$ref).split('/').pop()!]!;
  return cur;
}

/** Our JSON schema node → the set of JSON types it accepts (union members flattened). */
function ourTypes(s: JS, defs: Record<string, JS>): Set<string> {
  const n = deref(s, defs);
  const out = new Set<string>();
  if (!n || Object.keys(n).length === 0) return new Set(['any']);
  for (const alt of [...(n.anyOf ?? []), ...(n.oneOf ?? [])]) for (const t of ourTypes(alt, defs)) out.add(t);
  if (n.type) for (const t of [n.type].flat()) out.add(t === 'integer' ? 'number' : t);
  if (n.const !== undefined) out.add(typeof n.const);
  if (n.enum) for (const v of n.enum) out.add(typeof v);
  if (out.size === 0) out.add('any');
  return out;
}

function ourProps(s: JS, defs: Record<string, JS>): { props?: Record<string, JS>; additional?: JS } {
  const n = deref(s, defs);
  for (const alt of [...(n.anyOf ?? []), ...(n.oneOf ?? [])]) {
    const r = ourProps(alt, defs);
    if (r.props || r.additional) return r;
  }
  return {
    props: n.properties,
    additional: typeof n.additionalProperties === 'object' ? n.additionalProperties : undefined,
  };
}

function upstreamType(u: JS): string | undefined {
  if (u.type) return u.type === 'integer' ? 'number' : u.type;
  return undefined;
}

function walk(
  uDef: JS,
  ours: JS,
  ourDefs: Record<string, JS>,
  path: string,
  problems: string[],
  seen: Set<string>,
): void {
  const u = uDef.$ref ? deref(uDef, upstream.definitions) : uDef;
  const ref = uDef.$ref ? String(uDef.$ref).split('/').pop()! : undefined;
  if (ref && !ref.startsWith(ARGO)) return; // Kubernetes pass-through
  if (
    ref &&
    ['io.argoproj.events.v1alpha1.Int64OrString', 'io.argoproj.events.v1alpha1.Amount'].includes(ref)
  )
    return;
  const key = `${ref ?? ''}@${path}`;
  if (seen.has(key) || path.split('.').length > 14) return;
  seen.add(key);
  const ut = upstreamType(u) ?? (u.properties ? 'object' : undefined);
  const ot = ourTypes(ours, ourDefs);
  if (ut && !ot.has('any') && !ot.has(ut))
    problems.push(`${path}: upstream type ${ut}, ours ${[...ot].join('|')}`);
  if (ut === 'array' && u.items) {
    const n = deref(ours, ourDefs);
    const items =
      n.items ?? [...(n.anyOf ?? [])].map((a: JS) => deref(a, ourDefs)).find((a: JS) => a.items)?.items;
    if (items) walk(u.items, items, ourDefs, `${path}[]`, problems, seen);
    return;
  }
  if (u.properties) {
    const { props, additional } = ourProps(ours, ourDefs);
    for (const [name, sub] of Object.entries(u.properties as Record<string, JS>)) {
      if (path === '' && name === 'status') continue;
      const mine = props?.[name];
      if (!mine) {
        const opaque = additional && Object.keys(deref(additional, ourDefs)).length === 0;
        if (!additional || opaque) problems.push(`${path ? `${path}.` : ''}${name}: unknown to our schema`);
        continue;
      }
      walk(sub, mine, ourDefs, `${path ? `${path}.` : ''}${name}`, problems, seen);
    }
  } else if (ut === 'object' && u.additionalProperties && typeof u.additionalProperties === 'object') {
    const { additional } = ourProps(ours, ourDefs);
    if (additional) walk(u.additionalProperties, additional, ourDefs, `${path}.*`, problems, seen);
  }
}

for (const [kind, schema] of [
  ['EventBus', eventBusSchema],
  ['EventSource', eventSourceSchema],
  ['Sensor', sensorSchema],
] as const) {
  test(`every upstream ${kind} property is known to our schema with a compatible type`, () => {
    const ours = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'inline' }) as JS;
    const problems: string[] = [];
    walk(
      { $ref: `#/definitions/${ARGO}${kind}` },
      ours,
      (ours.$defs ?? {}) as Record<string, JS>,
      '',
      problems,
      new Set(),
    );
    assert.deepEqual(problems, [], `${problems.length} schema gaps:\n${problems.join('\n')}`);
  });
}
