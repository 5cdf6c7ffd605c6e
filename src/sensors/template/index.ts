/**
 * Go text/template with the Sprig functions Argo Events users rely on, for `dataTemplate`,
 * `contextTemplate` and data-filter `template`. See README.md for the supported subset.
 * @module
 */
export { TemplateError, type TemplateErrorKind } from './errors.js';
export { parseTemplate, renderTemplate, Template, type TemplateOptions } from './exec.js';
export { DEFAULT_FUNCS, SPRIG } from './funcs.js';
export { compileGoRegexp, goMatch, RegexpError } from './regexp.js';
export { DEFAULT_BUDGET, FuncError, type Budget, type GoFunc, type ParamType } from './state.js';
export { GoInt, GoTime, type GoVal } from './values.js';
