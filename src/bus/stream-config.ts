/**
 * The EventBus `streamConfig` YAML text (eventbus.md §7): parsing with per-key errors, merging over the
 * defaults, and the typed result the stream is built from.
 * @module
 */
import { parse } from 'yaml';
import { parseGoDuration } from '../api/index.js';
import { ValidationError, type Issue } from '../api/index.js';

/** Stream properties a bus may set. Durations are in nanoseconds, as JetStream takes them. */
export interface StreamSettings {
  /** Max messages kept; 0 or -1 = unlimited. */
  maxMsgs: number;
  /** Max message age in ns; 0 = unlimited. */
  maxAge: number;
  /** Max total bytes; 0 or -1 = unlimited. */
  maxBytes: number;
  /** Stream replicas; 0 means 1. */
  replicas: number;
  /** `Nats-Msg-Id` dedup window in ns; 0 = server default (2 min). */
  duplicates: number;
  /** 0 Limits, 1 Interest, 2 WorkQueue. */
  retention: 0 | 1 | 2;
  /** 0 DiscardOld, 1 DiscardNew. */
  discard: 0 | 1;
}

/** The shipped controller default (eventbus.md §4), over which a managed bus's text is merged. */
export const DEFAULT_STREAM_SETTINGS: Readonly<StreamSettings> = Object.freeze({
  maxMsgs: 50_000,
  maxAge: 168 * 3600e9,
  maxBytes: -1,
  replicas: 3,
  duplicates: 300e9,
  retention: 0,
  discard: 0,
});

/** All-zero settings: what an exotic bus's text is applied to (no merge with the controller default). */
export const ZERO_STREAM_SETTINGS: Readonly<StreamSettings> = Object.freeze({
  maxMsgs: 0,
  maxAge: 0,
  maxBytes: 0,
  replicas: 0,
  duplicates: 0,
  retention: 0,
  discard: 0,
});

type Key = keyof StreamSettings;
const KEYS: Record<string, Key> = Object.fromEntries(
  (['maxMsgs', 'maxAge', 'maxBytes', 'replicas', 'duplicates', 'retention', 'discard'] as const).map((k) => [
    k.toLowerCase(),
    k,
  ]),
);

/** The keys given in a `streamConfig` text, plus warnings (unknown keys, bare-number durations). */
export interface ParsedStreamConfig {
  settings: Partial<StreamSettings>;
  warnings: Issue[];
}

/**
 * Parse a `streamConfig` text. Keys are case-insensitive (upstream re-serializes them lower-cased).
 * Throws a {@link ValidationError} whose issues name each bad key (`<path>.<key>`).
 */
