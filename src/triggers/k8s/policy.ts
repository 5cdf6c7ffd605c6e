/**
 * `policy.k8s` (spec/sensor.md §9.4; upstream `pkg/sensors/policy/resource-labels.go`): after the
 * operation, read the resulting object again with `backoff` until it carries every label in `labels`
 * with the same value. A read error fails the attempt; running out of steps fails it only with
 * `errorOnBackoffTimeout`, else it counts as success (with a warning).
 * @module
 */
import { LOG_FIELDS, type TriggerPolicy } from '../../api/index.js';
import { retrySchedule } from '../../sensors/index.js';
import type { TriggerContext } from '../types.js';
import type { KubeClient } from '../../kube/index.js';
import { describeObject, type KubeObject } from './object.js';

/** Upstream's default policy backoff. */
const DEFAULT_BACKOFF = { steps: 5, duration: '1s', factor: 1, jitter: 1 };

/** The labels never appeared and `errorOnBackoffTimeout` is set. */
export class PolicyError extends Error {
  override name = 'PolicyError';
}

export function hasLabels(obj: KubeObject | undefined, labels: Record<string, string>): boolean {
  const have = obj?.metadata.labels ?? {};
  return Object.entries(labels).every(([k, v]) => have[k] === v);
}

/** Wait for `policy.k8s.labels` on `obj` (a no-op without them). */
export async function applyK8sPolicy(
  client: KubeClient,
  obj: KubeObject,
  policy: TriggerPolicy | undefined,
  ctx: TriggerContext,
  type: string,
): Promise<void> {
  const p = policy?.k8s;
  if (!p?.labels || Object.keys(p.labels).length === 0) return;
  const schedule = retrySchedule(p.backoff ?? DEFAULT_BACKOFF);
  for (let k = 0; k < schedule.attempts; k++) {
    if (hasLabels(await client.get(obj), p.labels)) return;
    if (k < schedule.attempts - 1) await sleep(schedule.delayMs(k), ctx.signal);
  }
  const what = `${describeObject(obj)} did not get the labels of policy.k8s in ${schedule.attempts} reads`;
  if (p.errorOnBackoffTimeout)
    throw new PolicyError(`failed to determine status of the triggered resource: ${what}`);
  ctx.logger.warn(
    { [LOG_FIELDS.triggerType]: type },
    `${what}; counted as success (errorOnBackoffTimeout unset)`,
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('stopping'));
    const t = setTimeout(done, ms);
    function done() {
      signal.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(t);
      reject(new Error('stopping'));
    }
    signal.addEventListener('abort', abort, { once: true });
  });
}
