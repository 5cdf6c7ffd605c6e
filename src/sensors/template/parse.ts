/**
 * Parser of Go text/template (port of text/template/parse/parse.go). Produces one tree per
 * template name (the main one plus each `define`/`block`). Unknown function names fail here, at
 * parse time, with Go's message `function "foo" not defined`.
 * @module
 */
import { lex, type Item, type ItemType } from './lex.js';
import { numberNode, unquote } from './literals.js';
import type {
  BranchNode,
  CommandNode,
  ListNode,
  Node,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './nodes.js';
import { nodeString } from './nodes.js';
import { TokenStream } from './parse-stream.js';

/** Template name → root list. */
export type TreeSet = Map<string, ListNode>;

class Parser extends TokenStream {
  private vars: string[] = ['$'];
  private rangeDepth = 0;

  constructor(
    items: Item[],
    name: string,
    private readonly hasFunction: (name: string) => boolean,
    readonly trees: TreeSet,
  ) {
    super(items, name);
  }

  /** Add a finished tree; an empty tree never replaces a non-empty one. */
  add(name: string, root: ListNode): void {
    const old = this.trees.get(name);
    if (!old || isEmptyTree(old)) {
      this.trees.set(name, root);
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${JSON.stringify(name)}`);
  }

  parse(): ListNode {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().typ !== 'eof') {
      if (this.peek().typ === 'leftDelim') {
        const at = this.cur;
        this.next();
        if (this.nextNonSpace().typ === 'define') {
          this.parseDefinition();
          continue;
        }
        this.cur = at;
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    return root;
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const tok = this.nextNonSpace();
    if (tok.typ !== 'string' && tok.typ !== 'rawString') this.unexpected(tok, context);
    const name = unquote(tok.val);
    if (name === undefined) this.errorf('invalid syntax');
    this.expect('rightDelim', context);
    const saved = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    this.vars = saved;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add(name, list);
  }

  private itemList(): [ListNode, Node] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const tok = this.nextNonSpace();
    if (tok.typ === 'text') return { type: 'text', pos: tok.pos, text: tok.val };
    if (tok.typ !== 'leftDelim') this.unexpected(tok, 'input');
    this.actionLine = tok.line;
    try {
      return this.action();
    } finally {
      this.actionLine = 0;
    }
  }

  private action(): Node {
    const tok = this.nextNonSpace();
    switch (tok.typ) {
      case 'block':
        return this.blockControl();
      case 'break':
      case 'continue': {
        const t = this.nextNonSpace();
        if (t.typ !== 'rightDelim') this.unexpected(t, `{{${tok.typ}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${tok.typ}}} outside {{range}}`);
        return { type: tok.typ, pos: tok.pos, line: tok.line };
      }
      case 'else': {
        const p = this.peekNonSpace();
        if (p.typ === 'if' || p.typ === 'with') return { type: 'else', pos: p.pos, line: p.line };
        const t = this.expect('rightDelim', 'else');
        return { type: 'else', pos: t.pos, line: t.line };
      }
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos, line: tok.line };
      case 'if':
      case 'range':
      case 'with':
        return this.control(tok.typ);
      case 'template':
        return this.templateControl();
      default: {
        this.backup();
        const p = this.peek();
        return { type: 'action', pos: p.pos, line: p.line, pipe: this.pipeline('command', 'rightDelim') };
      }
    }
  }

  private control(kind: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(kind, 'rightDelim');
      if (kind === 'range') this.rangeDepth++;
      const [list, first] = this.itemList();
      let next = first;
      if (kind === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next.type === 'else') {
        const chained = this.peek().typ;
        if ((kind === 'if' || kind === 'with') && chained === kind) {
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.control(kind)] };
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      return { type: kind, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const tok = this.nextNonSpace();
    const name = this.templateName(tok, context);
    const pipe = this.pipeline(context, 'rightDelim');
    // The block body is a new tree: fresh variables, not inside any range.
    const [savedVars, savedDepth] = [this.vars, this.rangeDepth];
    [this.vars, this.rangeDepth] = [['$'], 0];
    const [list, end] = this.itemList();
    [this.vars, this.rangeDepth] = [savedVars, savedDepth];
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add(name, list);
    return { type: 'template', pos: tok.pos, line: tok.line, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const tok = this.nextNonSpace();
    const name = this.templateName(tok, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().typ !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', pos: tok.pos, line: tok.line, name, pipe };
  }

  private templateName(tok: Item, context: string): string {
    if (tok.typ !== 'string' && tok.typ !== 'rawString') this.unexpected(tok, context);
    const s = unquote(tok.val);
    if (s === undefined) this.errorf('invalid syntax');
    return s;
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = {
      type: 'pipe',
      pos: first.pos,
      line: first.line,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== 'variable') break;
      const at = this.cur;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.typ === 'assign' || next.typ === 'declare') {
        pipe.isAssign = next.typ === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
      } else if (next.typ === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else this.cur = at;
      break;
    }
    for (;;) {
      const tok = this.nextNonSpace();
      if (tok.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      const starts: ItemType[] = [
        'bool',
        'charConstant',
        'complex',
        'dot',
        'field',
        'identifier',
        'number',
        'nil',
        'rawString',
        'string',
        'variable',
        'leftParen',
      ];
      if (!starts.includes(tok.typ)) this.unexpected(tok, context);
      this.backup();
      pipe.cmds.push(this.command());
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0].type)) {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const tok = this.next();
      if (tok.typ === 'space') continue;
      if (tok.typ === 'rightDelim' || tok.typ === 'rightParen') this.backup();
      else if (tok.typ !== 'pipe') this.unexpected(tok, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | undefined {
    const node = this.term();
    if (!node || this.peek().typ !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().typ === 'field') fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
      default:
        return { type: 'chain', pos, node, field: fields };
    }
  }

  private term(): Node | undefined {
    const tok = this.nextNonSpace();
    switch (tok.typ) {
      case 'identifier':
        if (!this.hasFunction(tok.val)) this.errorf(`function ${JSON.stringify(tok.val)} not defined`);
        return { type: 'identifier', pos: tok.pos, ident: tok.val };
      case 'dot':
        return { type: 'dot', pos: tok.pos };
      case 'nil':
        return { type: 'nil', pos: tok.pos };
      case 'variable':
        return this.useVar(tok.pos, tok.val);
      case 'field':
        return { type: 'field', pos: tok.pos, ident: [tok.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: tok.pos, val: tok.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        try {
          return numberNode(tok.pos, tok.val, tok.typ === 'charConstant');
        } catch (err) {
          return this.errorf((err as Error).message);
        }
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString': {
        const s = unquote(tok.val);
        if (s === undefined) this.errorf('invalid syntax');
        return { type: 'string', pos: tok.pos, quoted: tok.val, text: s };
      }
      default:
        this.backup();
        return undefined;
    }
  }

  private useVar(pos: number, name: string): VariableNode {
    const ident = name.split('.');
    if (!this.vars.includes(ident[0])) this.errorf(`undefined variable ${JSON.stringify(ident[0])}`);
    return { type: 'variable', pos, ident };
  }
}

/** A tree with nothing but whitespace text (may be replaced by a later definition). */
function isEmptyTree(n: Node): boolean {
  if (n.type === 'list') return n.nodes.every(isEmptyTree);
  if (n.type === 'text') return n.text.trim() === '';
  return false;
}

/**
 * Parse `text` as template `name`; returns every tree it defines (the main one under `name`).
 * @throws TemplateError (kind 'parse') with Go's message, e.g. `template: param:1: function "foo" not defined`
 */
export function parseTrees(text: string, name: string, hasFunction: (name: string) => boolean): TreeSet {
  const trees: TreeSet = new Map();
  const p = new Parser(lex(text), name, hasFunction, trees);
  p.add(name, p.parse());
  return trees;
}
