/**
 * The EventSource-side filter (`<source>.<event>.filter.expression`, spec/eventsource.md §2.3): an
 * expr-lang (github.com/expr-lang/expr, formerly antonmedv/expr, v1.15 as argo pins it) subset evaluated
 * on the event payload before publishing. `false` skips the event silently; an error is logged by the
 * caller and the event skipped; either way the dispatch counts as successful.
 *
 * Language (expr-lang semantics on JSON-decoded data, where every JSON number is a float64 and integer
 * literals are ints):
 * - literals: `42`, `0x2A`, `1_000`, `1.5`, `.5`, `1e3`, `'str'`/`"str"` with Go escapes, `true`, `false`,
 *   `nil`, arrays `[1, 2]`, maps `{a: 1, 'b': 2}`; comments `//`, `/* *\/`
 * - access: `a.b`, `a['b']`, `a[0]`, `a[-1]`, `a?.b`, slices `a[1:3]`, `$env['key']`; unknown names are nil
 * - operators: `! not - +`, `+ - * / % ** ^` (`/` and `**` give floats, `%` needs ints), `== != < <= > >=`,
 *   `and or && ||`, `in`, `not in`, `matches` (RE2), `contains`, `startsWith`, `endsWith` (and `not …`),
 *   `..` ranges, `?:` ternary (and `a ?: b`), `??`, pipes `x | f(y)`, `let x = …; …`
 * - builtins: len type abs ceil floor round int float string trim trimPrefix trimSuffix upper lower split
 *   splitAfter replace repeat join indexOf lastIndexOf hasPrefix hasSuffix max min sum mean median toJSON
 *   fromJSON toBase64 fromBase64 first last get take keys values, predicates all none any one filter map
 *   count find findIndex findLast findLastIndex (closure `{# > 1}` or bare, `.field`, `#index`)
 * - argo helpers: `asInt(x)`, `asFloat(x)`, `toJson(x)` (Go json.Marshal; '' on error),
 *   `jsonpath(jsonString, path)` (see jsonpath.ts for the JSONPath subset), `sprig.<fn>` (see sprig.ts)
 * Not supported (compile error naming them): now, date, duration, groupBy, reduce, sort, sortBy,
 * toPairs, fromPairs, method calls other than `sprig.<fn>(…)`, and any unknown function.
 * Kept upstream quirks: `body.id in ['a']` with a numeric id is an error; `x and true` is `x`;
 * `len('é')` is 2 (bytes); `[1] == body.arr` is false (int vs float64); `keys()` is sorted (Go: random).
 * Bounds: 100 000 characters, 200 nested parse levels, 1000 tree levels, ranges/repeat of 10^6.
 * @module
 */
export { compileSourceFilter, MAX_FILTER_LENGTH, MAX_TREE_DEPTH, type SourceFilter } from './compile.js';
export { prepareFilterEnv } from './env.js';
export {
  SourceFilterEvalError,
  SourceFilterSyntaxError,
  type FilterEvalKind,
  type FilterLocation,
} from './errors.js';
export { SPRIG_FUNCTIONS } from './sprig.js';
export type { Value as FilterValue } from './values.js';
/** Go RE2 matching (shared with the sensor side), for source types that filter by pattern. */
export { compileRe2, Re2, Re2SyntaxError } from './go.js';
