/**
 * Go-compatible primitives shared by the source filter (expr-lang) and the sensor engines (govaluate,
 * templates): an RE2 regular expression engine (linear time, Go syntax and error texts), Go's `%v`
 * formatting and string order, and math.Pow. Depends only on src/api.
 * @module
 */
export { compareGoStrings, goFormatFloat, goFormatValue } from './go-format.js';
export { goPow } from './go-math.js';
export { compileRe2, Re2, Re2SyntaxError } from './re2/index.js';
export { formatTraceparent, parseTraceparent, parseTracestate, type TraceParent } from './traceparent.js';
