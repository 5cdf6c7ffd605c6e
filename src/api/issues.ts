/** Collecting issues with field paths while validating one document. */
import type { Issue, Severity } from './errors.js';

export type PathSeg = string | number;

/** Render a path as `spec.triggers[1].template.http.url` (keys that are not identifiers are quoted). */
export function formatPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** An issue before it has a source position: the loader attaches one from the path. */
export interface RawIssue {
  severity: Severity;
  path: PathSeg[];
  message: string;
}

/** Sink for semantic checks: `report(path, message)` adds an error, `warn(path, message)` a warning. */
export interface IssueSink {
  error(path: PathSeg[], message: string): void;
  warn(path: PathSeg[], message: string): void;
}

export function issueCollector(): IssueSink & { issues: RawIssue[] } {
  const issues: RawIssue[] = [];
  return {
    issues,
    error: (path, message) => issues.push({ severity: 'error', path, message }),
    warn: (path, message) => issues.push({ severity: 'warning', path, message }),
  };
}

export function toIssue(r: RawIssue): Issue {
  return { severity: r.severity, path: formatPath(r.path), message: r.message };
}
