/**
 * Execution state of a template (text/template's `state`): the reflect.Value model, variables,
 * the current node for error messages, and the budget that keeps a template from running away.
 * @module
 */
import { TemplateError } from './errors.js';
import type { ListNode, Node } from './nodes.js';
import { nodeString } from './nodes.js';
import type { GoVal } from './values.js';

/**
 * A Go reflect.Value. `undefined` is the invalid Value (a missing map key prints `<no value>`);
 * `iface` marks a value whose static type is interface{} (map entries, slice elements, results of
 * functions returning interface{}), which matters for Go's type errors and nil handling.
 */
export type RV = undefined | { v: GoVal; iface: boolean };

/** text/template's `missingVal`: no final value is being piped into a command. */
export const MISSING = Symbol('missing');
export type Final = RV | typeof MISSING;

export const rv = (v: GoVal, iface = false): RV => ({ v, iface });

/** Go parameter types the engine converts arguments to. */
export type ParamType =
  'string' | 'int' | 'int64' | 'float64' | 'bool' | 'any' | 'value' | 'map' | 'list' | 'time';

/** A function callable from templates, with its Go signature. */
export interface GoFunc {
  params: ParamType[];
  /** The last parameter is `...T`. */
  variadic?: boolean;
  /** Static result type: 'any' yields an interface-typed value, 'value' a reflect.Value (an RV). */
  ret: ParamType;
  fn: (...args: any[]) => unknown;
}

/** Thrown by a function to report an error (Go: a non-nil error result, or a recovered panic). */
export class FuncError extends Error {}

/** Limits for one execution. */
export interface Budget {
  /** Maximum output length in characters (default 1 MiB). */
  maxOutput: number;
  /** Maximum evaluation steps: nodes walked, commands run, range iterations (default 1,000,000). */
  maxSteps: number;
  /** Maximum nesting of `{{template}}` calls (default 200; Go allows 100000 but JS stacks are smaller). */
  maxDepth: number;
}

export const DEFAULT_BUDGET: Budget = { maxOutput: 1 << 20, maxSteps: 1_000_000, maxDepth: 200 };

export const BREAK = Symbol('break');
export const CONTINUE = Symbol('continue');

interface Variable {
  name: string;
  value: RV;
}

/** What a set of parsed templates shares during one execution. */
export interface Common {
  text: string;
  parseName: string;
  trees: Map<string, ListNode>;
  funcs: ReadonlyMap<string, GoFunc>;
  budget: Budget;
  out: string[];
  outLen: number;
  steps: number;
}

export class State {
  node: Node | undefined;
  vars: Variable[];

  constructor(
    readonly c: Common,
    readonly name: string,
    dot: RV,
    readonly depth = 0,
  ) {
    this.vars = [{ name: '$', value: dot }];
  }

  at(node: Node): void {
    this.node = node;
  }

  /** Throw Go's exec error: `template: NAME:LINE:COL: executing "NAME" at <node>: msg`. */
  errorf(msg: string): never {
    if (!this.node) throw new TemplateError(`template: ${this.name}: ${msg}`, 'exec');
    const before = this.c.text.slice(0, this.node.pos);
    const nl = before.lastIndexOf('\n');
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = Buffer.byteLength(before.slice(nl + 1), 'utf8');
    throw new TemplateError(
      `template: ${this.c.parseName}:${line}:${col}: executing ${JSON.stringify(this.name)} at <${nodeString(this.node)}>: ${msg}`,
      'exec',
    );
  }

  step(): void {
    if (++this.c.steps > this.c.budget.maxSteps) {
      throw new TemplateError(
        `template: ${this.name}: execution exceeded ${this.c.budget.maxSteps} steps`,
        'budget',
      );
    }
  }

  write(s: string): void {
    this.c.outLen += s.length;
    if (this.c.outLen > this.c.budget.maxOutput) {
      throw new TemplateError(
        `template: ${this.name}: output exceeded ${this.c.budget.maxOutput} characters`,
        'budget',
      );
    }
    this.c.out.push(s);
  }

  mark(): number {
    return this.vars.length;
  }
  pop(mark: number): void {
    this.vars.length = mark;
  }
  push(name: string, value: RV): void {
    this.vars.push({ name, value });
  }
  setVar(name: string, value: RV): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  setTopVar(n: number, value: RV): void {
    this.vars[this.vars.length - n].value = value;
  }
  varValue(name: string): RV {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    this.errorf(`undefined variable: ${name}`);
  }
}
