/**
 * Evaluation of pipelines, commands, fields and function calls (the expression half of
 * text/template's exec.go), including Go's argument type checks and their error messages.
 * @module
 */
import type { ChainNode, CommandNode, FieldNode, Node, NumberNode, PipeNode, VariableNode } from './nodes.js';
import { nodeString } from './nodes.js';
import { TIME_METHODS } from './time-methods.js';
import { MISSING, rv, type Final, type RV, type State } from './state.js';
import { GoInt, GoTime, isMap, mapGet } from './values.js';
import { evalArg, evalCall, evalFunction, rvType } from './call.js';

export function evalPipeline(s: State, dot: RV, pipe: PipeNode | undefined): RV {
  if (!pipe) return undefined;
  s.at(pipe);
  let value: Final = MISSING;
  for (const cmd of pipe.cmds) {
    value = evalCommand(s, dot, cmd, value);
    // An interface{} value is replaced by what it holds (nil becomes the invalid Value).
    if (value?.iface) value = value.v === null ? undefined : rv(value.v);
  }
  const result = value === MISSING ? undefined : value;
  for (const v of pipe.decl) {
    if (pipe.isAssign) s.setVar(v.ident[0], result);
    else s.push(v.ident[0], result);
  }
  return result;
}

function notAFunction(s: State, args: Node[] | undefined, final: Final): void {
  if ((args && args.length > 1) || final !== MISSING)
    s.errorf(`can't give argument to non-function ${nodeString(args![0])}`);
}

function evalCommand(s: State, dot: RV, cmd: CommandNode, final: Final): RV {
  s.step();
  const first = cmd.args[0];
  switch (first.type) {
    case 'field':
      return evalFieldNode(s, dot, first, cmd.args, final);
    case 'chain':
      return evalChainNode(s, dot, first, cmd.args, final);
    case 'identifier':
      return evalFunction(s, dot, first, cmd, cmd.args, final);
    case 'pipe':
      notAFunction(s, cmd.args, final);
      return evalPipeline(s, dot, first);
    case 'variable':
      return evalVariableNode(s, dot, first, cmd.args, final);
    default:
  }
  s.at(first);
  notAFunction(s, cmd.args, final);
  switch (first.type) {
    case 'bool':
      return rv(first.val);
    case 'dot':
      return dot;
    case 'nil':
      return s.errorf('nil is not a command');
    case 'number':
      return idealConstant(s, first);
    case 'string':
      return rv(first.text);
    default:
      return s.errorf(`can't evaluate command ${JSON.stringify(nodeString(first))}`);
  }
}

export function idealConstant(s: State, n: NumberNode): RV {
  s.at(n);
  const hexInt = /^0[xX]/.test(n.text) && !/[pP]/.test(n.text);
  if (n.isFloat && !hexInt && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return rv(n.float);
  if (n.isInt) return rv(new GoInt(n.int));
  if (n.isUint) s.errorf(`${n.text} overflows int`);
  return undefined;
}

export function evalFieldNode(
  s: State,
  dot: RV,
  field: FieldNode,
  args: Node[] | undefined,
  final: Final,
): RV {
  s.at(field);
  return evalFieldChain(s, dot, dot, field, field.ident, args, final);
}

export function evalChainNode(
  s: State,
  dot: RV,
  chain: ChainNode,
  args: Node[] | undefined,
  final: Final,
): RV {
  s.at(chain);
  if (chain.node.type === 'nil') s.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
  const pipe = evalArg(s, dot, undefined, chain.node) as RV;
  return evalFieldChain(s, dot, pipe, chain, chain.field, args, final);
}

export function evalVariableNode(
  s: State,
  dot: RV,
  v: VariableNode,
  args: Node[] | undefined,
  final: Final,
): RV {
  s.at(v);
  const value = s.varValue(v.ident[0]);
  if (v.ident.length === 1) {
    notAFunction(s, args, final);
    return value;
  }
  return evalFieldChain(s, dot, value, v, v.ident.slice(1), args, final);
}

function evalFieldChain(
  s: State,
  dot: RV,
  receiver: RV,
  node: Node,
  ident: string[],
  args: Node[] | undefined,
  final: Final,
): RV {
  for (let i = 0; i < ident.length - 1; i++)
    receiver = evalField(s, dot, ident[i], node, undefined, MISSING, receiver);
  return evalField(s, dot, ident[ident.length - 1], node, args, final, receiver);
}

function evalField(
  s: State,
  dot: RV,
  name: string,
  node: Node,
  args: Node[] | undefined,
  final: Final,
  receiver: RV,
): RV {
  if (receiver === undefined) return undefined;
  const typ = rvType(receiver);
  if (receiver.iface && receiver.v === null) s.errorf(`nil pointer evaluating ${typ}.${name}`);
  const v = receiver.v;
  if (v instanceof GoTime) {
    const method = TIME_METHODS.get(name);
    if (method)
      return evalCall(
        s,
        dot,
        { ...method, fn: (...a: unknown[]) => method.fn(v, ...a) },
        node,
        name,
        args,
        final,
      );
  }
  const hasArgs = (args !== undefined && args.length > 1) || final !== MISSING;
  if (isMap(v)) {
    if (hasArgs) s.errorf(`${name} is not a method but has arguments`);
    const found = mapGet(v, name);
    return found === undefined ? undefined : rv(found, true);
  }
  s.errorf(`can't evaluate field ${name} in type ${typ}`);
}
