import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TE } from '@nats-io/nats-core/internal';
import { connectBus } from './index.js';
import { fastEncode, fastEncodeInstalled } from './fast-encode.js';

describe('fastEncode', () => {
  it('gives the bytes TextEncoder gives, lone surrogates and non-strings included', () => {
    const te = new TextEncoder();
    const inputs: unknown[] = [
      '',
      'PUB default.es.ev _INBOX.x.1 1024\r\n',
      'HPUB $JS.ACK.default.d.1.2.3.4.0 4\r\n',
      'grüße 😀 中文',
      '\ud800 lone high, lone low \udc00',
      undefined,
      null,
      123,
    ];
    for (const x of inputs)
      assert.deepEqual(Buffer.from(fastEncode(x as string)), Buffer.from(te.encode(x as string)), String(x));
  });

  it("is the NATS client's encoder once the bus module is loaded", () => {
    assert.ok(typeof connectBus === 'function');
    assert.equal(fastEncodeInstalled(), true);
    assert.deepEqual(Buffer.from(TE.encode('PING\r\n')), Buffer.from('PING\r\n'));
  });
});
