/**
 * The `conditions` language of a Sensor trigger (spec/sensor.md §5): dependency names combined with `&&`,
 * `||` and parentheses; `&&` binds tighter than `||`. Nothing else (no `!`, no literals). Used by validation
 * and by the sensor engine, so parsing never throws anything but {@link ConditionsSyntaxError}.
 * @module
 */
import { JetflowError } from './errors.js';

/** A parsed expression. `and`/`or` are n-ary: `a && b && c` is one node with three operands. */
export type ConditionNode =
  | { kind: 'name'; name: string; offset: number }
  | { kind: 'and' | 'or'; operands: ConditionNode[]; offset: number };

/** Characters of a dependency name inside `conditions`. */
const NAME_CHAR = /[A-Za-z0-9_-]/;
/** Parentheses deeper than this are refused, so recursion depth stays bounded for any input. */
export const MAX_CONDITIONS_DEPTH = 64;

/** A syntax error with the 0-based `offset` into the expression where it was detected. */
export class ConditionsSyntaxError extends JetflowError {
  override readonly code = 'CONDITIONS_SYNTAX';
  constructor(
    /** What went wrong, without the position (e.g. `expected ")", found end of input`). */
    readonly detail: string,
    readonly expression: string,
    readonly offset: number,
  ) {
    super(`${detail} at column ${offset + 1}`);
  }
}

type Token =
  { kind: 'name'; text: string; offset: number } | { kind: '&&' | '||' | '(' | ')' | 'end'; offset: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      out.push({ kind: ch, offset: i++ });
    } else if (ch === '&' || ch === '|') {
      if (text[i + 1] !== ch)
        throw new ConditionsSyntaxError(`expected "${ch}${ch}", found "${ch}"`, text, i);
      out.push({ kind: ch === '&' ? '&&' : '||', offset: i });
      i += 2;
    } else if (NAME_CHAR.test(ch)) {
      const start = i;
      while (i < text.length && NAME_CHAR.test(text[i])) i++;
      out.push({ kind: 'name', text: text.slice(start, i), offset: start });
    } else if (ch === '!') {
      throw new ConditionsSyntaxError('negation ("!") is not supported', text, i);
    } else {
      const shown = JSON.stringify(String.fromCodePoint(text.codePointAt(i)!));
      throw new ConditionsSyntaxError(
        `unexpected character ${shown} (names may contain letters, digits, "_" and "-")`,
        text,
        i,
      );
    }
  }
  out.push({ kind: 'end', offset: text.length });
  return out;
}

const describe = (t: Token) =>
  t.kind === 'end' ? 'end of input' : t.kind === 'name' ? `"${t.text}"` : `"${t.kind}"`;

/** Recursive descent: or := and ('||' and)* ; and := primary ('&&' primary)* ; primary := name | '(' or ')'. */
class Parser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parse(): ConditionNode {
    const node = this.or(0);
    const t = this.peek();
    if (t.kind !== 'end') this.fail(`expected "&&", "||" or end of input, found ${describe(t)}`, t);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private fail(detail: string, t: Token): never {
    throw new ConditionsSyntaxError(detail, this.text, t.offset);
  }

  private or(depth: number): ConditionNode {
    return this.chain('||', 'or', () => this.and(depth));
  }

  private and(depth: number): ConditionNode {
    return this.chain('&&', 'and', () => this.primary(depth));
  }

  private chain(op: '&&' | '||', kind: 'and' | 'or', next: () => ConditionNode): ConditionNode {
    const first = next();
    const operands = [first];
    while (this.peek().kind === op) {
      this.pos++;
      operands.push(next());
    }
    return operands.length === 1 ? first : { kind, operands, offset: first.offset };
  }

  private primary(depth: number): ConditionNode {
    const t = this.peek();
    if (t.kind === 'name') {
      this.pos++;
      return { kind: 'name', name: t.text, offset: t.offset };
    }
    if (t.kind === '(') {
      if (depth >= MAX_CONDITIONS_DEPTH)
        this.fail(`parentheses nested deeper than ${MAX_CONDITIONS_DEPTH}`, t);
      this.pos++;
      const inner = this.or(depth + 1);
      const close = this.peek();
      if (close.kind !== ')')
        this.fail(`expected ")" to close "(" at column ${t.offset + 1}, found ${describe(close)}`, close);
      this.pos++;
      return inner;
    }
    return this.fail(`expected a dependency name or "(", found ${describe(t)}`, t);
  }
}

/** Parse a `conditions` expression. @throws {ConditionsSyntaxError} on any syntax problem (and nothing else). */
export function parseConditions(text: string): ConditionNode {
  return new Parser(text, tokenize(text)).parse();
}

/** Parse without throwing. */
export function tryParseConditions(
  text: string,
): { ok: true; ast: ConditionNode } | { ok: false; error: ConditionsSyntaxError } {
  try {
    return { ok: true, ast: parseConditions(text) };
  } catch (e) {
    if (e instanceof ConditionsSyntaxError) return { ok: false, error: e };
    throw e;
  }
}

/**
 * Dependency names used by an expression, deduplicated, in order of first appearance (the order the
 * engine subscribes in). @throws {ConditionsSyntaxError} when given text that does not parse.
 */
export function conditionNames(expr: string | ConditionNode): string[] {
  const ast = typeof expr === 'string' ? parseConditions(expr) : expr;
  const seen = new Set<string>();
  const visit = (n: ConditionNode): void => {
    if (n.kind === 'name') seen.add(n.name);
    else n.operands.forEach(visit);
  };
  visit(ast);
  return [...seen];
}

/**
 * Names of a possibly invalid stored expression, split the way upstream does when purging state
 * (spec §6.5 step 4: strip `&&`, `||`, parentheses and whitespace). Never throws.
 */
export function looseConditionNames(text: string): string[] {
  return [...new Set(text.split(/&&|\|\||[()\s]+/).filter((s) => s !== ''))];
}

/** Evaluate with the given truth assignment (`satisfied(name)`: does the dependency have an event). */
export function evaluateConditions(ast: ConditionNode, satisfied: (name: string) => boolean): boolean {
  switch (ast.kind) {
    case 'name':
      return satisfied(ast.name);
    case 'and':
      return ast.operands.every((o) => evaluateConditions(o, satisfied));
    case 'or':
      return ast.operands.some((o) => evaluateConditions(o, satisfied));
  }
}

/**
 * Whether the trigger needs stored partial state: true iff the expression contains an AND. Without one
 * (a single name or only `||`) every passing event fires the trigger on its own (spec §5).
 */
export function requiresState(ast: ConditionNode): boolean {
  return ast.kind === 'and' || (ast.kind === 'or' && ast.operands.some(requiresState));
}

/** The expression used when `conditions` is empty: the AND of all dependencies, in spec order. */
export function defaultConditions(dependencyNames: readonly string[]): string {
  return dependencyNames.join('&&');
}

/** Canonical text of an expression (minimal parentheses, single spaces around operators). */
export function formatConditions(ast: ConditionNode): string {
  if (ast.kind === 'name') return ast.name;
  const op = ast.kind === 'and' ? ' && ' : ' || ';
  return ast.operands
    .map((o) => (o.kind === 'or' && ast.kind === 'and' ? `(${formatConditions(o)})` : formatConditions(o)))
    .join(op);
}
