/**
 * The awsLambda trigger with the real `@aws-sdk/client-lambda` against test/harness/aws/lambda-server.ts:
 * a local server speaking Lambda's Invoke REST call (POST /2015-03-31/functions/<name>/invocations,
 * X-Amz-Invocation-Type) that checks the SigV4 signature against the test's key (no AWS emulator
 * installs here). The trigger contract, invocation types, parameters, the status policy, the retry
 * decisions, and upstream's example sensor.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, upstreamExamples } from '../../../test/harness/index.js';
import { startLambdaServer, type LambdaServer } from '../../../test/harness/aws/lambda-server.js';
import type { AWSLambdaTrigger } from '../../api/index.js';
import {
  captureLogs,
  contractContext,
  contractEvents,
  describeTriggerContract,
  exampleTriggers,
  expectFailure,
  makeEvent,
  resolvedTypeObject,
  secretStoreOf,
} from '../contract.js';
import type { TriggerEvent } from '../types.js';
import { createAwsLambdaDriver } from './driver.js';

const KEY = { accessKeyId: 'AKIDLAMBDATEST', secretAccessKey: 'lambda-secret-access-key-1' };
const SECRETS = { 'aws-secret': { accesskey: KEY.accessKeyId, secretkey: KEY.secretAccessKey } };
const driver = () => createAwsLambdaDriver({ timeoutMs: 2000 });

function template(endpoint: string, extra: Partial<AWSLambdaTrigger> = {}): AWSLambdaTrigger {
  return {
    functionName: 'hello',
    region: 'us-east-1',
    endpoint,
    accessKey: { name: 'aws-secret', key: 'accesskey' },
    secretKey: { name: 'aws-secret', key: 'secretkey' },
    payload: [
      { src: { dependencyName: 'test-dep', dataKey: 'body.message' }, dest: 'message' },
      { src: { dependencyName: 'test-dep', dataKey: 'body.n', useRawData: true }, dest: 'n' },
    ],
    ...extra,
  };
}

async function invoke(
  t: AWSLambdaTrigger,
  events: Record<string, TriggerEvent> = contractEvents(),
  policy?: { status: { allow: number[] } },
) {
  const cap = captureLogs();
  const ctx = contractContext('awsLambda', cap, secretStoreOf(SECRETS), policy ? { policy } : {});
  const p = await driver().prepare(t, ctx);
  try {
    return { outcome: await p.execute(t, events, ctx), cap };
  } finally {
    await p.close();
  }
}

const peerWith = (define: (l: LambdaServer) => void) => async () => {
  const l = await startLambdaServer(KEY);
  define(l);
  return { template: template(l.endpoint), stop: () => l.stop() };
};

describeTriggerContract<AWSLambdaTrigger>({
  type: 'awsLambda',
  driver,
  secrets: SECRETS,
  timeoutMs: 6000,
  async accepting() {
    const l = await startLambdaServer(KEY);
    l.define('hello', { result: '{"ok":true}' });
    return {
      template: template(l.endpoint),
      stop: () => l.stop(),
      async expectDelivered() {
        assert.deepEqual(l.invocations, [
          {
            functionName: 'hello',
            invocationType: 'RequestResponse',
            payload: '{"message":"hello from the contract","n":42}',
          },
        ]);
        assert.deepEqual(l.refused, []);
      },
    };
  },
  refused: async () => template(`http://127.0.0.1:${await freePort()}`),
  hanging: peerWith((l) => l.define('hello', { hang: true })),
  failures: [
    {
      name: 'unknown function (404 ResourceNotFoundException)',
      retryable: false,
      start: peerWith(() => undefined),
      message: /failed to invoke lambda function hello: ResourceNotFoundException/,
    },
    {
      name: 'throttled (429 TooManyRequestsException)',
      retryable: true,
      start: peerWith((l) => l.define('hello', { error: 'TooManyRequestsException', status: 429 })),
    },
    {
      name: 'service error (500)',
      retryable: true,
      start: peerWith((l) => l.define('hello', { error: 'ServiceException', status: 500 })),
    },
    {
      name: 'status 200 outside policy.status.allow',
      retryable: false,
      policy: { status: { allow: [202] } },
      start: peerWith((l) => l.define('hello', { result: '{}' })),
      message: /http response status 200 is not allowed/,
    },
  ],
});

void describe('awsLambda trigger', () => {
  let l: LambdaServer;
  before(async () => {
    l = await startLambdaServer(KEY);
  });
  after(() => l?.stop());

  it('invocationType Event (202) and DryRun (204); policy.status.allow sees the invoke status', async () => {
    l.define('async-fn', { result: 'unused' });
    const n = l.invocations.length;
    const { outcome } = await invoke(
      template(l.endpoint, { functionName: 'async-fn', invocationType: 'Event' }),
      undefined,
      {
        status: { allow: [202] },
      },
    );
    assert.equal(outcome.summary, 'lambda async-fn: 202');
    await invoke(template(l.endpoint, { functionName: 'async-fn', invocationType: 'DryRun' }));
    assert.deepEqual(
      l.invocations.slice(n).map((i) => i.invocationType),
      ['Event', 'DryRun'],
    );
  });

  it('parameters set the function name from the event; a function error is logged, not a failure', async () => {
    l.define('from-event', { result: '{"errorMessage":"boom"}', functionError: 'Unhandled' });
    const events = { 'test-dep': makeEvent({ body: { fn: 'from-event', message: 'm', n: 1 } }) };
    const { outcome, cap } = await invoke(
      template(l.endpoint, {
        functionName: 'placeholder',
        parameters: [{ src: { dependencyName: 'test-dep', dataKey: 'body.fn' }, dest: 'functionName' }],
      }),
      events,
    );
    assert.equal(outcome.summary, 'lambda from-event: 200');
    assert.equal(l.invocations.at(-1)!.payload, '{"message":"m","n":1}');
    assert.ok(cap.lines.some((x) => x.includes('Unhandled')));
  });

  it('a wrong key is refused by the server (signature): not retryable, no secret in the error', async () => {
    l.define('hello', { result: '{}' });
    const cap = captureLogs();
    const bad = { 'aws-secret': { accesskey: KEY.accessKeyId, secretkey: 'wrong-lambda-secret' } };
    const ctx = contractContext('awsLambda', cap, secretStoreOf(bad));
    const err = await expectFailure(driver(), template(l.endpoint), ctx, cap);
    assert.equal(err.retryable, false);
    assert.match(err.message, /InvalidSignatureException|403/);
    assert.doesNotMatch(err.message + String(err.stack) + cap.lines.join('\n'), /wrong-lambda-secret/);
    assert.ok(l.refused.includes('signature does not match'));
  });

  it('upstream aws-lambda-trigger.yaml: payload name from body.name, invocationType Event', async () => {
    const [trigger] = await exampleTriggers(upstreamExamples, 'aws-lambda-trigger.yaml');
    const events = { 'test-dep': makeEvent({ body: { name: 'jetflow' } }) };
    const t = resolvedTypeObject<AWSLambdaTrigger>(trigger!, 'awsLambda', events, (tpl) => {
      const a = tpl.awsLambda as AWSLambdaTrigger;
      a.endpoint = l.endpoint;
      delete a.roleARN; // the local server speaks no STS: the keys sign directly
    });
    l.define('hello', { result: '{}' });
    await invoke(t, events);
    assert.deepEqual(l.invocations.at(-1), {
      functionName: 'hello',
      invocationType: 'Event',
      payload: '{"name":"jetflow"}',
    });
  });
});
