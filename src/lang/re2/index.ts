/**
 * RE2 (Go `regexp`) compatible matching for the expression languages and filters: Go's syntax and
 * error messages, Go's semantics for `.`, `\s`, `^`/`$` (text boundaries unless `(?m)`) and `(?i)`,
 * and linear-time matching. Only "does it match somewhere" is offered: that is all `=~`, `matches`,
 * data filters and `regexMatch` need.
 *
 * Not supported (error, like Go): backreferences, lookaround, atomic groups, `\C`. Program size is
 * capped at {@link MAX_PROGRAM} instructions (Go's own cap is larger).
 * @module
 */
import { parseRe2, Re2SyntaxError } from './parse.js';
import { buildProgram, MAX_PROGRAM, run, type Program } from './program.js';

export { Re2SyntaxError, MAX_PROGRAM };

/** A compiled RE2 pattern. */
export class Re2 {
  private constructor(
    /** The pattern text as written. */
    readonly source: string,
    private readonly program: Program,
  ) {}

  /** Compile `pattern`; throws {@link Re2SyntaxError} where Go's `regexp.Compile` fails. */
  static compile(pattern: string): Re2 {
    return new Re2(pattern, buildProgram(parseRe2(pattern), pattern));
  }

  /** Go's `MatchString`: is there a match anywhere in `input`? */
  test(input: string): boolean {
    return run(this.program, input);
  }

  /** Printed like Go prints a `*regexp.Regexp` with `%v`: its source. */
  toGoString(): string {
    return this.source;
  }
}

const cache = new Map<string, Re2>();
const CACHE_SIZE = 256;

/** {@link Re2.compile} with a small LRU cache, for patterns that arrive with each event. */
export function compileRe2(pattern: string): Re2 {
  const hit = cache.get(pattern);
  if (hit) {
    cache.delete(pattern);
    cache.set(pattern, hit);
    return hit;
  }
  const re = Re2.compile(pattern);
  cache.set(pattern, re);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return re;
}
