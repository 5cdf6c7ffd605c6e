/**
 * GJSON path syntax, second part: pipes inside `#.`/`#(…)` paths and multipath sub-selectors
 * (`[a,b]`, `{name:a,b}`). Ported from tidwall/gjson.
 * @module
 */
import { squash } from './scan.js';

/** Split `left|right` at the first top-level pipe of an array-log or query path. */
export function splitPossiblePipe(path: string): [string, string] | undefined {
  if (!path.includes('|')) return undefined;
  if (path[0] === '{') {
    const squashed = squash(path.slice(1));
    if (squashed.length < path.length - 1) {
      const head = path.slice(0, squashed.length + 1);
      const remain = path.slice(head.length);
      if (remain[0] === '|') return [head, remain.slice(1)];
    }
    return undefined;
  }
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '\\') i++;
    else if (path[i] === '.') {
      if (i === path.length - 1) return undefined;
      if (path[i + 1] !== '#') continue;
      i += 2;
      if (i === path.length) return undefined;
      if (path[i] !== '[' && path[i] !== '(') continue;
      const start = path[i];
      const end = start === '[' ? ']' : ')';
      i++;
      let depth = 1;
      for (; i < path.length; i++) {
        if (path[i] === '\\') i++;
        else if (path[i] === start) depth++;
        else if (path[i] === end) {
          depth--;
          if (depth === 0) break;
        } else if (path[i] === '"') {
          i++;
          for (; i < path.length; i++) {
            if (path[i] === '\\') i++;
            else if (path[i] === '"') break;
          }
        }
      }
    } else if (path[i] === '|') return [path.slice(0, i), path.slice(i + 1)];
  }
  return undefined;
}

export interface SubSelector {
  name: string;
  path: string;
}

/** Parse `[p1,p2]` or `{name:p1,p2}` at the start of `path`; returns the selectors and the rest. */
export function parseSubSelectors(path: string): { sels: SubSelector[]; rest: string } | undefined {
  const sels: SubSelector[] = [];
  let modifier = 0;
  let depth = 1;
  let colon = 0;
  let start = 1;
  const push = (i: number): void => {
    if (colon === 0) sels.push({ name: '', path: path.slice(start, i) });
    else sels.push({ name: path.slice(start, colon), path: path.slice(colon + 1, i) });
    colon = 0;
    modifier = 0;
    start = i + 1;
  };
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (c === '\\') i++;
    else if (c === '@') {
      if (modifier === 0 && i > 0 && (path[i - 1] === '.' || path[i - 1] === '|')) modifier = i;
    } else if (c === ':') {
      if (modifier === 0 && colon === 0 && depth === 1) colon = i;
    } else if (c === ',') {
      if (depth === 1) push(i);
    } else if (c === '"') {
      i++;
      for (; i < path.length; i++) {
        if (path[i] === '\\') i++;
        else if (path[i] === '"') break;
      }
    } else if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') {
      depth--;
      if (depth === 0) {
        push(i);
        return { sels, rest: path.slice(i + 1) };
      }
    }
  }
  return undefined;
}

/** The last component of a path (after the last unescaped `.` or `|`). */
export function nameOfLast(path: string): string {
  for (let i = path.length - 1; i >= 0; i--) {
    if (path[i] === '|' || path[i] === '.') {
      if (i > 0 && path[i - 1] === '\\') continue;
      return path.slice(i + 1);
    }
  }
  return path;
}

/** A component usable as an object key name in `{a,b}` (no special characters). */
export function isSimpleName(component: string): boolean {
  for (const c of component) {
    if (c < ' ' || '[]{}()#|!'.includes(c)) return false;
  }
  return true;
}
