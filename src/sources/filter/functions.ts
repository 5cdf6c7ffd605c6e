/**
 * Compile-time resolution of every call in a filter: expr-lang builtins, argo's helpers (`asInt`,
 * `asFloat`, `jsonpath`, `toJson`) and `sprig.<fn>`. Anything else is a compile error naming it, so a
 * typo fails when the EventSource starts rather than silently dropping every event.
 * @module
 */
import { children, type Node, type NodeOf } from './ast.js';
import { BUILTINS, toFloatValue, toIntValue, UNSUPPORTED_BUILTINS, type Func } from './builtins.js';
import { SourceFilterSyntaxError } from './errors.js';
import { goJson } from './go.js';
import { jsonPath } from './jsonpath.js';
import { PREDICATES } from './parser.js';
import { SPRIG_FUNCTIONS, sprigFunction } from './sprig.js';
import { RuntimeFault } from './errors.js';
import { typeName } from './values.js';

const stringArg = (v: unknown): string => {
  if (typeof v === 'string') return v;
  throw new RuntimeFault(`reflect: Call using ${v === null ? 'interface {}' : typeName(v)} as type string`);
};

/** argo's helpers (pkg/shared/expr GetFuncMap). They shadow payload keys of the same name. */
export const HELPERS: Record<string, Func> = {
  asInt: { min: 1, max: 1, fn: ([v]) => toIntValue(v) },
  asFloat: { min: 1, max: 1, fn: ([v]) => toFloatValue(v) },
  toJson: {
    min: 1,
    max: 1,
    fn: ([v]) => {
      try {
        return goJson(v);
      } catch {
        return ''; // argo's toJson swallows marshal errors
      }
    },
  },
  jsonpath: { min: 2, max: 2, fn: ([j, p]) => jsonPath(stringArg(j), stringArg(p)) },
};

/** Predicates jetflow implements (closure-taking builtins). */
export const SUPPORTED_PREDICATES = new Set([
  'all',
  'none',
  'any',
  'one',
  'filter',
  'map',
  'count',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
]);

/** The function a call node invokes, attached by {@link resolveFunctions}. */
export const resolved = new WeakMap<Node, Func>();

function arity(name: string, f: Func, n: number, node: Node, text: string): void {
  if (n >= f.min && n <= f.max) return;
  const reason = n < f.min ? `not enough arguments to call ${name}` : `too many arguments to call ${name}`;
  throw new SourceFilterSyntaxError(reason, node.loc, text);
}

function resolveCall(n: NodeOf<'call'>, text: string): void {
  const c = n.callee;
  let name: string;
  let f: Func | undefined;
  if (c.k === 'ident') {
    name = c.name;
    f = Object.hasOwn(HELPERS, name) ? HELPERS[name] : undefined;
  } else if (c.k === 'member' && c.obj.k === 'ident' && c.obj.name === 'sprig' && c.prop.k === 'str') {
    name = `sprig.${c.prop.v}`;
    f = sprigFunction(c.prop.v);
    if (!f) {
      throw new SourceFilterSyntaxError(
        `unknown function ${name} (jetflow provides sprig.${SPRIG_FUNCTIONS.join(', sprig.')})`,
        n.loc,
        text,
      );
    }
  } else {
    throw new SourceFilterSyntaxError(
      'only builtins, asInt, asFloat, jsonpath, toJson and sprig.<fn> can be called',
      n.loc,
      text,
    );
  }
  if (!f) throw new SourceFilterSyntaxError(`unknown function ${name}`, n.loc, text);
  arity(name, f, n.args.length, n, text);
  resolved.set(n, f);
}

function resolveBuiltin(n: NodeOf<'builtin'>, text: string): void {
  if (UNSUPPORTED_BUILTINS.has(n.name)) {
    throw new SourceFilterSyntaxError(
      `function ${n.name}() is not supported by jetflow's filter language`,
      n.loc,
      text,
    );
  }
  if (PREDICATES.has(n.name)) {
    if (!SUPPORTED_PREDICATES.has(n.name)) {
      throw new SourceFilterSyntaxError(
        `function ${n.name}() is not supported by jetflow's filter language`,
        n.loc,
        text,
      );
    }
    return;
  }
  // Argument counts and types of builtins are checked by checker.ts, with expr-lang's messages.
  const f = BUILTINS[n.name]!;
  resolved.set(n, f);
}

/** Walk the tree, resolving each call; throws {@link SourceFilterSyntaxError} for unknown functions. */
export function resolveFunctions(root: Node, text: string): void {
  const stack: Node[] = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.k === 'call') resolveCall(n, text);
    if (n.k === 'builtin') resolveBuiltin(n, text);
    // The callee of a resolved call is not evaluated as a value.
    stack.push(...(n.k === 'call' ? n.args : children(n)));
  }
}
