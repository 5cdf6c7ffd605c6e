/**
 * Function calls and their arguments (text/template's evalCall, evalArg, validateType): Go's
 * argument counting, the conversion of literals to parameter types, and the type errors.
 * @module
 */
import { isBuiltinName } from './funcs.js';
import type { IdentifierNode, Node } from './nodes.js';
import { nodeString } from './nodes.js';
import {
  FuncError,
  MISSING,
  rv,
  type Final,
  type GoFunc,
  type ParamType,
  type RV,
  type State,
} from './state.js';
import { GoInt, isTrue, typeName } from './values.js';
import { evalChainNode, evalFieldNode, evalPipeline, evalVariableNode, idealConstant } from './eval.js';

const GO_TYPE: Record<ParamType, string> = {
  string: 'string',
  int: 'int',
  int64: 'int64',
  float64: 'float64',
  bool: 'bool',
  any: 'interface {}',
  value: 'reflect.Value',
  map: 'map[string]interface {}',
  list: '[]interface {}',
  time: 'time.Time',
};

/** Dynamic Go type of a Value as reflect reports it (`interface {}` for interface-typed values). */
export function rvType(v: NonNullable<RV>): string {
  return v.iface ? 'interface {}' : typeName(v.v);
}

/** Convert an assignable concrete value to what a function of that parameter type receives. */
function convert(v: NonNullable<RV>, typ: ParamType): unknown {
  if (typ === 'int' || typ === 'int64') return Number((v.v as GoInt).v);
  return v.v;
}

/** text/template's validateType: check (and unwrap) a value for a parameter of type `typ`. */
export function validateType(s: State, value: RV, typ: ParamType | undefined): unknown {
  if (typ === undefined) return value;
  if (value === undefined) {
    if (typ === 'value') return undefined;
    if (typ === 'any' || typ === 'map' || typ === 'list') return null;
    s.errorf(`invalid value; expected ${GO_TYPE[typ]}`);
  }
  if (typ === 'value') return value;
  if (typ === 'any') return value.v;
  const t = rvType(value);
  if (t === GO_TYPE[typ]) return convert(value, typ);
  // An interface holding a value is judged by what it holds (and reported that way).
  const held = value.iface && value.v !== null ? typeName(value.v) : t;
  if (held === GO_TYPE[typ]) return convert(value, typ);
  s.errorf(`wrong type for value; expected ${GO_TYPE[typ]}; got ${held}`);
}

export function evalFunction(
  s: State,
  dot: RV,
  node: IdentifierNode,
  cmd: Node,
  args: Node[] | undefined,
  final: Final,
): RV {
  s.at(node);
  const fn = s.c.funcs.get(node.ident);
  if (!fn) s.errorf(`${JSON.stringify(node.ident)} is not a defined function`);
  return evalCall(s, dot, fn, cmd, node.ident, args, final, isBuiltinName(node.ident, s.c.funcs));
}

/** Call `fn` with the argument nodes (minus the name) and the piped-in final value. */
export function evalCall(
  s: State,
  dot: RV,
  fn: GoFunc,
  node: Node,
  name: string,
  argNodes: Node[] | undefined,
  final: Final,
  builtin = false,
): RV {
  const args = argNodes ? argNodes.slice(1) : [];
  const numIn = args.length + (final !== MISSING ? 1 : 0);
  let numFixed = args.length;
  if (fn.variadic) {
    numFixed = fn.params.length - 1;
    if (numIn < numFixed)
      s.errorf(`wrong number of args for ${name}: want at least ${fn.params.length - 1} got ${args.length}`);
  } else if (numIn !== fn.params.length)
    s.errorf(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);

  if (builtin && (name === 'and' || name === 'or')) {
    let v: RV;
    for (const a of args) {
      v = evalArg(s, dot, 'value', a) as RV;
      if (truth(v) === (name === 'or')) return v;
    }
    if (final !== MISSING) v = validateType(s, final, 'value') as RV;
    return v;
  }

  const argv: unknown[] = [];
  let i = 0;
  for (; i < numFixed && i < args.length; i++) argv.push(evalArg(s, dot, fn.params[i], args[i]));
  const last = fn.params[fn.params.length - 1];
  if (fn.variadic) for (; i < args.length; i++) argv.push(evalArg(s, dot, last, args[i]));
  if (final !== MISSING) {
    const t = fn.variadic && numIn - 1 < numFixed ? fn.params[numIn - 1] : last;
    argv.push(validateType(s, final, t));
  }
  let out: unknown;
  try {
    out = fn.fn(...argv);
  } catch (err) {
    if (!(err instanceof FuncError)) throw err;
    s.at(node);
    s.errorf(`error calling ${name}: ${err.message}`);
  }
  if (fn.ret === 'value') return out as RV;
  return rv(out as never, fn.ret === 'any');
}

/** Truth of a reflect.Value (nil interfaces and invalid values are false). */
export function truth(v: RV): boolean {
  return v !== undefined && isTrue(v.v);
}

export function evalArg(s: State, dot: RV, typ: ParamType | undefined, n: Node): unknown {
  s.at(n);
  switch (n.type) {
    case 'dot':
      return validateType(s, dot, typ);
    case 'nil':
      if (typ === undefined || typ === 'any' || typ === 'map' || typ === 'list')
        return typ === undefined ? undefined : null;
      if (typ === 'value') return undefined;
      return s.errorf(`cannot assign nil to ${GO_TYPE[typ]}`);
    case 'field':
      return validateType(s, evalFieldNode(s, dot, n, [n], MISSING), typ);
    case 'variable':
      return validateType(s, evalVariableNode(s, dot, n, undefined, MISSING), typ);
    case 'pipe':
      return validateType(s, evalPipeline(s, dot, n), typ);
    case 'identifier':
      return validateType(s, evalFunction(s, dot, n, n, undefined, MISSING), typ);
    case 'chain':
      return validateType(s, evalChainNode(s, dot, n, undefined, MISSING), typ);
    default:
  }
  const found = nodeString(n);
  switch (typ) {
    case 'bool':
      return n.type === 'bool' ? n.val : s.errorf(`expected bool; found ${found}`);
    case 'float64':
      return n.type === 'number' && n.isFloat ? n.float : s.errorf(`expected float; found ${found}`);
    case 'int':
    case 'int64':
      return n.type === 'number' && n.isInt ? Number(n.int) : s.errorf(`expected integer; found ${found}`);
    case 'string':
      return n.type === 'string' ? n.text : s.errorf(`expected string; found ${found}`);
    case 'any':
      return evalEmptyInterface(s, n)?.v ?? null;
    case 'value':
    case undefined:
      return evalEmptyInterface(s, n);
    default:
      return s.errorf(`can't handle ${found} for arg of type ${GO_TYPE[typ]}`);
  }
}

function evalEmptyInterface(s: State, n: Node): RV {
  s.at(n);
  switch (n.type) {
    case 'bool':
      return rv(n.val);
    case 'number':
      return idealConstant(s, n);
    case 'string':
      return rv(n.text);
    default:
      return s.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }
}
