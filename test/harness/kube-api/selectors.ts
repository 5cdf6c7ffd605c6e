/**
 * Label selectors (equality and set-based, as `kubectl -l` and client libraries send them) and field
 * selectors. Field selectors: the real server accepts only a few fields per kind (metadata.name,
 * metadata.namespace everywhere, a handful more for pods, ...); this one accepts any dotted path and
 * compares its value as a string, which is a superset.
 * @module
 */
import { badRequest, type Obj } from './status.js';

export type Matcher = (obj: Obj) => boolean;

type Req = { key: string; op: 'in' | 'notin' | 'exists' | '!exists'; values: string[] };

/** Split on commas that are not inside parentheses (`a in (x,y),b`). */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter((p) => p !== '');
}

function parseLabelReq(term: string): Req {
  let m = /^(\S+?)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (m) return { key: m[1]!, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]!] };
  m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
  if (m)
    return {
      key: m[1]!,
      op: m[2] as 'in' | 'notin',
      values: m[3]!.split(',').map((v) => v.trim()),
    };
  m = /^(!?)([A-Za-z0-9./_-]+)$/.exec(term);
  if (m) return { key: m[2]!, op: m[1] ? '!exists' : 'exists', values: [] };
  throw badRequest(`unable to parse requirement: ${JSON.stringify(term)}`);
}

export function labelMatcher(selector: string | null): Matcher {
  if (!selector) return () => true;
  const reqs = splitTop(selector).map(parseLabelReq);
  return (obj) => {
    const labels: Record<string, string> = obj.metadata?.labels ?? {};
    return reqs.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.op) {
        case 'exists':
          return has;
        case '!exists':
          return !has;
        case 'in':
          return has && r.values.includes(labels[r.key]!);
        case 'notin':
          return !has || !r.values.includes(labels[r.key]!);
      }
    });
  };
}

function fieldValue(obj: Obj, path: string): string {
  let cur: any = obj;
  for (const p of path.split('.')) cur = cur?.[p];
  return cur === undefined || cur === null ? '' : String(cur);
}

export function fieldMatcher(selector: string | null): Matcher {
  if (!selector) return () => true;
  const reqs = splitTop(selector).map((term) => {
    const m = /^([A-Za-z0-9._-]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid field selector: ${JSON.stringify(term)}`);
    return { path: m[1]!, neg: m[2] === '!=', value: m[3]! };
  });
  return (obj) => reqs.every((r) => (fieldValue(obj, r.path) === r.value) !== r.neg);
}
