/**
 * Go text/template execution (the statement half of exec.go: actions, if/with/range, template
 * calls) and the public Template object.
 * @module
 */
import { TemplateError } from './errors.js';
import { truth } from './call.js';
import { evalPipeline } from './eval.js';
import { fmtV } from './fmt.js';
import { DEFAULT_FUNCS } from './funcs.js';
import type { BranchNode, ListNode, Node, TemplateNode } from './nodes.js';
import { parseTrees } from './parse.js';
import {
  BREAK,
  CONTINUE,
  DEFAULT_BUDGET,
  rv,
  State,
  type Budget,
  type Common,
  type GoFunc,
  type RV,
} from './state.js';
import { fromJS, GoInt, isMap, sortedKeys } from './values.js';

function walk(s: State, dot: RV, node: Node): void {
  s.step();
  s.at(node);
  switch (node.type) {
    case 'action': {
      const val = evalPipeline(s, dot, node.pipe);
      if (node.pipe.decl.length === 0) {
        s.at(node);
        s.write(val === undefined ? '<no value>' : fmtV(val.v));
      }
      return;
    }
    case 'break':
      throw BREAK;
    case 'continue':
      throw CONTINUE;
    case 'if':
    case 'with':
      return walkIfOrWith(s, dot, node);
    case 'list':
      for (const n of node.nodes) walk(s, dot, n);
      return;
    case 'range':
      return walkRange(s, dot, node);
    case 'template':
      return walkTemplate(s, dot, node);
    case 'text':
      s.write(node.text);
      return;
    default:
      s.errorf(`unknown node: ${node.type}`);
  }
}

function walkIfOrWith(s: State, dot: RV, node: BranchNode): void {
  const mark = s.mark();
  try {
    const val = evalPipeline(s, dot, node.pipe);
    if (truth(val)) walk(s, node.type === 'with' ? val : dot, node.list);
    else if (node.elseList) walk(s, dot, node.elseList);
  } finally {
    s.pop(mark);
  }
}

function walkRange(s: State, dot: RV, r: BranchNode): void {
  s.at(r);
  const mark = s.mark();
  try {
    const val = evalPipeline(s, dot, r.pipe);
    const decl = r.pipe.decl;
    const inner = s.mark();
    const one = (index: RV, elem: RV): void => {
      s.step();
      if (decl.length > 0) {
        if (r.pipe.isAssign) s.setVar(decl[0].ident[0], decl.length > 1 ? index : elem);
        else s.setTopVar(1, elem);
      }
      if (decl.length > 1) {
        if (r.pipe.isAssign) s.setVar(decl[1].ident[0], elem);
        else s.setTopVar(2, index);
      }
      try {
        walk(s, elem, r.list);
      } catch (err) {
        if (err !== CONTINUE) throw err;
      } finally {
        s.pop(inner);
      }
    };
    const v = val?.v;
    let ran = false;
    if (val === undefined) ran = false;
    else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++, ran = true) one(rv(new GoInt(BigInt(i))), rv(v[i], true));
    } else if (isMap(v)) {
      for (const k of sortedKeys(v)) {
        ran = true;
        one(rv(k), rv(v[k], true));
      }
    } else if (v instanceof GoInt) {
      if (decl.length > 1) s.errorf(`can't use ${fmtV(v)} to iterate over more than one variable`);
      for (let i = 0n; i < v.v; i++, ran = true) one(rv(new GoInt(i, v.kind)), rv(new GoInt(i, v.kind)));
    } else s.errorf(`range can't iterate over ${fmtV(v ?? null)}`);
    if (!ran && r.elseList) walk(s, dot, r.elseList);
  } catch (err) {
    if (err !== BREAK) throw err;
  } finally {
    s.pop(mark);
  }
}

function walkTemplate(s: State, dot: RV, t: TemplateNode): void {
  s.at(t);
  const tree = s.c.trees.get(t.name);
  if (!tree) s.errorf(`template ${JSON.stringify(t.name)} not defined`);
  if (s.depth >= s.c.budget.maxDepth) s.errorf(`exceeded maximum template depth (${s.c.budget.maxDepth})`);
  const newDot = evalPipeline(s, dot, t.pipe);
  const inner = new State(s.c, t.name, newDot, s.depth + 1);
  walk(inner, newDot, tree);
}

/** Options for parseTemplate. */
export interface TemplateOptions {
  /** Extra functions (win over Sprig and builtins, as Go's Funcs does). */
  funcs?: ReadonlyMap<string, GoFunc>;
  /** Execution limits; defaults to DEFAULT_BUDGET. */
  budget?: Partial<Budget>;
}

/** A parsed template, ready to execute any number of times. */
export class Template {
  private constructor(
    readonly name: string,
    private readonly text: string,
    private readonly trees: Map<string, ListNode>,
    private readonly funcs: ReadonlyMap<string, GoFunc>,
    private readonly budget: Budget,
  ) {}

  /** @internal use parseTemplate */
  static parse(text: string, name: string, opts: TemplateOptions = {}): Template {
    const funcs = opts.funcs ? new Map([...DEFAULT_FUNCS, ...opts.funcs]) : DEFAULT_FUNCS;
    const trees = guardStack(() => parseTrees(text, name, (n) => funcs.has(n)), 'parse');
    return new Template(name, text, trees, funcs, { ...DEFAULT_BUDGET, ...opts.budget });
  }

  /**
   * Execute with `data` as dot (JSON-like JS values: numbers behave as Go float64, objects as
   * map[string]interface{}).
   * @throws TemplateError kind 'exec' (Go's execution errors) or 'budget' (limits exceeded)
   */
  execute(data: unknown): string {
    const c: Common = {
      text: this.text,
      parseName: this.name,
      trees: this.trees,
      funcs: this.funcs,
      budget: this.budget,
      out: [],
      outLen: 0,
      steps: 0,
    };
    const dot: RV =
      data === undefined || data === null ? undefined : guardStack(() => rv(fromJS(data)), 'budget');
    const s = new State(c, this.name, dot);
    const root = this.trees.get(this.name);
    if (!root)
      throw new TemplateError(
        `template: ${this.name}: ${JSON.stringify(this.name)} is an incomplete or empty template`,
        'exec',
      );
    guardStack(() => walk(s, dot, root), 'budget');
    return c.out.join('');
  }
}

/** Turn a JS stack overflow (absurd nesting) into a TemplateError. */
function guardStack<T>(fn: () => T, kind: 'parse' | 'budget'): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RangeError)
      throw new TemplateError(`template: nested too deeply (${err.message})`, kind, { cause: err });
    throw err;
  }
}

/**
 * Parse Go text/template source with the Sprig subset. Unknown functions fail here.
 * @param name template name used in error messages (argo-events uses "param")
 * @throws TemplateError kind 'parse'
 */
export function parseTemplate(text: string, name = 'param', opts?: TemplateOptions): Template {
  return Template.parse(text, name, opts);
}

/** Parse and execute in one go. @throws TemplateError */
export function renderTemplate(text: string, data: unknown, opts?: TemplateOptions): string {
  return parseTemplate(text, 'param', opts).execute(data);
}
