/** `http` trigger (spec/sensor.md §10). */
import { z } from 'zod';
import { basicAuth, obj, stringMap, tlsConfig } from '../common.js';
import { secureHeader, triggerParameters } from '../sensor/parameters.js';
import type { TriggerCheck } from './context.js';

export const HTTP_METHODS = ['GET', 'DELETE', 'PATCH', 'POST', 'PUT'] as const;

export const httpTrigger = obj({
  url: z.string().optional(),
  /** Body; entries may omit `dest` (the value is then the whole body). No parameters = empty body. */
  payload: triggerParameters.optional(),
  tls: tlsConfig.optional(),
  /** Exact upper case. @default "POST" */
  method: z.string().optional(),
  /** Applied to this HTTP trigger object (e.g. `url`, `headers.X`). */
  parameters: triggerParameters.optional(),
  /** Request timeout in seconds; values <= 0 mean the default. @default 60 */
  timeout: z.number().int().optional(),
  basicAuth: basicAuth.optional(),
  /** Static headers, set verbatim. No Content-Type is added automatically. */
  headers: stringMap.optional(),
  secureHeaders: z.array(secureHeader).optional(),
  /** Headers from events: `dest` is the header name. */
  dynamicHeaders: triggerParameters.optional(),
  /** Overrides the Host header. */
  host: z.string().optional(),
});
export type HTTPTrigger = z.infer<typeof httpTrigger>;

export function checkHttp(t: HTTPTrigger, c: TriggerCheck): void {
  // Upstream's own examples (tutorials/09-http-trigger) spell it `serverURL`: lint accepts them with a
  // warning so a folder of upstream examples passes, and the sensor refuses to start such a trigger.
  if (!t.url)
    c.sink.warn(
      [...c.at, 'url'],
      'server URL is not specified: expected a non-empty string, found nothing (upstream rejects it; jetflow refuses to start this trigger)',
    );
  const method = t.method ?? '';
  if (method !== '' && !(HTTP_METHODS as readonly string[]).includes(method))
    c.sink.error(
      [...c.at, 'method'],
      `only GET, DELETE, PATCH, POST and PUT methods are supported (exact upper case), found ${JSON.stringify(method)}`,
    );
  if (t.payload === undefined && ['', 'POST', 'PUT', 'PATCH'].includes(method))
    c.sink.warn(
      [...c.at, 'payload'],
      `no payload: the ${method || 'POST'} request is sent with an empty body`,
    );
  if (t.timeout !== undefined && t.timeout <= 0)
    c.sink.warn(
      [...c.at, 'timeout'],
      `timeout ${t.timeout} is not positive: the default of 60 seconds is used`,
    );
  c.params(t.parameters, [...c.at, 'parameters']);
  c.params(t.payload, [...c.at, 'payload'], { destOptional: true });
  c.params(t.dynamicHeaders, [...c.at, 'dynamicHeaders']);
  t.secureHeaders?.forEach((h, i) => {
    const at = [...c.at, 'secureHeaders', i];
    if (!h.name)
      c.sink.error(
        [...at, 'name'],
        'secure header name is required: expected a non-empty string, found nothing',
      );
    const from = h.valueFrom;
    if (!from?.secretKeyRef && !from?.configMapKeyRef)
      c.sink.error(
        [...at, 'valueFrom'],
        'expected valueFrom.secretKeyRef or valueFrom.configMapKeyRef, found neither',
      );
  });
}
