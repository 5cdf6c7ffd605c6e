/**
 * Upstream's gRPC contract for custom triggers (argo-events `pkg/sensors/triggers/trigger.proto`,
 * package `triggers`, service `Trigger`), as a grpc-js service definition usable by a client and by a
 * server (tests, or a trigger server written in TypeScript).
 * @module
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import { bytesField, decode, encode } from './wire.js';

export interface FetchResourceRequest {
  resource: Buffer;
}
export interface FetchResourceResponse {
  resource: Buffer;
}
export interface ExecuteRequest {
  resource: Buffer;
  payload: Buffer;
}
export interface ExecuteResponse {
  response: Buffer;
}
export interface ApplyPolicyRequest {
  request: Buffer;
}
export interface ApplyPolicyResponse {
  success: boolean;
  message: string;
}

/** Serializer/deserializer pair of one message type. */
interface Codec<T> {
  serialize(v: T): Buffer;
  deserialize(b: Buffer): T;
}

const oneBytes = <K extends string>(key: K): Codec<Record<K, Buffer>> => ({
  serialize: (v) => encode([[1, v[key]]]),
  deserialize: (b) => ({ [key]: bytesField(decode(b), 1) }) as Record<K, Buffer>,
});

export const codecs = {
  fetchResourceRequest: oneBytes('resource') as Codec<FetchResourceRequest>,
  fetchResourceResponse: oneBytes('resource') as Codec<FetchResourceResponse>,
  executeRequest: {
    serialize: (v) =>
      encode([
        [1, v.resource],
        [2, v.payload],
      ]),
    deserialize: (b) => {
      const m = decode(b);
      return { resource: bytesField(m, 1), payload: bytesField(m, 2) };
    },
  } as Codec<ExecuteRequest>,
  executeResponse: oneBytes('response') as Codec<ExecuteResponse>,
  applyPolicyRequest: oneBytes('request') as Codec<ApplyPolicyRequest>,
  applyPolicyResponse: {
    serialize: (v) =>
      encode([
        [1, v.success],
        [2, v.message],
      ]),
    deserialize: (b) => {
      const m = decode(b);
      const s = m.get(1);
      return { success: typeof s === 'bigint' && s !== 0n, message: bytesField(m, 2).toString('utf8') };
    },
  } as Codec<ApplyPolicyResponse>,
};

function method<Req, Res>(name: string, req: Codec<Req>, res: Codec<Res>) {
  return {
    path: `/triggers.Trigger/${name}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: req.serialize,
    requestDeserialize: req.deserialize,
    responseSerialize: res.serialize,
    responseDeserialize: res.deserialize,
    originalName: name,
  };
}

/** The `triggers.Trigger` service; implementation keys: `fetchResource`, `execute`, `applyPolicy`. */
export const TRIGGER_SERVICE = {
  fetchResource: method('FetchResource', codecs.fetchResourceRequest, codecs.fetchResourceResponse),
  execute: method('Execute', codecs.executeRequest, codecs.executeResponse),
  applyPolicy: method('ApplyPolicy', codecs.applyPolicyRequest, codecs.applyPolicyResponse),
} satisfies ServiceDefinition;
