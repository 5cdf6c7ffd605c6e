import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnsupportedError, type TriggerType } from '../api/index.js';
import { captureLogs, contractContext, secretStoreOf } from './contract.js';
import { supportedTriggerTypes, triggerDriver } from './registry.js';

const UNSUPPORTED: TriggerType[] = ['openWhisk', 'pulsar', 'azureEventHubs', 'azureServiceBus'];

describe('trigger registry', () => {
  for (const type of UNSUPPORTED)
    it(`a ${type} trigger fails at once with "not supported yet"`, async () => {
      const ctx = { ...contractContext(type, captureLogs(), secretStoreOf({})), triggerName: `my-${type}` };
      const started = Date.now();
      await assert.rejects(
        triggerDriver(type).prepare({} as never, ctx),
        (err: Error) =>
          err instanceof UnsupportedError &&
          err.message === `trigger "my-${type}" uses type "${type}", which is not supported yet in jetflow`,
      );
      assert.ok(Date.now() - started < 1000, 'at once');
    });

  it('http, nats, email, slack, custom, log, k8s, argoWorkflow, awsLambda and kafka have real drivers', () => {
    assert.deepEqual(supportedTriggerTypes().sort(), [
      'argoWorkflow',
      'awsLambda',
      'custom',
      'email',
      'http',
      'k8s',
      'kafka',
      'log',
      'nats',
      'slack',
    ]);
    for (const t of ['http', 'nats', 'email', 'slack', 'custom', 'k8s', 'argoWorkflow', 'kafka'] as const)
      assert.equal(triggerDriver(t).type, t);
  });
});
