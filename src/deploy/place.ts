/**
 * Placing render problems at `file:line:col` (impure: re-reads the source files), with the loader's own
 * placement, so `jetflow render` points at the field as `jetflow lint` does.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseAllDocuments } from 'yaml';
import { formatIssue, placeIssue } from '../api/index.js';
import type { RenderProblem } from './types.js';

/** Problems with `pos` filled where the file, document and field can be found; others unchanged. */
export async function placeProblems(problems: readonly RenderProblem[]): Promise<RenderProblem[]> {
  const parsed = new Map<string, { docs: ReturnType<typeof parseAllDocuments>; lc: LineCounter } | null>();
  const out: RenderProblem[] = [];
  for (const p of problems) {
    if (p.pos || !p.file || p.document === undefined || !p.segments) {
      out.push(p);
      continue;
    }
    if (!parsed.has(p.file)) {
      const lc = new LineCounter();
      const text = await readFile(p.file, 'utf8').catch(() => undefined);
      parsed.set(
        p.file,
        text === undefined ? null : { docs: parseAllDocuments(text, { lineCounter: lc }), lc },
      );
    }
    const f = parsed.get(p.file);
    const doc = f && Array.isArray(f.docs) ? f.docs[p.document] : undefined;
    if (!f || !doc) {
      out.push(p);
      continue;
    }
    const placed = placeIssue({ severity: 'error', path: p.segments, message: p.message }, doc, f.lc, p.file);
    out.push({ ...p, pos: placed.pos });
  }
  return out;
}

/** `file:line:col: path: message` (or `file: path: message` when not placed). */
export function formatProblem(p: RenderProblem): string {
  if (p.pos) return formatIssue({ severity: 'error', path: p.path, message: p.message, pos: p.pos });
  return `${p.file ? `${p.file}: ` : ''}${p.path ? `${p.path}: ` : ''}${p.message}`;
}
