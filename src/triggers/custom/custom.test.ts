import assert from 'node:assert/strict';
import { before } from 'node:test';
import { status } from '@grpc/grpc-js';
import { freePort } from '../../../test/harness/index.js';
import type { CustomTrigger } from '../../api/index.js';
import { generateBusCertificates, type BusCertificates } from '../../bus/local/index.js';
import { describeTriggerContract } from '../contract.js';
import { createCustomDriver } from './driver.js';
import { startTriggerServer, type TriggerServerOptions } from './testing.js';

// The trigger server is the project's own gRPC server (./testing.ts) speaking upstream's protocol over TLS.
let certs: BusCertificates;
const secrets: Record<string, Record<string, string>> = {};
before(async () => {
  certs = await generateBusCertificates('custom-trigger-test');
  secrets['trigger-server-cert'] = { 'cert.pem': certs.client.caPem };
});

const template = (serverURL: string, extra: Partial<CustomTrigger> = {}): CustomTrigger => ({
  serverURL,
  secure: true,
  certSecret: { name: 'trigger-server-cert', key: 'cert.pem' },
  spec: { url: 'https://example.com/pipeline.yaml', kind: 'PipelineRun' },
  payload: [{ src: { dependencyName: 'test-dep', dataKey: 'body.message' }, dest: 'message' }],
  ...extra,
});

const serving =
  (o: Omit<TriggerServerOptions, 'tls'>, extra: Partial<CustomTrigger> = {}) =>
  async () => {
    const s = await startTriggerServer({
      ...o,
      tls: { cert: certs.client.leaf.certPem, key: certs.client.leaf.keyPem },
    });
    return { template: template(s.url, extra), stop: () => s.stop() };
  };

describeTriggerContract<CustomTrigger>({
  type: 'custom',
  driver: () => createCustomDriver({ timeoutMs: 1000 }),
  secrets,
  timeoutMs: 4000,
  async accepting() {
    const s = await startTriggerServer({
      tls: { cert: certs.client.leaf.certPem, key: certs.client.leaf.keyPem },
    });
    return {
      template: template(s.url),
      stop: () => s.stop(),
      async expectDelivered() {
        assert.deepEqual(
          s.calls.map((c) => c.method),
          ['fetchResource', 'execute', 'applyPolicy'],
        );
        const spec = 'kind: PipelineRun\nurl: https://example.com/pipeline.yaml\n';
        assert.equal(s.calls[0]!.request.resource!.toString(), spec, 'spec as YAML, keys sorted');
        assert.equal(
          s.calls[1]!.request.resource!.toString(),
          spec,
          'no parameters: the fetched resource as is',
        );
        assert.deepEqual(JSON.parse(s.calls[1]!.request.payload!.toString()), {
          message: 'hello from the contract',
        });
        assert.equal(s.calls[2]!.request.request!.toString(), `executed ${spec.length} bytes`);
      },
    };
  },
  refused: async () => template(`127.0.0.1:${await freePort()}`),
  hanging: serving({ hang: true }),
  failures: [
    {
      name: 'Execute answers UNAVAILABLE',
      retryable: true,
      start: serving({ failWith: { method: 'execute', code: status.UNAVAILABLE } }),
    },
    {
      name: 'FetchResource answers UNKNOWN (a Go server returning an error)',
      retryable: true,
      start: serving({ failWith: { method: 'fetchResource', code: status.UNKNOWN } }),
    },
    {
      name: 'Execute answers INVALID_ARGUMENT',
      retryable: false,
      message: /execute failed/,
      start: serving({ failWith: { method: 'execute', code: status.INVALID_ARGUMENT } }),
    },
    {
      name: 'ApplyPolicy is UNIMPLEMENTED',
      retryable: false,
      start: serving({ failWith: { method: 'applyPolicy', code: status.UNIMPLEMENTED } }),
    },
    {
      name: 'parameters on a resource that is not JSON',
      retryable: false,
      message: /fetched resource body is not valid JSON/,
      start: serving(
        {},
        { parameters: [{ src: { dependencyName: 'test-dep', value: 'x' }, dest: 'metadata.name' }] },
      ),
    },
    {
      name: 'a server certificate the certSecret does not vouch for',
      retryable: false,
      async start() {
        const s = await startTriggerServer({
          tls: { cert: certs.cluster.leaf.certPem, key: certs.cluster.leaf.keyPem },
        });
        return { template: template(s.url), stop: () => s.stop() };
      },
    },
  ],
});
