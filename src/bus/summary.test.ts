import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry, Summary } from 'prom-client';
import { SumCountSummary } from './summary.js';

describe('SumCountSummary', () => {
  it("prints exactly what prom-client's Summary without percentiles prints for the same observations", async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const labelNames = ['sensor_name', 'trigger_name'];
    const ref = new Summary({
      name: 'x_ms',
      help: 'h "q"',
      labelNames,
      percentiles: [],
      registers: [theirs],
    });
    const mine = new SumCountSummary('x_ms', 'h "q"', labelNames, [ours]);
    const obs: [Record<string, string>, number][] = [
      [{ sensor_name: 's', trigger_name: 'a' }, 3],
      [{ sensor_name: 's', trigger_name: 'b' }, 0],
      [{ sensor_name: 's', trigger_name: 'a' }, 12.5],
      [{ trigger_name: 'a', sensor_name: 's' }, 1], // label order does not matter
    ];
    for (const [l, v] of obs) {
      ref.observe(l, v);
      mine.labels(l).observe(v);
    }
    assert.equal(await ours.metrics(), await theirs.metrics());
    assert.match(await ours.metrics(), /x_ms_sum\{sensor_name="s",trigger_name="a"\} 16\.5/);
    assert.match(await ours.metrics(), /x_ms_count\{sensor_name="s",trigger_name="a"\} 3/);
    assert.deepEqual(await ours.getMetricsAsJSON(), await theirs.getMetricsAsJSON());
  });

  it('is emptied by resetMetrics, refuses a missing label, and ignores a non-finite value', async () => {
    const r = new Registry();
    const s = new SumCountSummary('y_ms', 'h', ['a', 'b'], [r]);
    const child = s.labels({ a: '1', b: '2' });
    child.observe(Number.NaN);
    child.observe(4);
    assert.match(await r.metrics(), /y_ms_count\{a="1",b="2"\} 1\n/);
    r.resetMetrics();
    assert.doesNotMatch(await r.metrics(), /y_ms_count/);
    assert.throws(() => s.labels({ a: '1' } as never), /y_ms: missing label\(s\) b/);
  });

  it('is refused by a registry that already has a metric of that name', () => {
    const r = new Registry();
    new SumCountSummary('z_ms', 'h', [], [r]);
    assert.throws(() => new SumCountSummary('z_ms', 'h', [], [r]), /already been registered/);
  });
});
