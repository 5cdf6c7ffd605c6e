// Upstream's example sensors with http triggers, parsed with validateResource, prepared and executed
// against a local peer (the URL is overridden; everything else is as upstream wrote it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { upstreamExamples } from '../../../test/harness/index.js';
import type { HTTPTrigger } from '../../api/index.js';
import {
  captureLogs,
  contractContext,
  exampleTriggers,
  makeEvent,
  resolvedTypeObject,
  secretStoreOf,
} from '../contract.js';
import { createHttpDriver } from './driver.js';
import { startHttpPeer } from './testing.js';

describe('upstream http trigger examples', () => {
  it('http-trigger.yaml: POSTs bucket and event type built from a minio event', async () => {
    const [trigger] = await exampleTriggers(upstreamExamples, 'http-trigger.yaml');
    const peer = await startHttpPeer();
    const events = {
      'test-dep': makeEvent(
        { notification: [{ s3: { bucket: { name: 'photos' }, object: { key: 'a.jpg' } } }] },
        'minio-1',
        {
          type: 'minio',
        },
      ),
    };
    const t = resolvedTypeObject<HTTPTrigger>(trigger!, 'http', events, (tpl) => {
      tpl.http!.url = `${peer.url}/hello`;
    });
    const cap = captureLogs();
    const ctx = contractContext('http', cap, secretStoreOf({}));
    const prepared = await createHttpDriver().prepare(t, ctx);
    await prepared.execute(t, events, ctx);
    await prepared.close();
    const r = await peer.nth(1);
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/hello');
    assert.deepEqual(JSON.parse(r.body), { bucket: 'photos', type: 'minio' });
    await peer.stop();
  });

  it('http-trigger-secure-headers.yaml: GET with the serviceToken header from a secret, status policy applied', async () => {
    const [trigger] = await exampleTriggers(upstreamExamples, 'http-trigger-secure-headers.yaml');
    let status = 200;
    const peer = await startHttpPeer({ answer: () => ({ status }) });
    const events = { 'test-dep': makeEvent({ body: {} }) };
    const t = resolvedTypeObject<HTTPTrigger>(trigger!, 'http', events, (tpl) => {
      tpl.http!.url = `${peer.url}/hello`;
    });
    const cap = captureLogs();
    const secrets = secretStoreOf({ 'dev-services-secret': { serviceToken: 'tok-from-secret' } });
    const ctx = contractContext('http', cap, secrets, { policy: trigger!.policy! });
    const prepared = await createHttpDriver().prepare(t, ctx);
    assert.equal((await prepared.execute(t, events, ctx)).summary, 'HTTP 200');
    const r = await peer.nth(1);
    assert.equal(r.method, 'GET');
    assert.equal(r.headers.servicetoken, 'tok-from-secret');
    status = 202;
    await assert.rejects(prepared.execute(t, events, ctx), /http response status 202 is not allowed/);
    await prepared.close();
    await peer.stop();
  });
});