export function parseStreamConfig(text: string | undefined, path = 'streamConfig'): ParsedStreamConfig {
  const settings: Partial<StreamSettings> = {};
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const err = (p: string, message: string) => errors.push({ severity: 'error', path: p, message });
  let doc: unknown;
  try {
    doc = text === undefined || text.trim() === '' ? null : parse(text);
  } catch (e) {
    throw new ValidationError(`${path}: not valid YAML: ${(e as Error).message}`, [
      { severity: 'error', path, message: `not valid YAML: ${(e as Error).message}` },
    ]);
  }
  if (doc === null || doc === undefined) return { settings, warnings };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ValidationError(`${path}: expected a mapping of stream properties`, [
      { severity: 'error', path, message: 'expected a mapping of stream properties' },
    ]);
  }
  const seen = new Map<Key, string>();
  for (const [rawKey, value] of Object.entries(doc as Record<string, unknown>)) {
    const key = KEYS[rawKey.toLowerCase()];
    const p = `${path}.${rawKey}`;
    if (!key) {
      warnings.push({
        severity: 'warning',
        path: p,
        message: `unknown key (known: ${Object.values(KEYS).join(', ')}); ignored`,
      });
      continue;
    }
    const prev = seen.get(key);
    if (prev !== undefined) {
      err(p, `given twice (also as ${prev}; keys are case-insensitive)`);
      continue;
    }
    seen.set(key, rawKey);
    const r = parseValue(key, value);
    if (typeof r === 'string') err(p, r);
    else {
      (settings as Record<Key, number>)[key] = r.value;
      if (r.warning) warnings.push({ severity: 'warning', path: p, message: r.warning });
    }
  }
  if (errors.length > 0) {
    throw new ValidationError(
      `invalid ${path}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      errors,
    );
  }
  return { settings, warnings };
}

type Parsed = { value: number; warning?: string } | string;

function parseValue(key: Key, value: unknown): Parsed {
  switch (key) {
    case 'maxMsgs':
      return int(value, -1, 'a message count (-1 or 0 = unlimited)');
    case 'maxBytes': {
      const r = int(value, -1, 'a number of bytes (-1 or 0 = unlimited)');
      if (typeof r === 'string' && typeof value === 'string' && /^\s*\d+(\.\d+)?\s*[a-z]+\s*$/i.test(value)) {
        return `size strings like '${value}' are not understood (upstream would silently read it as unlimited); give a number of bytes, e.g. 1073741824 for 1GiB`;
      }
      return r;
    }
    case 'replicas':
      return int(value, 0, 'a replica count');
    case 'retention':
      return enumInt(value, 2, 'RetentionPolicy: 0 Limits, 1 Interest, 2 WorkQueue');
    case 'discard':
      return enumInt(value, 1, 'DiscardPolicy: 0 DiscardOld, 1 DiscardNew');
    case 'maxAge':
    case 'duplicates':
      return duration(value);
  }
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

function int(value: unknown, min: number, what: string): Parsed {
  const n = asNumber(value);
  if (n === undefined || !Number.isSafeInteger(n)) return `expected ${what}, got ${JSON.stringify(value)}`;
  if (n < min) return `expected ${what} >= ${min}, got ${n}`;
  return { value: n };
}

function enumInt(value: unknown, max: number, what: string): Parsed {
  const n = asNumber(value);
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > max) {
    return `invalid int for ${what.split(':')[0]}: ${JSON.stringify(value)} (expected ${what.split(': ')[1]})`;
  }
  return { value: n };
}

/** A Go duration string, or a bare number meaning nanoseconds (as upstream's viper/mapstructure). */
function duration(value: unknown): Parsed {
  const n = asNumber(value);
  if (n !== undefined) {
    if (!Number.isSafeInteger(n) || n < 0)
      return `expected a non-negative duration, got ${JSON.stringify(value)}`;
    const warning =
      n > 0
        ? `a bare number is nanoseconds (${n}ns), as upstream; add a unit (e.g. ${n}s) if you meant more`
        : undefined;
    return warning ? { value: n, warning } : { value: n };
  }
  if (typeof value !== 'string') return `expected a duration like 72h or 300s, got ${JSON.stringify(value)}`;
  const ns = parseGoDuration(value);
  if (ns === undefined) return `expected a duration like 72h or 300s, got '${value}'`;
  if (ns < 0) return `expected a non-negative duration, got '${value}'`;
  return { value: Math.round(ns) };
}

/**
 * Merge the keys given in `overrideText` over `defaults` (key by key, as upstream merges a managed bus's
 * text over the controller default). Throws a {@link ValidationError} for bad keys or an inconsistent
 * result (a dedup window longer than the max age).
 */
export function mergeStreamConfig(
  defaults: Readonly<StreamSettings>,
  overrideText: string | undefined,
  path = 'streamConfig',
): { settings: StreamSettings; warnings: Issue[] } {
  const { settings, warnings } = parseStreamConfig(overrideText, path);
  const merged: StreamSettings = { ...defaults, ...settings };
  if (merged.maxAge > 0 && merged.duplicates > merged.maxAge) {
    const message = `duplicates window (${merged.duplicates}ns) is longer than maxAge (${merged.maxAge}ns); JetStream refuses that`;
    throw new ValidationError(`invalid ${path}: ${message}`, [
      { severity: 'error', path: `${path}.duplicates`, message },
    ]);
  }
  return { settings: merged, warnings };
}
