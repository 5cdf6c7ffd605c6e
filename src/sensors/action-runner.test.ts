/** ActionRunner: attempts, a peer's Retry-After, and the execution report observers get. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { Registry } from 'prom-client';
import { SecretStore, TriggerError } from '../api/index.js';
import { ActionRunner, type ExecutionReport } from './action-runner.js';
import { SensorMetrics } from './metrics.js';
import type { Trigger } from './spec.js';
import type { PreparedTrigger, TriggerEvent } from './trigger-contract.js';

const context = { triggerType: 'http', sensorName: 's', triggerName: 't' };
const event: TriggerEvent = {
  context: {
    id: 'e1',
    source: 'es',
    specversion: '1.0',
    type: 'webhook',
    datacontenttype: 'application/json',
    subject: 'ev',
    time: '2026-01-01T00:00:00Z',
  },
  data: {},
  dataText: '{}',
} as TriggerEvent;

function runner(fail: (attempt: number) => Error | undefined, reports: ExecutionReport[], times: number[]) {
  let attempt = 0;
  const prepared: PreparedTrigger = {
    execute: async () => {
      times.push(Date.now());
      const err = fail(attempt++);
      if (err) throw err;
      return {};
    },
    close: async () => undefined,
  };
  const trigger = {
    template: { name: 't', http: { url: 'http://x' } },
    atLeastOnce: true,
    retryStrategy: { steps: 3, duration: '10ms', factor: 1, jitter: 0 },
  } as unknown as Trigger;
  return new ActionRunner({
    sensorName: 's',
    namespace: 'default',
    logger: pino({ level: 'silent' }),
    secrets: new SecretStore({ env: {} }),
    metrics: new SensorMetrics('default', 's', new Registry()),
    main: { trigger, type: 'http', prepared },
    onExecution: (r) => reports.push(r),
  });
}

describe('ActionRunner', () => {
  it("waits at least a peer's Retry-After before the next attempt, then reports the execution", async () => {
    const reports: ExecutionReport[] = [];
    const times: number[] = [];
    const busy = () => {
      const e = new TriggerError('HTTP 429', context);
      e.retryAfterMs = 300;
      return e;
    };
    const r = runner((n) => (n === 0 ? busy() : undefined), reports, times);
    const outcome = await r.runWithRetries({ dep: event }, new AbortController().signal);
    assert.equal(outcome, 'succeeded');
    assert.equal(times.length, 2);
    assert.ok(
      times[1]! - times[0]! >= 290,
      `second attempt after ${times[1]! - times[0]!} ms, expected >= 300`,
    );
    assert.equal(reports.length, 1);
    assert.deepEqual(
      { ...reports[0], startedAt: 0, durationMs: 0 },
      {
        sensor: 's',
        trigger: 't',
        outcome: 'succeeded',
        startedAt: 0,
        durationMs: 0,
        attempts: 2,
        eventIds: ['e1'],
      },
    );
  });

  it('a non-retryable error stops at once and the report carries the error', async () => {
    const reports: ExecutionReport[] = [];
    const times: number[] = [];
    const r = runner(() => new TriggerError('HTTP 400', context, false), reports, times);
    assert.equal(await r.runWithRetries({ dep: event }, new AbortController().signal), 'failed');
    assert.equal(times.length, 1);
    assert.equal(reports[0]!.attempts, 1);
    assert.match(reports[0]!.error ?? '', /HTTP 400/);
  });
});
