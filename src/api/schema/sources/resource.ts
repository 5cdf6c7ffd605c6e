/** `resource` (Kubernetes watch) and `generic` (gRPC) (spec/eventsource.md §3.5, §3.6). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { obj, secretKeySelector } from '../common.js';
import { checkFilter, checkRegexp } from './checks.js';
import { eventSourceFilter, required, userMetadata } from './shared.js';

export const RESOURCE_EVENT_TYPES = ['ADD', 'UPDATE', 'DELETE'] as const;
const LABEL_OPERATIONS = ['', '=', '==', '!=', 'in', 'notin', 'exists', '!', 'gt', 'lt'];
const FIELD_OPERATIONS = ['=', '==', '!='];

export const selector = obj({
  /** Label key, or for `fields` a GJSON path into the object. */
  key: z.string(),
  /** Labels: `=` (default), `==`, `!=`, `in`, `notin`, `exists`, `!`, `gt`, `lt`; fields: `=`, `==`, `!=`. */
  operation: z.string().optional(),
  /** Labels: the value (comma-separated for in/notin); fields: an unanchored regular expression. */
  value: z.string().optional(),
});

export const resourceFilter = obj({
  /** Object name prefix. */
  prefix: z.string().optional(),
  /** Server-side label selector. */
  labels: z.array(selector).optional(),
  /** Client-side field matching. */
  fields: z.array(selector).optional(),
  /** RFC 3339 time: only objects created at or before it. */
  createdBy: z.string().optional(),
  /** Only events that happen after the listener started. */
  afterStart: z.boolean().optional(),
});

export const resourceEventSource = obj({
  /** Namespace to watch; empty = all. */
  namespace: z.string().optional(),
  /** API group; empty for the core group. */
  group: z.string().optional(),
  version: required('version must be specified'),
  /** Plural resource name, e.g. `deployments`. */
  resource: required('resource must be specified'),
  eventTypes: z.array(z.enum(RESOURCE_EVENT_TYPES)),
  filter: resourceFilter.optional(),
  metadata: userMetadata.optional(),
});
export type ResourceEventSource = z.infer<typeof resourceEventSource>;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Semantic rules of `spec.resource.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkResource(cfg: ResourceEventSource, at: PathSeg[], sink: IssueSink): void {
  if (cfg.eventTypes.length === 0)
    sink.error(
      [...at, 'eventTypes'],
      'event types must be specified: expected at least one of ADD, UPDATE, DELETE',
    );
  const f = cfg.filter;
  if (!f) return;
  f.labels?.forEach((s, i) => {
    const p = [...at, 'filter', 'labels', i];
    if (!s.key) sink.error([...p, 'key'], "key can't be empty for selector");
    if (!LABEL_OPERATIONS.includes(s.operation ?? ''))
      sink.error(
        [...p, 'operation'],
        `unknown selection operation ${JSON.stringify(s.operation)}: expected one of ${LABEL_OPERATIONS.slice(1).join(' ')}`,
      );
  });
  f.fields?.forEach((s, i) => {
    const p = [...at, 'filter', 'fields', i];
    if (!s.key) sink.error([...p, 'key'], "key can't be empty for selector");
    if (!FIELD_OPERATIONS.includes(s.operation ?? ''))
      sink.error(
        [...p, 'operation'],
        `expected operation "==", "=" or "!=", found ${JSON.stringify(s.operation ?? '')}: upstream filters out every object otherwise`,
      );
    if (s.value) checkRegexp(s.value, [...p, 'value'], sink);
  });
  if (f.createdBy !== undefined && (!RFC3339.test(f.createdBy) || Number.isNaN(Date.parse(f.createdBy))))
    sink.error(
      [...at, 'filter', 'createdBy'],
      `expected an RFC 3339 time such as "2024-01-02T15:04:05Z", found ${JSON.stringify(f.createdBy)}`,
    );
}

export const genericEventSource = obj({
  /** gRPC server address `host:port` implementing `generic.Eventing`. Required. */
  url: required("server url can't be empty"),
  /** Configuration text passed to the server in `StartEventSource`. Required. */
  config: required("config can't be empty"),
  /** Plaintext connection; false = TLS with the system roots (upstream cannot connect at all then). */
  insecure: z.boolean().optional(),
  /** Payload is JSON: embedded as raw JSON instead of base64. */
  jsonBody: z.boolean().optional(),
  metadata: userMetadata.optional(),
  /** Bearer token sent as gRPC metadata `authorization: Bearer <token>`. */
  authSecret: secretKeySelector.optional(),
  filter: eventSourceFilter.optional(),
});
export type GenericEventSource = z.infer<typeof genericEventSource>;

/** Semantic rules of `spec.generic.<event>`: upstream's validation plus what it accepts but cannot work. */
export const checkGeneric = (cfg: GenericEventSource, at: PathSeg[], sink: IssueSink): void =>
  checkFilter(cfg.filter, at, sink);
