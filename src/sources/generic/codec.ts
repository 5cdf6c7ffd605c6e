/**
 * The `generic.Eventing` gRPC service (generic.proto beside this file) without a .proto at run time:
 * both messages are `{string name = 1; bytes <data> = 2;}`, encoded and decoded here by hand.
 * @module
 */
import type { ServiceDefinition } from '@grpc/grpc-js';

/** `EventSource {name, config}`, sent by the client. */
export interface EventSourceRequest {
  name: string;
  config: Buffer;
}

/** `Event {name, payload}`, streamed by the server. */
export interface GenericEvent {
  name: string;
  payload: Buffer;
}

export const START_EVENT_SOURCE_PATH = '/generic.Eventing/StartEventSource';

/** Encode `{1: name, 2: data}` (proto3: empty fields are omitted). */
export function encodeNameData(name: string, data: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  const field = (tag: number, bytes: Buffer) => {
    if (bytes.length > 0) parts.push(Buffer.from([tag]), varint(bytes.length), bytes);
  };
  field(0x0a, Buffer.from(name, 'utf8'));
  field(0x12, Buffer.from(data));
  return Buffer.concat(parts);
}

/** Decode `{1: name, 2: data}`, skipping unknown fields; throws on malformed input. */
export function decodeNameData(buf: Buffer): { name: string; data: Buffer } {
  let name = '';
  let data = Buffer.alloc(0);
  let pos = 0;
  const readVarint = (): number => {
    let result = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
    }
    throw new Error('varint too long');
  };
  while (pos < buf.length) {
    const key = readVarint();
    const fieldNo = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 2) {
      const len = readVarint();
      if (pos + len > buf.length) throw new Error('truncated field');
      const bytes = buf.subarray(pos, pos + len);
      pos += len;
      if (fieldNo === 1) name = bytes.toString('utf8');
      else if (fieldNo === 2) data = Buffer.from(bytes);
    } else if (wire === 0) readVarint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  if (pos > buf.length) throw new Error('truncated field');
  return { name, data };
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}

export const serializeRequest = (m: EventSourceRequest): Buffer => encodeNameData(m.name, m.config);
export const deserializeRequest = (b: Buffer): EventSourceRequest => {
  const { name, data } = decodeNameData(b);
  return { name, config: data };
};
export const serializeEvent = (m: GenericEvent): Buffer => encodeNameData(m.name, m.payload);
export const deserializeEvent = (b: Buffer): GenericEvent => {
  const { name, data } = decodeNameData(b);
  return { name, payload: data };
};

/** The service definition, for `grpc.Server.addService` (servers written in TypeScript, tests). */
export const EVENTING_SERVICE: ServiceDefinition = {
  StartEventSource: {
    path: START_EVENT_SOURCE_PATH,
    requestStream: false,
    responseStream: true,
    requestSerialize: serializeRequest,
    requestDeserialize: deserializeRequest,
    responseSerialize: serializeEvent,
    responseDeserialize: deserializeEvent,
    originalName: 'startEventSource',
  },
};
