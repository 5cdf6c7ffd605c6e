/**
 * jq transforms (spec/sensor.md §3) on jqjs. Upstream uses gojq; jqjs covers the core language, with
 * the corrections of jqjs-fixes.ts, but lacks `try`/`catch`, `error/1`, `input`, `env`, `tostream`,
 * `leaf_paths`, exponent number literals (`1e3`), and `$ENV` is null (which also keeps the process
 * environment out of reach). Programs run in the sandbox worker, which bounds their time and memory.
 * @module
 */
import jq from '@michaelhomer/jqjs';
import { applyJqjsFixes, explicitSliceBounds, JQ_PRELUDE } from './jqjs-fixes.js';
const MAX_PROGRAMS = 256;

/** The program failed to compile or run, or produced no object. */
export class JqError extends Error {
  override name = 'JqError';
}

type Program = (input: unknown) => Iterable<unknown>;

/** Compiles programs once and runs them. */
export class JqEngine {
  private readonly programs = new Map<string, Program>();

  /**
   * Run `program` on `data` (a JSON object; `null` counts as `{}` as in upstream's Go map) and return
   * its **first** output, which must be an object (keys sorted, as Go's encoder writes them).
   * @throws {JqError}
   */
  transform(program: string, data: Record<string, unknown> | null): Record<string, unknown> {
    const run = this.compile(program);
    let first: IteratorResult<unknown>;
    try {
      const outputs = run(data ?? {});
      first = outputs[Symbol.iterator]().next();
    } catch (err) {
      throw new JqError(`jq: ${describe(err)}`);
    }
    if (first.done) throw new JqError('no output available from the jq command execution');
    const v = first.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw new JqError('jq transformation output must be a JSON object');
    return sortKeysDeep(v) as Record<string, unknown>;
  }

  private compile(program: string): Program {
    const known = this.programs.get(program);
    if (known) return known;
    let compiled: Program;
    try {
      applyJqjsFixes();
      compiled = jq.compile(JQ_PRELUDE + explicitSliceBounds(program));
    } catch (err) {
      throw new JqError(`jq: cannot compile ${JSON.stringify(program)}: ${describe(err)}`);
    }
    if (this.programs.size >= MAX_PROGRAMS) this.programs.delete(this.programs.keys().next().value as string);
    this.programs.set(program, compiled);
    return compiled;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}

/** A copy with object keys in sorted order at every level; non-finite numbers are refused like Go does. */
export function sortKeysDeep(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new JqError(`json: unsupported value: ${v}`);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeysDeep((v as Record<string, unknown>)[k]);
  return out;
}
