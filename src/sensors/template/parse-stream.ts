/**
 * The parser's view of the token stream: lookahead over the lexed items and Go's parse error
 * forms (`template: NAME:LINE: unexpected "x" in command`).
 * @module
 */
import { TemplateError } from './errors.js';
import { itemString, type Item, type ItemType } from './lex.js';

/** Go keeps a three-token lookahead; an index into the item array is equivalent. */
export class TokenStream {
  protected cur = 0;
  /** The furthest item read: its line is what Go reports in parse errors. */
  protected furthest = 0;
  /** Line of the action being parsed, for "in action started at" hints. */
  protected actionLine = 0;

  constructor(
    protected readonly items: Item[],
    protected readonly name: string,
  ) {}

  protected next(): Item {
    const it = this.items[Math.min(this.cur, this.items.length - 1)];
    this.cur++;
    this.furthest = Math.max(this.furthest, this.cur - 1);
    return it;
  }
  protected backup(n = 1): void {
    this.cur -= n;
  }
  protected peek(): Item {
    const it = this.next();
    this.backup();
    return it;
  }
  protected nextNonSpace(): Item {
    let it: Item;
    do it = this.next();
    while (it.typ === 'space');
    return it;
  }
  /** Like Go: the spaces before the token are consumed, only the token itself is pushed back. */
  protected peekNonSpace(): Item {
    const it = this.nextNonSpace();
    this.backup();
    return it;
  }

  errorf(msg: string): never {
    const line = this.items[Math.min(this.furthest, this.items.length - 1)].line;
    throw new TemplateError(`template: ${this.name}:${line}: ${msg}`, 'parse');
  }
  protected expect(typ: ItemType, context: string): Item {
    const it = this.nextNonSpace();
    if (it.typ !== typ) this.unexpected(it, context);
    return it;
  }
  protected unexpected(it: Item, context: string): never {
    if (it.typ === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== it.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (it.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${it.val}${extra}`);
    }
    this.errorf(`unexpected ${itemString(it)} in ${context}`);
  }
}
