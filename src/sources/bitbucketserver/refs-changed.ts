/**
 * `repo:refs_changed` deliveries (spec/eventsource.md §3.16): optionally drop branch changes whose
 * commit already has an open pull request, and optionally split the payload into one event per change.
 * Other fields of the payload are kept as they came.
 * @module
 */
export interface RefsChange {
  ref?: { id?: string; displayId?: string; type?: string };
  refId?: string;
  fromHash?: string;
  toHash?: string;
  type?: string;
}

export interface RefsChangedEvent {
  repository?: { slug?: string; project?: { key?: string } };
  changes?: RefsChange[];
  [k: string]: unknown;
}

export interface RefsChangedOptions {
  skipBranchRefsChangedOnOpenPR: boolean;
  oneEventPerChange: boolean;
  /** Whether a commit has an open pull request (needs the API; absent: nothing is skipped). */
  hasOpenPR?: (project: string, repo: string, commit: string) => Promise<boolean>;
}

/** The JSON texts to dispatch for one `repo:refs_changed` payload (possibly none). */
export async function refsChangedEvents(raw: string, o: RefsChangedOptions): Promise<string[]> {
  let ev: RefsChangedEvent;
  try {
    ev = JSON.parse(raw) as RefsChangedEvent;
    if (ev === null || typeof ev !== 'object' || Array.isArray(ev)) throw new Error('not a JSON object');
  } catch (err) {
    throw new Error(`decoding repo:refs_changed webhook: ${(err as Error).message}`);
  }
  let changed = false;
  if (o.skipBranchRefsChangedOnOpenPR && o.hasOpenPR) {
    const kept: RefsChange[] = [];
    for (const c of ev.changes ?? []) {
      if (c.ref?.type !== 'BRANCH' || c.type === 'DELETE') {
        kept.push(c);
        continue;
      }
      let open: boolean;
      try {
        open = await o.hasOpenPR(
          ev.repository?.project?.key ?? '',
          ev.repository?.slug ?? '',
          c.toHash ?? '',
        );
      } catch (err) {
        throw new Error(`filtering changes for open prs: ${(err as Error).message}`);
      }
      if (!open) kept.push(c);
    }
    if (kept.length === 0) return [];
    changed = kept.length !== (ev.changes ?? []).length;
    ev = { ...ev, changes: kept };
  }
  if (o.oneEventPerChange) return (ev.changes ?? []).map((c) => JSON.stringify({ ...ev, changes: [c] }));
  return [changed ? JSON.stringify(ev) : raw];
}
