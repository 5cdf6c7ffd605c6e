/**
 * Helpers of the trigger contract suite (./contract.ts) that driver tests use directly: log capture and
 * the secret scan, in-memory secrets, contexts, events, and upstream example sensors. Test support code:
 * never imported by the runtime.
 * @module
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inspect } from 'node:util';
import { pino, type Logger } from 'pino';
import { parse as parseYaml } from 'yaml';
import { SecretStore, validateResource, type TriggerType } from '../api/index.js';
import type { Trigger } from '../api/index.js';
import { applyParameters } from '../sensors/index.js';
import type { TriggerContext, TriggerEvent } from './types.js';

/** What one test captured. */
export interface Capture {
  logger: Logger;
  lines: string[];
  errors: unknown[];
}

/** A logger writing every line (level `trace`) into memory. */
export function captureLogs(): Capture {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines, errors: [] };
}

/** A SecretStore over in-memory `Secret` documents (`name → key → value`). */
export function secretStoreOf(secrets: Record<string, Record<string, string>>): SecretStore {
  return new SecretStore({
    env: {},
    secrets: Object.entries(secrets).map(([name, stringData]) => ({
      apiVersion: 'v1' as const,
      kind: 'Secret' as const,
      metadata: { name },
      stringData,
    })),
  });
}

/**
 * Fail when any secret value occurs in the captured log lines or in an error (message, stack, cause
 * chain and own properties, as `util.inspect` shows them).
 */
export function assertNoSecrets(capture: Capture, secrets: Record<string, Record<string, string>>): void {
  const haystack = [...capture.lines, ...capture.errors.map((e) => inspect(e, { depth: 10 }))].join('\n');
  for (const [name, keys] of Object.entries(secrets))
    for (const [key, value] of Object.entries(keys)) {
      // Too short to be told apart from ordinary text: such a value cannot be checked meaningfully.
      if (value.length < 6) continue;
      for (const form of secretForms(value))
        assert.ok(!haystack.includes(form), `secret ${name}/${key} appears in logs or errors`);
    }
}

/**
 * The shapes a leaked value takes: as is, JSON-escaped (a pino line), base64 (a basic-auth header),
 * and each long line of a multi-line value (a PEM body), so a partial leak is caught too.
 */
function secretForms(value: string): string[] {
  const lines = value.split('\n').filter((l) => l.length >= 20 && !l.startsWith('-----'));
  return [value, JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('base64'), ...lines];
}

/** The context a test passes to `prepare`/`execute`. */
export function contractContext(
  type: string,
  capture: Capture,
  secrets: SecretStore,
  over: Partial<TriggerContext> = {},
): TriggerContext {
  return {
    sensorName: 'contract-sensor',
    triggerName: `contract-${type.toLowerCase()}`,
    namespace: 'argo-events',
    logger: capture.logger,
    secrets,
    signal: new AbortController().signal,
    ...over,
  };
}

/** One JSON event of dependency `dep` (its `dataText` is the JSON of `data`). */
export function makeEvent(
  data: unknown,
  id = 'evt-0001',
  over: Partial<TriggerEvent['context']> = {},
): TriggerEvent {
  return {
    context: {
      id,
      source: 'webhook',
      specversion: '1.0',
      type: 'webhook',
      datacontenttype: 'application/json',
      subject: 'example',
      time: '2024-05-01T10:00:00Z',
      ...over,
    },
    data,
    dataText: JSON.stringify(data),
  };
}

/** The events of the contract's firing. */
export function contractEvents(): Record<string, TriggerEvent> {
  return { 'test-dep': makeEvent({ body: { message: 'hello from the contract', n: 42 } }, 'evt-contract-1') };
}

/**
 * Load an upstream example Sensor (`<examplesDir>/sensors/<file>`; tests pass `upstreamExamples` of
 * test/harness), validate it with `validateResource` (no errors allowed) and return its triggers.
 */
export async function exampleTriggers(examplesDir: string, file: string): Promise<Trigger[]> {
  const text = await readFile(path.join(examplesDir, 'sensors', file), 'utf8');
  const v = validateResource(parseYaml(text));
  const errors = v.issues.filter((i) => i.severity === 'error');
  assert.deepEqual(errors, [], `${file} validates`);
  assert.ok(v.resource && v.resource.kind === 'Sensor', `${file} is a Sensor`);
  return v.resource.spec.triggers;
}

/**
 * What the engine hands a driver: the trigger-level `parameters` applied to the template (with
 * `override` applied first, e.g. to aim the URL at a local peer), then the type's object.
 */
export function resolvedTypeObject<T>(
  trigger: Trigger,
  type: TriggerType,
  events: Record<string, TriggerEvent>,
  override: (template: Trigger['template']) => void = () => {},
): T {
  const template = structuredClone(trigger.template);
  override(template);
  const resolved = applyParameters(template, trigger.parameters, events) as Record<string, unknown>;
  assert.ok(resolved[type], `the template has a ${type} trigger`);
  return resolved[type] as T;
}

/**
 * Poll `cond` until it holds (test support in src cannot import test/harness's `waitFor`: the build
 * compiles src alone).
 */
export async function until(cond: () => boolean, timeoutMs = 5000, message = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
