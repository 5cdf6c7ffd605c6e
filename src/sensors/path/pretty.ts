/**
 * github.com/tidwall/pretty, as gjson's `@pretty` and `@ugly` modifiers use it: `ugly` strips
 * whitespace outside strings; `pretty` indents, keeping short arrays on one line (width 80).
 * @module
 */

export interface PrettyOptions {
  width: number;
  prefix: string;
  indent: string;
  sortKeys: boolean;
}

export const DEFAULT_PRETTY: PrettyOptions = { width: 80, prefix: '', indent: '  ', sortKeys: false };

/** Remove all whitespace outside strings. */
export function ugly(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    if (src[i] <= ' ') continue;
    out += src[i];
    if (src[i] !== '"') continue;
    for (i = i + 1; i < src.length; i++) {
      out += src[i];
      if (src[i] !== '"') continue;
      let j = i - 1;
      while (src[j] === '\\') j--;
      if ((j - i) % 2 !== 0) break;
    }
  }
  return out;
}

interface St {
  buf: string;
  nl: number;
}

interface Pair {
  key: string;
  vstart: number;
  vend: number;
}

/** Indent JSON like tidwall/pretty. */
export function pretty(json: string, opts: PrettyOptions = DEFAULT_PRETTY): string {
  const st: St = { buf: opts.prefix, nl: 0 };
  prettyAny(st, json, 0, true, opts, opts.indent, opts.sortKeys, 0, -1);
  return st.buf.length > 0 ? st.buf + '\n' : st.buf;
}

type Ret = [number, boolean];

function prettyAny(
  st: St,
  json: string,
  i: number,
  pp: boolean,
  o: PrettyOptions,
  indent: string,
  sortKeys: boolean,
  tabs: number,
  max: number,
): Ret {
  for (; i < json.length; i++) {
    const c = json[i];
    if (c <= ' ') continue;
    if (c === '"') return [prettyString(st, json, i), true];
    if ((c >= '0' && c <= '9') || c === '-') {
      const s = i;
      for (i++; i < json.length; i++) if (json[i] <= ' ' || ',:]}'.includes(json[i])) break;
      st.buf += json.slice(s, i);
      return [i, true];
    }
    if (c === '{' || c === '[') return prettyObject(st, json, i, c, pp, o, indent, sortKeys, tabs, max);
    const lit = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : '';
    if (lit) {
      st.buf += lit;
      return [i + lit.length, true];
    }
  }
  return [i, true];
}

function prettyString(st: St, json: string, i: number): number {
  const s = i;
  for (i++; i < json.length; i++) {
    if (json[i] !== '"') continue;
    let sc = 0;
    for (let j = i - 1; j > s && json[j] === '\\'; j--) sc++;
    if (sc % 2 === 1) continue;
    i++;
    break;
  }
  st.buf += json.slice(s, i);
  return i;
}

function newline(st: St): void {
  st.nl = st.buf.length;
  if (st.buf.endsWith(' ')) st.buf = st.buf.slice(0, -1) + '\n';
  else st.buf += '\n';
}

function tabsOf(o: PrettyOptions, indent: string, tabs: number): string {
  return o.prefix + indent.repeat(tabs);
}

function prettyObject(
  st: St,
  json: string,
  i: number,
  open: string,
  pp: boolean,
  o: PrettyOptions,
  indent: string,
  sortKeys: boolean,
  tabs: number,
  max: number,
): Ret {
  const close = open === '{' ? '}' : ']';
  if (o.width > 0) {
    if (pp && open === '[' && max === -1) {
      const room = o.width - (st.buf.length - st.nl);
      if (room > 3) {
        const s1 = st.buf.length;
        const trial: St = { buf: st.buf, nl: 0 };
        const [ni, ok] = prettyObject(trial, json, i, '[', false, o, '', sortKeys, 0, room);
        if (ok && trial.buf.length - s1 <= room) {
          st.buf = trial.buf;
          return [ni, true];
        }
      }
    } else if (max !== -1 && open === '{') return [i, false];
  }
  st.buf += open;
  i++;
  const pairs: Pair[] = [];
  let n = 0;
  for (; i < json.length; i++) {
    if (json[i] <= ' ') continue;
    if (json[i] === close) {
      if (pp) {
        if (open === '{' && sortKeys) sortPairs(st, pairs);
        if (n > 0) newline(st);
        if (!st.buf.endsWith(open)) st.buf += tabsOf(o, indent, tabs);
      }
      st.buf += close;
      return [i + 1, open !== '{'];
    }
    if (open !== '[' && json[i] !== '"') continue;
    if (n > 0) {
      st.buf += ',';
      if (o.width !== -1 && open === '[') st.buf += ' ';
    }
    let vstart = 0;
    if (pp) {
      newline(st);
      vstart = st.buf.length;
      st.buf += tabsOf(o, indent, tabs + 1);
    }
    let key = '';
    if (open === '{') {
      const ks = i;
      i = prettyString(st, json, i);
      key = json.slice(ks + 1, i - 1);
      st.buf += pp ? ': ' : ':';
    }
    let ok: boolean;
    [i, ok] = prettyAny(st, json, i, pp, o, indent, sortKeys, tabs + 1, max);
    if (max !== -1 && !ok) return [i, false];
    if (pp && open === '{' && sortKeys) pairs.push({ key, vstart, vend: st.buf.length });
    i--;
    n++;
  }
  return [i, open !== '{'];
}

/** Reorder the members just written by key (stable), as tidwall/pretty's sortPairs. */
function sortPairs(st: St, pairs: Pair[]): void {
  if (pairs.length === 0) return;
  const sorted = pairs
    .map((p, idx) => ({ p, idx }))
    .sort((a, b) => (a.p.key < b.p.key ? -1 : a.p.key > b.p.key ? 1 : a.idx - b.idx));
  if (sorted.every((s, idx) => s.idx === idx)) return;
  const start = pairs[0].vstart;
  const body = sorted.map((s) => st.buf.slice(s.p.vstart, s.p.vend)).join(',\n');
  st.buf = st.buf.slice(0, start) + body;
}
