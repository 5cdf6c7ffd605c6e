/**
 * Checks of rendered objects that the API server would refuse (names, labels, ports), each placed at
 * the SOURCE field that caused it through the objects' origins: a Service port out of range is
 * `spec.service.ports[0].port` of the EventSource, a name too long is its `metadata.name`.
 * @module
 */
import type { PathSeg } from '../api/index.js';
import type { Emitted, ResourceOut } from './emit.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Kinds whose names become DNS labels (Service names, StatefulSet pod host names): DNS-1035, ≤ 63. */
const LABEL_NAMED = new Set(['Service', 'StatefulSet']);

type Report = (objectPath: PathSeg[], message: string) => void;

/** Validate every object `out` collected; problems go to `out` at their source paths. */
export function validateRendered(out: ResourceOut): void {
  for (const e of out.emitted) {
    const report: Report = (p, m) =>
      out.error(sourcePath(e, p), `${e.object.kind} ${e.object.metadata.name}: ${m}`);
    checkObject(e.object as unknown as Record<string, unknown>, report);
  }
}

/** The source field of an object field: the longest origin prefix, plus the rest of the path. */
export function sourcePath(e: Emitted, objectPath: PathSeg[]): PathSeg[] {
  let best: { len: number; src: PathSeg[] } | undefined;
  for (const o of e.origins) {
    const n = o.objectPath.length;
    if (n > objectPath.length || (best && best.len >= n)) continue;
    if (o.objectPath.every((s, i) => s === objectPath[i])) best = { len: n, src: o.sourcePath };
  }
  return best ? [...best.src, ...objectPath.slice(best.len)] : [];
}

function checkObject(o: Record<string, unknown>, report: Report): void {
  const meta = o.metadata as { name: string; namespace?: string; labels?: unknown; annotations?: unknown };
  checkName(String(o.kind), meta.name, report);
  if (meta.namespace !== undefined && !isLabel(meta.namespace, DNS1123_LABEL))
    report(['metadata', 'namespace'], `namespace "${meta.namespace}" ${DNS_LABEL_RULE}`);
  walk(o, [], report);
}

const DNS_LABEL_RULE =
  'must be at most 63 characters of lower-case letters, digits and "-", starting and ending with a letter or digit';

function isLabel(s: string, re: RegExp): boolean {
  return s.length <= 63 && re.test(s);
}

function checkName(kind: string, name: string, report: Report): void {
  const at = ['metadata', 'name'];
  if (LABEL_NAMED.has(kind)) {
    if (name.length > 63)
      report(at, `name "${name}" is ${name.length} characters, a ${kind} name may have at most 63`);
    else if (!DNS1035_LABEL.test(name))
      report(
        at,
        `name "${name}" must be lower-case letters, digits and "-", starting with a letter (DNS-1035)`,
      );
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name))
    report(
      at,
      `name "${name}" must be at most 253 characters of lower-case letters, digits, "-" and "." (DNS-1123)`,
    );
}

/** Fields whose maps are labels (keys and values checked) wherever they appear. */
const LABEL_MAPS = new Set(['labels', 'matchLabels']);
const PORT_FIELDS = new Set(['port', 'containerPort', 'targetPort', 'nodePort', 'hostPort']);

function walk(v: unknown, path: PathSeg[], report: Report): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => walk(x, [...path, i], report));
    return;
  }
  if (!v || typeof v !== 'object') return;
  const o = v as Record<string, unknown>;
  const parent = path[path.length - 1];
  // A Service's selector is a plain label map.
  if (typeof parent === 'string' && (LABEL_MAPS.has(parent) || isServiceSelector(path, o))) {
    checkLabels(o, path, report);
    return;
  }
  if (typeof parent === 'string' && parent === 'annotations') {
    for (const k of Object.keys(o))
      if (!isQualifiedKey(k)) report([...path, k], `annotation key "${k}" is not a valid qualified name`);
    return;
  }
  for (const [k, x] of Object.entries(o)) {
    const at = [...path, k];
    if (PORT_FIELDS.has(k) && (typeof x === 'number' || typeof x === 'string')) checkPort(k, x, at, report);
    else if (k === 'name' && isPortEntry(path, o) && typeof x === 'string')
      checkPortEntryName(o, x, at, report);
    else if (k === 'name' && isNamedEntry(path) && typeof x === 'string' && !isLabel(x, DNS1123_LABEL))
      report(at, `name "${x}" ${DNS_LABEL_RULE}`);
    else walk(x, at, report);
  }
}

/** Service port names are DNS labels; container port names (and named targetPorts) IANA_SVC_NAMEs. */
function checkPortEntryName(o: Record<string, unknown>, name: string, at: PathSeg[], report: Report): void {
  if ('containerPort' in o) checkPortName(name, at, report);
  else if (!isLabel(name, DNS1123_LABEL)) report(at, `port name "${name}" ${DNS_LABEL_RULE}`);
}

function isServiceSelector(path: PathSeg[], o: Record<string, unknown>): boolean {
  const plain = Object.values(o).every((x) => typeof x === 'string');
  return plain && path.length === 2 && path[0] === 'spec' && path[1] === 'selector';
}

/** Entries of `ports` lists (Service and container ports). */
function isPortEntry(path: PathSeg[], o: Record<string, unknown>): boolean {
  return path[path.length - 2] === 'ports' && ('port' in o || 'containerPort' in o);
}

/** Containers and volumes: their names are DNS-1123 labels. */
function isNamedEntry(path: PathSeg[]): boolean {
  const list = path[path.length - 2];
  return list === 'containers' || list === 'initContainers' || list === 'volumes';
}

function checkPort(field: string, v: number | string, at: PathSeg[], report: Report): void {
  // A targetPort may name a container port.
  if (typeof v === 'string') {
    if (field === 'targetPort' && /^[a-z]/.test(v)) return checkPortName(v, at, report);
    report(at, `${field} must be a number 1..65535, found "${v}"`);
    return;
  }
  if (!Number.isInteger(v) || v < 1 || v > 65535) report(at, `${field} must be 1..65535, found ${v}`);
}

function checkPortName(name: string, at: PathSeg[], report: Report): void {
  if (name.length > 15 || !PORT_NAME.test(name) || !/[a-z]/.test(name) || name.includes('--'))
    report(
      at,
      `port name "${name}" must be at most 15 lower-case letters, digits and "-", with a letter (IANA_SVC_NAME)`,
    );
}

function checkLabels(o: Record<string, unknown>, path: PathSeg[], report: Report): void {
  for (const [k, v] of Object.entries(o)) {
    if (!isQualifiedKey(k)) report([...path, k], `label key "${k}" is not a valid qualified name`);
    const s = String(v);
    if (s.length > 63)
      report([...path, k], `label value "${s}" is ${s.length} characters, at most 63 allowed`);
    else if (!LABEL_VALUE.test(s))
      report(
        [...path, k],
        `label value "${s}" must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit`,
      );
  }
}

function isQualifiedKey(k: string): boolean {
  const slash = k.lastIndexOf('/');
  const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
  const name = slash >= 0 ? k.slice(slash + 1) : k;
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}
