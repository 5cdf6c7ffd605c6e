/** Checks of an `ArtifactLocation` (the `source` of k8s and argoWorkflow triggers). */
import { parse as parseYaml } from 'yaml';
import type { IssueSink, PathSeg } from '../../issues.js';
import { ARTIFACT_KINDS, type ArtifactLocation } from '../sensor/artifacts.js';

/** Exactly one location kind; inline text must be a YAML/JSON object; a git ref at most one of branch/tag/ref. */
export function checkArtifact(loc: ArtifactLocation, at: PathSeg[], sink: IssueSink): void {
  const kinds = ARTIFACT_KINDS.filter((k) => loc[k] !== undefined);
  if (kinds.length === 0) {
    sink.error(at, `expected exactly one of ${ARTIFACT_KINDS.join(', ')}, found none`);
    return;
  }
  if (kinds.length > 1)
    sink.error(at, `expected exactly one of ${ARTIFACT_KINDS.join(', ')}, found ${kinds.join(' and ')}`);
  if (loc.inline !== undefined) {
    let doc: unknown;
    try {
      doc = parseYaml(loc.inline);
    } catch (e) {
      sink.error(
        [...at, 'inline'],
        `expected the YAML or JSON text of an object, found text that does not parse: ${(e as Error).message.split('\n')[0]}`,
      );
      return;
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc))
      sink.error(
        [...at, 'inline'],
        `expected the YAML or JSON text of an object, found ${doc === null ? 'null' : Array.isArray(doc) ? 'a list' : typeof doc}`,
      );
  }
  const git = loc.git;
  if (git) {
    const refs = (['branch', 'tag', 'ref'] as const).filter((k) => git[k]);
    if (refs.length > 1)
      sink.error([...at, 'git'], `expected at most one of branch, tag or ref, found ${refs.join(' and ')}`);
    if (git.creds && git.sshKeySecret)
      sink.error([...at, 'git'], 'expected either creds or sshKeySecret, found both');
  }
  if (loc.url && !/^https?:\/\//.test(loc.url.path))
    sink.error([...at, 'url', 'path'], `expected an http(s) URL, found ${JSON.stringify(loc.url.path)}`);
  if (loc.file && !loc.file.path)
    sink.error([...at, 'file', 'path'], 'file path is required: expected a non-empty string, found nothing');
}
