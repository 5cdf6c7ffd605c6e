/** Checks of retry/backoff, rate limit, policies and conditions reset (spec/sensor.md §5.1, §9). */
import { parseGoDuration } from '../../duration.js';
import type { IssueSink, PathSeg } from '../../issues.js';
import type { TriggerType } from '../../source-types.js';
import type { Backoff } from '../common.js';
import { parseResetCron } from './cron.js';
import type { ConditionsResetCriteria, RateLimit, TriggerPolicy } from './policies.js';
import { isValidTimezone } from './rules.js';

/** Trigger types whose result is judged by `policy.status` / `policy.k8s`. */
const STATUS_POLICY_TYPES: readonly TriggerType[] = ['http', 'awsLambda', 'openWhisk'];
const K8S_POLICY_TYPES: readonly TriggerType[] = ['k8s', 'argoWorkflow'];

/** A `Backoff` as upstream parses it at run time (an invalid one fails the action before any attempt). */
export function checkBackoff(b: Backoff, at: PathSeg[], sink: IssueSink): void {
  if (typeof b.duration === 'string') {
    const ns = parseGoDuration(b.duration);
    if (ns === undefined)
      sink.error(
        [...at, 'duration'],
        `expected a duration with a unit such as "1s" or "500ms", or integer nanoseconds, found ${JSON.stringify(b.duration)}`,
      );
    else if (ns < 0)
      sink.error([...at, 'duration'], `expected a duration >= 0, found ${JSON.stringify(b.duration)}`);
  } else if (b.duration !== undefined && b.duration < 0) {
    sink.error([...at, 'duration'], `expected a duration >= 0, found ${b.duration}`);
  }
  for (const k of ['factor', 'jitter'] as const) {
    const v = b[k];
    if (typeof v === 'string')
      sink.error(
        [...at, k],
        `expected a JSON number, found the string ${JSON.stringify(v)} (upstream cannot parse a quoted ${k} and fails the action): write ${v} without quotes`,
      );
    else if (v !== undefined && v < 0) sink.error([...at, k], `expected ${k} >= 0, found ${v}`);
  }
}

export function checkRateLimit(r: RateLimit, at: PathSeg[], sink: IssueSink): void {
  if (r.requestsPerUnit === undefined || r.requestsPerUnit <= 0)
    sink.error(
      [...at, 'requestsPerUnit'],
      `expected requestsPerUnit > 0, found ${r.requestsPerUnit ?? 'nothing'} (upstream crashes on this value)`,
    );
}

/** Policy rules of upstream's validateTriggerPolicy, plus warnings for policies the type never applies. */
export function checkPolicy(p: TriggerPolicy, types: TriggerType[], at: PathSeg[], sink: IssueSink): void {
  if (p.status) {
    if (!types.some((t) => STATUS_POLICY_TYPES.includes(t)))
      sink.warn(
        [...at, 'status'],
        `policy.status has no effect on a ${types.join('/')} trigger (used by ${STATUS_POLICY_TYPES.join(', ')})`,
      );
    if (p.status.allow === undefined)
      sink.error(
        [...at, 'status', 'allow'],
        'list of allowed response status is not specified: expected a list of status codes, found nothing',
      );
    p.status.allow?.forEach((code, i) => {
      if (code < 100 || code > 599)
        sink.error([...at, 'status', 'allow', i], `expected an HTTP status code (100-599), found ${code}`);
    });
  }
  if (p.k8s) {
    if (!types.some((t) => K8S_POLICY_TYPES.includes(t)))
      sink.warn(
        [...at, 'k8s'],
        `policy.k8s has no effect on a ${types.join('/')} trigger (used by ${K8S_POLICY_TYPES.join(', ')})`,
      );
    if (p.k8s.labels === undefined)
      sink.error(
        [...at, 'k8s', 'labels'],
        'resource labels are not specified: expected a map of labels, found nothing',
      );
    if (p.k8s.backoff) checkBackoff(p.k8s.backoff, [...at, 'k8s', 'backoff'], sink);
  }
}

export function checkConditionsReset(list: ConditionsResetCriteria[], at: PathSeg[], sink: IssueSink): void {
  list.forEach((c, i) => {
    const by = c.byTime;
    if (!by) return sink.error([...at, i], 'invalid conditionsReset: expected byTime, found nothing');
    const cron = parseResetCron(by.cron ?? '');
    if (!cron.ok)
      sink.error([...at, i, 'byTime', 'cron'], `invalid cron expression "${by.cron ?? ''}": ${cron.problem}`);
    if (by.timezone !== undefined && !isValidTimezone(by.timezone))
      sink.error(
        [...at, i, 'byTime', 'timezone'],
        `invalid timezone "${by.timezone}": expected an IANA time zone such as "America/New_York"`,
      );
  });
}
