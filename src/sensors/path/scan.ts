/**
 * Low-level JSON scanning, ported from github.com/tidwall/gjson. These routines do not validate:
 * like gjson they skip over whatever they do not understand, so any input terminates without
 * throwing. Positions are UTF-16 code-unit offsets (gjson uses bytes; only ASCII is structural,
 * so the two agree on where values start and end).
 * @module
 */

/** Trim ASCII control characters and spaces from both ends (gjson's `trim`). */
export function trimCtl(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] <= ' ') a++;
  while (b > a && s[b - 1] <= ' ') b--;
  return s.slice(a, b);
}

/** True when the quote at `i` is escaped: an odd run of backslashes precedes it (stops at `floor`). */
function escapedQuote(json: string, i: number, floor: number): boolean {
  if (json[i - 1] !== '\\') return false;
  let n = 0;
  for (let j = i - 2; j > floor; j--) {
    if (json[j] !== '\\') break;
    n++;
  }
  return n % 2 === 0;
}

/**
 * Parse a string whose opening quote is at `i - 1`.
 * @returns [next index, raw text with quotes, had escapes, terminated]
 */
export function parseString(json: string, i: number): [number, string, boolean, boolean] {
  const s = i;
  for (; i < json.length; i++) {
    if (json[i] > '\\') continue;
    if (json[i] === '"') return [i + 1, json.slice(s - 1, i + 1), false, true];
    if (json[i] === '\\') {
      i++;
      for (; i < json.length; i++) {
        if (json[i] > '\\') continue;
        if (json[i] === '"' && !escapedQuote(json, i, 0))
          return [i + 1, json.slice(s - 1, i + 1), true, true];
      }
      break;
    }
  }
  return [i, json.slice(s - 1), false, false];
}

/** Number text starting at `i`, ending at whitespace, `,`, `]` or `}`. */
export function parseNumber(json: string, i: number): [number, string] {
  const s = i;
  i++;
  for (; i < json.length; i++) {
    const c = json[i];
    if (c <= ' ' || c === ',' || c === ']' || c === '}') return [i, json.slice(s, i)];
  }
  return [i, json.slice(s)];
}

/** A lower-case literal (`true`, `false`, `null`) starting at `i`. */
export function parseLiteral(json: string, i: number): [number, string] {
  const s = i;
  i++;
  for (; i < json.length; i++) {
    if (json[i] < 'a' || json[i] > 'z') return [i, json.slice(s, i)];
  }
  return [i, json.slice(s)];
}

/**
 * Skip a balanced `{…}`, `[…]` or `(…)` block whose opening bracket is at `i`, ignoring strings.
 * @returns [index after the block, the block text]
 */
export function parseSquash(json: string, i: number): [number, string] {
  const s = i;
  i++;
  let depth = 1;
  while (i < json.length) {
    const c = json[i];
    if (c === '"') {
      i++;
      const s2 = i;
      while (i < json.length) {
        if (json[i] === '"' && !escapedQuote(json, i, s2 - 1)) break;
        i++;
      }
    } else if (c === '{' || c === '[' || c === '(') {
      depth++;
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) return [i + 1, json.slice(s, i + 1)];
    }
    i++;
  }
  return [i, json.slice(s)];
}

/** The leading value of `json` (which starts with a bracket or quote), as gjson's `squash`. */
export function squash(json: string): string {
  let i = 0;
  let depth = 0;
  if (json[0] !== '"') {
    i = 1;
    depth = 1;
  }
  for (; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      i++;
      const s2 = i;
      for (; i < json.length; i++) {
        if (json[i] > '\\') continue;
        if (json[i] === '"' && !escapedQuote(json, i, s2 - 1)) break;
      }
      if (depth === 0) return i >= json.length ? json : json.slice(0, i + 1);
    } else if (c === '{' || c === '[' || c === '(') {
      depth++;
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) return json.slice(0, i + 1);
    }
  }
  return json;
}

/** Leading number of `json` as [raw, value]. */
export function tonum(json: string): [string, number] {
  for (let i = 1; i < json.length; i++) {
    const c = json[i];
    if (c <= '-') {
      if (c <= ' ' || c === ',') {
        const raw = json.slice(0, i);
        return [raw, parseGoFloat(raw)];
      }
    } else if (c === ']' || c === '}') {
      const raw = json.slice(0, i);
      return [raw, parseGoFloat(raw)];
    }
  }
  return [json, parseGoFloat(json)];
}

/** Leading lower-case literal of `json`. */
export function tolit(json: string): string {
  for (let i = 1; i < json.length; i++) {
    if (json[i] < 'a' || json[i] > 'z') return json.slice(0, i);
  }
  return json;
}

/** Leading string of `json` as [raw, unescaped]. */
export function tostr(json: string): [string, string] {
  for (let i = 1; i < json.length; i++) {
    if (json[i] > '\\') continue;
    if (json[i] === '"') return [json.slice(0, i + 1), json.slice(1, i)];
    if (json[i] === '\\') {
      i++;
      for (; i < json.length; i++) {
        if (json[i] > '\\') continue;
        if (json[i] === '"' && !escapedQuote(json, i, 0))
          return [json.slice(0, i + 1), unescape(json.slice(1, i))];
      }
      const raw = i + 1 < json.length ? json.slice(0, i + 1) : json.slice(0, i);
      return [raw, unescape(json.slice(1, i))];
    }
  }
  return [json, json.slice(1)];
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
};

/** Decode JSON string escapes; stops (like gjson) at a control character or a bad escape. */
export function unescape(json: string): string {
  let out = '';
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c < ' ') return out;
    if (c !== '\\') {
      out += c;
      continue;
    }
    i++;
    if (i >= json.length) return out;
    const e = json[i];
    if (e !== 'u') {
      const simple = SIMPLE_ESCAPES[e];
      if (simple === undefined) return out;
      out += simple;
      continue;
    }
    if (i + 5 > json.length) return out;
    let r = hex4(json, i + 1);
    i += 5;
    if (r >= 0xd800 && r < 0xe000 && json[i] === '\\' && json[i + 1] === 'u' && i + 6 <= json.length) {
      const r2 = hex4(json, i + 2);
      r = r < 0xdc00 && r2 >= 0xdc00 && r2 < 0xe000 ? 0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00) : 0xfffd;
      i += 6;
    } else if (r >= 0xd800 && r < 0xe000) {
      r = 0xfffd; // a lone surrogate is not a rune: Go's utf8 encoder writes U+FFFD
    }
    out += String.fromCodePoint(r);
    i--;
  }
  return out;
}

/** Go's strconv.ParseUint(s[:4], 16) as gjson uses it: garbage reads as 0. */
function hex4(s: string, at: number): number {
  const h = s.slice(at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(h) ? parseInt(h, 16) : 0;
}

const GO_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Go's strconv.ParseFloat(s, 64) with errors mapped to 0 (as gjson ignores them). */
export function parseGoFloat(s: string): number {
  const lower = s.toLowerCase();
  const sign = lower.startsWith('-') ? -1 : 1;
  const body = lower.replace(/^[+-]/, '');
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan') return NaN;
  if (!GO_FLOAT.test(s)) return 0;
  return Number(s);
}
