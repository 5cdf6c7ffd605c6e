import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadSync } from '@grpc/proto-loader';
import { upstreamExamples } from '../../../test/harness/index.js';
import type { CustomTrigger } from '../../api/index.js';
import { generateBusCertificates, type BusCertificates } from '../../bus/local/index.js';
import {
  captureLogs,
  contractContext,
  exampleTriggers,
  expectFailure,
  makeEvent,
  resolvedTypeObject,
  secretStoreOf,
} from '../contract.js';
import type { TriggerEvent } from '../types.js';
import { createCustomDriver } from './driver.js';
import { codecs } from './proto.js';
import { startTriggerServer } from './testing.js';

// Upstream's pkg/sensors/triggers/trigger.proto (messages only), to check the hand-written codec.
const UPSTREAM_PROTO = `syntax = "proto3";
package triggers;
message FetchResourceRequest { bytes resource = 1; }
message FetchResourceResponse { bytes resource = 1; }
message ExecuteRequest { bytes resource = 1; bytes payload = 2; }
message ExecuteResponse { bytes response = 1; }
message ApplyPolicyRequest { bytes request = 1; }
message ApplyPolicyResponse { bool success = 1; string message = 2; }
service Trigger {
  rpc FetchResource(FetchResourceRequest) returns (FetchResourceResponse);
  rpc Execute(ExecuteRequest) returns (ExecuteResponse);
  rpc ApplyPolicy(ApplyPolicyRequest) returns (ApplyPolicyResponse);
}`;

let certs: BusCertificates;
before(async () => {
  certs = await generateBusCertificates('custom-features');
});

async function run(
  t: CustomTrigger,
  events: Record<string, TriggerEvent>,
  secrets: Record<string, Record<string, string>> = {},
) {
  const cap = captureLogs();
  const ctx = contractContext('custom', cap, secretStoreOf(secrets));
  const prepared = await createCustomDriver({ timeoutMs: 3000 }).prepare(t, ctx);
  try {
    return { outcome: await prepared.execute(t, events, ctx), cap };
  } finally {
    await prepared.close();
  }
}

describe('custom trigger', () => {
  it('the hand-written codec matches protobufjs (via @grpc/proto-loader) on upstream proto', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-proto-'));
    try {
      await writeFile(path.join(dir, 'trigger.proto'), UPSTREAM_PROTO);
      const svc = loadSync(path.join(dir, 'trigger.proto'))['triggers.Trigger'] as Record<string, any>;
      const big = Buffer.alloc(300, 7); // a length that needs a two-byte varint
      const exec = { resource: Buffer.from('{"a":1}'), payload: big };
      assert.deepEqual(svc.Execute.requestSerialize(exec), codecs.executeRequest.serialize(exec));
      assert.deepEqual(codecs.executeRequest.deserialize(svc.Execute.requestSerialize(exec)), exec);
      for (const p of [
        { success: true, message: 'ok ✓' },
        { success: false, message: '' },
      ]) {
        // protobufjs writes default values explicitly, proto3 leaves them out: both read back the same.
        assert.deepEqual(codecs.applyPolicyResponse.deserialize(svc.ApplyPolicy.responseSerialize(p)), p);
        const theirs = svc.ApplyPolicy.responseDeserialize(codecs.applyPolicyResponse.serialize(p));
        assert.deepEqual({ success: theirs.success ?? false, message: theirs.message ?? '' }, p);
      }
      assert.deepEqual(
        svc.ApplyPolicy.responseSerialize({ success: true, message: 'm' }),
        codecs.applyPolicyResponse.serialize({ success: true, message: 'm' }),
      );
      const f = { resource: Buffer.from('kind: X\n') };
      assert.deepEqual(codecs.fetchResourceResponse.deserialize(svc.FetchResource.responseSerialize(f)), f);
      assert.deepEqual(codecs.fetchResourceRequest.deserialize(Buffer.alloc(0)), {
        resource: Buffer.alloc(0),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('applies custom.parameters to the fetched JSON resource; a policy success:false is only logged (upstream)', async () => {
    const server = await startTriggerServer({
      resource: () => Buffer.from('{"kind":"PipelineRun","metadata":{"name":"run"}}'),
      policy: { success: false, message: 'pipeline failed' },
    });
    const events = { 'test-dep': makeEvent({ body: { namespace: 'ci' } }) };
    const { outcome, cap } = await run(
      {
        serverURL: server.url,
        spec: { a: 'b' },
        parameters: [
          { src: { dependencyName: 'test-dep', dataKey: 'body.namespace' }, dest: 'metadata.namespace' },
        ],
      },
      events,
    );
    assert.match(outcome.summary ?? '', /policy success: false/);
    const executed = server.calls.find((c) => c.method === 'execute')!;
    assert.deepEqual(JSON.parse(executed.request.resource!.toString()), {
      kind: 'PipelineRun',
      metadata: { name: 'run', namespace: 'ci' },
    });
    assert.equal(executed.request.payload!.length, 0, 'no payload parameters: empty payload');
    assert.ok(cap.lines.some((l) => l.includes('pipeline failed')));
    await server.stop();
  });

  it('serverNameOverride names the certificate host to verify', async () => {
    const server = await startTriggerServer({
      tls: { cert: certs.client.leaf.certPem, key: certs.client.leaf.keyPem },
    });
    const secrets = { cert: { ca: certs.client.caPem } };
    const t = (override: string): CustomTrigger => ({
      serverURL: server.url,
      secure: true,
      certSecret: { name: 'cert', key: 'ca' },
      serverNameOverride: override,
      spec: {},
    });
    await run(t('localhost'), {}, secrets);
    const cap = captureLogs();
    const err = await expectFailure(
      createCustomDriver({ timeoutMs: 3000 }),
      t('other.example'),
      contractContext('custom', cap, secretStoreOf(secrets)),
      cap,
      {},
    );
    assert.equal(err.retryable, false, err.message);
    await server.stop();
  });

  it('upstream custom-trigger.yaml: spec.url from the event, metadata.namespace applied to the fetched resource', async () => {
    const [trigger] = await exampleTriggers(upstreamExamples, 'custom-trigger.yaml');
    const server = await startTriggerServer({
      resource: (spec) => Buffer.from(JSON.stringify({ fetchedFrom: spec.toString() })),
    });
    const events = {
      'test-dep': makeEvent({ body: { url: 'https://example.com/run.yaml', namespace: 'tekton' } }),
    };
    const t = resolvedTypeObject<CustomTrigger>(trigger!, 'custom', events, (tpl) => {
      tpl.custom!.serverURL = server.url;
    });
    await run(t, events);
    assert.equal(server.calls[0]!.request.resource!.toString(), 'url: https://example.com/run.yaml\n');
    const executed = server.calls.find((c) => c.method === 'execute')!;
    assert.deepEqual(JSON.parse(executed.request.resource!.toString()), {
      fetchedFrom: 'url: https://example.com/run.yaml\n',
      metadata: { namespace: 'tekton' },
    });
    await server.stop();
  });
});
