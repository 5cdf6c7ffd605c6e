/** Multi-document YAML of rendered objects, byte-for-byte stable for the same objects. */
import { stringify } from 'yaml';
import type { KubeObject } from './types.js';

/** `---`-separated documents; long lines are not folded, so config text stays as rendered. */
export function toMultiDocYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join('');
}
