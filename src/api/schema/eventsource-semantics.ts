/**
 * Semantic rules of one EventSource beyond its shape (spec/eventsource.md §2.1, §2.6; README §4): names
 * that must be subject tokens, unique event names, upstream's update-strategy groups, webhook routes that
 * would shadow each other, and each event's type-specific rules (`./sources/`).
 * @module
 */
import { formatPath, type IssueSink, type PathSeg } from '../issues.js';
import { eventSubject, SUBJECT_TOKEN_FORBIDDEN } from '../names.js';
import { ALL_REPLICA_SOURCE_TYPES, SOURCE_TYPES, WEBHOOK_FAMILY, type SourceType } from '../source-types.js';
import type { EventSource } from './eventsource.js';
import { sourceChecks, type SourceCheck } from './sources/index.js';
import { parsePort, type WebhookContext } from './sources/webhook.js';

/** One configured event: its type, its name (the map key) and its configuration. */
export interface EventRef {
  type: SourceType;
  name: string;
  config: unknown;
}

/** Every configured event of `es`, in type order then map order. */
export function listEvents(es: EventSource): EventRef[] {
  const out: EventRef[] = [];
  for (const type of SOURCE_TYPES) {
    for (const [name, config] of Object.entries(es.spec[type] ?? {})) out.push({ type, name, config });
  }
  return out;
}

/** An HTTP route of a webhook-family event; `path` points at its WebhookContext. */
export interface WebhookRoute {
  type: SourceType;
  name: string;
  path: PathSeg[];
  port: number;
  endpoint: string;
  method?: string;
  /** Both server secrets set: HTTPS. */
  tls: boolean;
}

/** The valid HTTP routes of `es` (events with an unparseable port are left out; they are errors anyway). */
export function webhookRoutes(es: EventSource): WebhookRoute[] {
  const out: WebhookRoute[] = [];
  for (const ev of listEvents(es)) {
    if (!WEBHOOK_FAMILY.has(ev.type)) continue;
    const inline = ev.type === 'webhook';
    const ctx = inline ? (ev.config as WebhookContext) : (ev.config as { webhook: WebhookContext }).webhook;
    const port = parsePort(ctx.port);
    if (port === undefined) continue;
    out.push({
      type: ev.type,
      name: ev.name,
      path: inline ? ['spec', ev.type, ev.name] : ['spec', ev.type, ev.name, 'webhook'],
      port,
      endpoint: ctx.endpoint,
      ...(ctx.method ? { method: ctx.method } : {}),
      tls: Boolean(ctx.serverCertSecret && ctx.serverKeySecret),
    });
  }
  return out;
}

/** Semantic rules of an EventSource (called by `validateResource` after the shape check). */
export function eventSourceSemantics(es: EventSource, sink: IssueSink): void {
  const source = es.metadata.name;
  const bad = forbiddenChar(source);
  if (bad)
    sink.error(
      ['metadata', 'name'],
      `event source name ${JSON.stringify(source)} contains ${bad}, but it must be a single NATS subject token (no ".", "*", ">" or whitespace): it would break subject "${eventSubject(source, '<event>')}"`,
    );
  const replicas = es.spec.replicas;
  if (replicas !== undefined && replicas < 0)
    sink.error(['spec', 'replicas'], `expected replicas >= 0, found ${replicas}`);
  else if (replicas === 0) sink.warn(['spec', 'replicas'], 'replicas 0 is treated as 1 upstream');

  const events = listEvents(es);
  if (events.length === 0)
    sink.warn(
      ['spec'],
      'no events configured: upstream accepts this, but its process exits with "no active event server running"',
    );
  const seen = new Map<string, EventRef>();
  for (const ev of events) {
    const at: PathSeg[] = ['spec', ev.type, ev.name];
    checkEventName(ev.name, source, at, sink);
    const first = seen.get(ev.name);
    if (first)
      sink.error(
        at,
        `more than one ${JSON.stringify(ev.name)} found in the spec (${formatPath(['spec', first.type, ev.name])} and ${formatPath(at)}): event names must be unique across all types`,
      );
    else seen.set(ev.name, ev);
    (sourceChecks[ev.type] as SourceCheck<unknown>)(ev.config, at, sink);
  }
  checkStrategies(events, sink);
  checkRoutes(webhookRoutes(es), sink);
}

function forbiddenChar(name: string): string | undefined {
  const m = SUBJECT_TOKEN_FORBIDDEN.exec(name);
  if (!m) return undefined;
  return /\s/.test(m[0]) ? 'whitespace' : JSON.stringify(m[0]);
}

function checkEventName(name: string, source: string, at: PathSeg[], sink: IssueSink): void {
  if (name === '') {
    sink.error(at, 'event name must not be empty: it is the last token of the subject');
    return;
  }
  const bad = forbiddenChar(name);
  if (bad)
    sink.error(
      at,
      `event name ${JSON.stringify(name)} contains ${bad}, but it must be a single NATS subject token (no ".", "*", ">" or whitespace): it would break subject "${eventSubject(source, name)}"`,
    );
}

/** Upstream deploys the two groups with different update strategies and refuses to mix them. */
function checkStrategies(events: EventRef[], sink: IssueSink): void {
  const types = [...new Set(events.map((e) => e.type))];
  const all = types.filter((t) => ALL_REPLICA_SOURCE_TYPES.has(t));
  const leader = types.filter((t) => !ALL_REPLICA_SOURCE_TYPES.has(t));
  if (all.length > 0 && leader.length > 0)
    sink.error(
      ['spec'],
      `event sources with rolling update and recreate update strategy can not be put together (found all-replica types ${all.join(', ')} and leader-elected types ${leader.join(', ')}; split them into two EventSources)`,
    );
}

/** One server per port: the first route on a port+endpoint wins and the first route decides TLS. */
function checkRoutes(routes: WebhookRoute[], sink: IssueSink): void {
  const byPort = new Map<number, WebhookRoute[]>();
  for (const r of routes) {
    const same = byPort.get(r.port) ?? [];
    const clash = same.find((o) => o.endpoint === r.endpoint);
    if (clash) {
      const methods =
        clash.method && r.method && clash.method !== r.method
          ? ' (routes match on path only, not method)'
          : '';
      sink.error(
        [...r.path, 'endpoint'],
        `port ${r.port} endpoint ${JSON.stringify(r.endpoint)} is already used by ${formatPath(clash.path)}: only the first route receives requests${methods}; use another endpoint or port`,
      );
    }
    const tlsClash = same.find((o) => o.tls !== r.tls);
    if (tlsClash && !clash) {
      const [https, http] = r.tls ? [r, tlsClash] : [tlsClash, r];
      sink.error(
        r.path,
        `routes on port ${r.port} disagree on TLS: ${formatPath(https.path)} sets serverCertSecret/serverKeySecret and ${formatPath(http.path)} does not; one server serves a port and its first route decides`,
      );
    }
    same.push(r);
    byPort.set(r.port, same);
  }
}
