/**
 * The short chaos run of `npm test` (the full suite: test/chaos/README.md): webhook load through an R3
 * local bus into a separately run sensor with an at-least-once HTTP trigger, while bus nodes, the sensor
 * and the source are killed with SIGKILL and the trigger endpoint goes down. No accepted event is lost,
 * and every repeat of an event carries the same event id and idempotency key.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { combinedScenario, failed, table } from '../chaos/run.js';
import { runScenario } from '../chaos/scenario.js';

it('chaos (short): kills and an endpoint outage lose no accepted event', { timeout: 170_000 }, async () => {
  const report = await runScenario(combinedScenario());
  process.stderr.write(`${table([report])}\n`);
  assert.equal(report.error, undefined);
  assert.ok(report.accepted > 0, 'the load got through');
  assert.equal(report.lost, 0, `lost: ${report.lostSample.join(', ')}`);
  assert.equal(report.idMismatches, 0);
  assert.equal(report.recoveryMs['bus-node-restart']?.count, 2);
  assert.equal(report.recoveryMs['sensor-restart']?.count, 1);
  assert.equal(report.recoveryMs['source-restart']?.count, 1);
  assert.ok(report.toDlq > 0, 'the outage sent events to the DLQ trigger');
  assert.equal(failed(report), false);
});
