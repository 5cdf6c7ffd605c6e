/**
 * The Sensor-side expression language: a govaluate-compatible (github.com/Knetic/govaluate, the version
 * argo-events pins) lexer, planner and evaluator for `filters.exprs[].expr`.
 *
 * How argo builds the parameters (spec/sensor.md §4.3): for each `fields[]` entry `{name, path}`, `path`
 * is resolved against the event data with a GJSON path (`src/sensors/path` `getPath`); the parameter
 * `name` is bound to the JSON value found (numbers are float64); a missing path is an error (`and`) or
 * skips the filter (`or`). {@link buildExprParams} does exactly that with any resolver. The filter must
 * evaluate to boolean `true` to pass; any other value is a non-pass.
 *
 * Semantics kept from govaluate (see the golden tests): numbers are float64, `+` concatenates when either
 * side is a string (`'x' + 1000000` is `x1e+06`), string comparison is bytewise, `==` is deep equality
 * without type coercion, `in (a, b)` needs a list, `=~`/`!~` are RE2 (a constant pattern is compiled at
 * compile time), `? :` and `??` share one precedence and chain left to right, `**` is left-associative,
 * a date-like string literal (`'2024-01-02'`, RFC 3339, ANSIC, …) is a number of unix seconds (zone-less
 * dates are read as UTC), a dotted name `a.b` is a Go struct accessor (a syntax error for lower-case
 * fields: write `[a.b]` for a parameter whose name contains a dot), no functions exist.
 * Bounds (jetflow's, not govaluate's): 100 000 characters, parentheses nested 128 deep, 2000 tree levels.
 * Known differences: `**` with a fractional exponent may differ from Go in the last bit; a trailing
 * backslash is a syntax error (govaluate panics); `x in (a, b)` comparing two lists/maps is an eval error
 * (Go panics); offsets beyond ±24:60 in date literals are not dates (as in current Go).
 *
 * Also exported: {@link Re2} / {@link compileRe2}, Go-regexp (RE2) compatible, linear-time matching for
 * every pattern a filter evaluates (data filters, `=~`, the source filter's `matches`). The first `(?i)`
 * pattern builds a case-folding table once (~0.1 s).
 * @module
 */
export { compileExpr, MAX_EXPR_LENGTH, type CompiledExpr } from './compile.js';
export { ExprEvalError, ExprSyntaxError } from './errors.js';
export { compareGoStrings, goFormatFloat, goFormatValue } from '../../lang/index.js';
export { parseGovaluateDate } from './go-time.js';
export { goPow } from '../../lang/index.js';
export { compileRe2, Re2, Re2SyntaxError } from '../../lang/index.js';
export { buildExprParams, type ExprField, type PathResolver } from './params.js';
