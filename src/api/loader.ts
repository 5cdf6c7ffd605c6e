/**
 * Loading resources from files and directories: multi-document YAML and JSON, every finding placed at
 * file:line:col with its field path. Documents of other kinds (Pod, WorkflowTemplate, ...) are skipped,
 * not errors, since real folders mix them.
 * @module
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseAllDocuments, isNode, type Document } from 'yaml';
import type { Issue } from './errors.js';
import { formatPath, type PathSeg, type RawIssue } from './issues.js';
import { validateResource, type Resource } from './validate.js';
import { crossDocumentIssues } from './cross-document.js';

/** One document of one file, after validation. */
export interface LoadedDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  line: number;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace: string;
  /** The validated resource (with defaults) when it has no errors. */
  resource?: Resource;
  issues: Issue[];
  /** Why the document is not a jetflow resource (then it is ignored). */
  skipped?: string;
}

export interface LoadResult {
  documents: LoadedDocument[];
  /** Errors not tied to one document (unreadable path, ...). */
  errors: Issue[];
}

const RESOURCE_FILE = /\.(ya?ml|json)$/i;

/** Load and validate every resource under `paths` (files or directories, recursively). */
export async function loadResources(paths: string[]): Promise<LoadResult> {
  const errors: Issue[] = [];
  const files: string[] = [];
  for (const p of paths) await collectFiles(p, files, errors);
  const documents: LoadedDocument[] = [];
  for (const file of files) documents.push(...(await loadFile(file)));
  applyCrossDocumentIssues(documents);
  return { documents, errors };
}

async function collectFiles(p: string, out: string[], errors: Issue[]): Promise<void> {
  let st;
  try {
    st = await stat(p);
  } catch {
    errors.push({ severity: 'error', path: '', message: `${p}: no such file or directory` });
    return;
  }
  if (st.isFile()) {
    out.push(p);
    return;
  }
  const entries = (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(p, e.name);
    if (e.isDirectory()) await collectFiles(full, out, errors);
    else if (RESOURCE_FILE.test(e.name)) out.push(full);
  }
}

/** Parse one file's text into validated documents. */
export async function loadFile(file: string): Promise<LoadedDocument[]> {
  return loadText(await readFile(file, 'utf8'), file);
}

/** Parse text (YAML or JSON, possibly several documents) as if it were `file`. */
export function loadText(text: string, file: string): LoadedDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
    // no process warnings (e.g. for collection keys): findings are reported as issues, not on stderr
    logLevel: 'error',
  });
  const list = Array.isArray(docs) ? docs : [];
  const out: LoadedDocument[] = [];
  list.forEach((doc, index) => {
    const line = doc.contents?.range ? lineCounter.linePos(doc.contents.range[0]).line : 1;
    if (doc.errors.length > 0) {
      out.push({
        file,
        index,
        line,
        namespace: 'default',
        issues: doc.errors.map((e) => ({
          severity: 'error' as const,
          path: '',
          message: `YAML syntax error: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
          pos: { file, line: e.linePos?.[0].line ?? line, col: e.linePos?.[0].col ?? 1 },
        })),
      });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      // Unresolved aliases and alias bombs surface here, not in doc.errors.
      const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      out.push({
        file,
        index,
        line,
        namespace: 'default',
        issues: [
          { severity: 'error', path: '', message: `YAML error: ${message}`, pos: { file, line, col: 1 } },
        ],
      });
      return;
    }
    if (value === null || value === undefined) return; // empty document (e.g. trailing ---)
    out.push(validateDocument(value, doc, lineCounter, file, index, line));
  });
  return out;
}

function validateDocument(
  value: unknown,
  doc: Document,
  lc: LineCounter,
  file: string,
  index: number,
  line: number,
): LoadedDocument {
  const v = value as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  const result = validateResource(value);
  return {
    file,
    index,
    line,
    apiVersion: typeof v.apiVersion === 'string' ? v.apiVersion : undefined,
    kind: typeof v.kind === 'string' ? v.kind : undefined,
    name: typeof v.metadata?.name === 'string' ? v.metadata.name : undefined,
    namespace: typeof v.metadata?.namespace === 'string' ? v.metadata.namespace : 'default',
    resource: result.resource,
    skipped: result.skipped,
    issues: result.issues.map((i) => placeIssue(i, doc, lc, file)),
  };
}

/** Attach a position: the node at the issue's path, or its nearest existing ancestor. */
export function placeIssue(i: RawIssue, doc: Document, lc: LineCounter, file: string): Issue {
  const issue: Issue = { severity: i.severity, path: formatPath(i.path), message: i.message };
  for (let n = i.path.length; n >= 0; n--) {
    const node = nodeAt(doc, i.path.slice(0, n), n < i.path.length || i.message.startsWith('unknown field'));
    if (node?.range) {
      const p = lc.linePos(node.range[0]);
      issue.pos = { file, line: p.line, col: p.col };
      break;
    }
  }
  return issue;
}

/** The node at `path`; with `key` true and a map parent, the key node (so unknown fields point at the key). */
function nodeAt(
  doc: Document,
  path: PathSeg[],
  key: boolean,
): { range?: [number, number, number] | null } | undefined {
  if (path.length === 0) return doc.contents ?? undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (key && parent && typeof parent === 'object' && 'items' in parent) {
    const pair = (parent.items as { key?: unknown }[]).find(
      (it) => isNode(it.key) && (it.key as { value?: unknown }).value === last,
    );
    if (pair && isNode(pair.key)) return pair.key as { range?: [number, number, number] };
  }
  const node = doc.getIn(path, true);
  return isNode(node) ? (node as { range?: [number, number, number] }) : undefined;
}

function applyCrossDocumentIssues(docs: LoadedDocument[]): void {
  for (const { doc, issue } of crossDocumentIssues(docs)) {
    doc.issues.push(issue);
    if (issue.severity === 'error') doc.resource = undefined;
  }
}

/** True when any document has an error (or, with `strict`, a warning). */
export function hasProblems(result: LoadResult, strict = false): boolean {
  const bad = (i: Issue) => i.severity === 'error' || strict;
  return result.errors.length > 0 || result.documents.some((d) => d.issues.some(bad));
}
