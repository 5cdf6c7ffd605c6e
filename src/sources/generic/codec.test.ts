import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadSync } from '@grpc/proto-loader';
import { decodeNameData, deserializeEvent, encodeNameData, serializeRequest } from './codec.js';

// Cross-check the hand-written codec with protobufjs reading upstream's .proto (kept beside the code).
const pkg = loadSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'generic.proto'), {
  defaults: true,
});
const method = (pkg['generic.Eventing'] as Record<string, any>).StartEventSource;

void test('requests encode exactly as protobuf does', () => {
  for (const req of [
    { name: 'example', config: Buffer.from('key1: value1\nkey2: value2') },
    { name: 'ü', config: Buffer.alloc(300, 7) },
  ]) {
    assert.deepEqual(serializeRequest(req), method.requestSerialize(req) as Buffer);
  }
  // Empty fields are left out, as Go's proto3 encoder does (protobufjs writes them); both decode alike.
  const empty = serializeRequest({ name: '', config: Buffer.alloc(0) });
  assert.equal(empty.length, 0);
  const decoded = method.requestDeserialize(empty) as { name: string; config: Buffer };
  assert.deepEqual(
    { name: decoded.name, config: Buffer.from(decoded.config) },
    { name: '', config: Buffer.alloc(0) },
  );
});

void test('events decode what protobuf encodes', () => {
  const payload = Buffer.from(JSON.stringify({ hello: 'world', n: [1, 2, 3] }).repeat(50));
  const wire = method.responseSerialize({ name: 'ev', payload }) as Buffer;
  assert.deepEqual(deserializeEvent(wire), { name: 'ev', payload });
  assert.deepEqual(deserializeEvent(Buffer.alloc(0)), { name: '', payload: Buffer.alloc(0) });
});

void test('unknown fields are skipped; malformed input throws', () => {
  const known = encodeNameData('n', Buffer.from('p'));
  const unknown = Buffer.from([0x18, 0x96, 0x01, 0x21, 1, 2, 3, 4, 5, 6, 7, 8, 0x2d, 1, 2, 3, 4, 0x32, 1, 9]);
  assert.deepEqual(decodeNameData(Buffer.concat([unknown, known])), { name: 'n', data: Buffer.from('p') });
  assert.throws(() => decodeNameData(Buffer.from([0x0a, 5, 1])), /truncated field/);
  assert.throws(() => decodeNameData(Buffer.from([0x0a])), /truncated varint/);
  assert.throws(() => decodeNameData(Buffer.from([0x0b])), /unsupported wire type 3/);
});
