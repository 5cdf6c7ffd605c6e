import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signGithub, validatePayload, validateSignature } from './signature.js';

const body = Buffer.from('{"zen":"hi"}');

describe('github signature', () => {
  it('accepts sha256 and sha1 signatures made with the secret', () => {
    validateSignature(signGithub(body, 's'), body, 's');
    validateSignature(signGithub(body, 's', 'sha1'), body, 's');
  });

  it('refuses with go-github wording', () => {
    assert.throws(() => validateSignature('', body, 's'), /^Error: missing signature$|missing signature/);
    assert.throws(() => validateSignature('abc', body, 's'), /error parsing signature "abc"/);
    assert.throws(() => validateSignature('md5=00', body, 's'), /unknown hash type prefix: "md5"/);
    assert.throws(() => validateSignature('sha256=zz', body, 's'), /error decoding signature/);
    assert.throws(
      () => validateSignature(signGithub(body, 'other'), body, 's'),
      /payload signature check failed/,
    );
  });

  it('takes the form `payload` field and checks the signature over the whole body', () => {
    const form = Buffer.from(`payload=${encodeURIComponent('{"a":1}')}`);
    assert.equal(
      validatePayload('application/x-www-form-urlencoded', form, signGithub(form, 's'), 's'),
      '{"a":1}',
    );
    assert.throws(() => validatePayload(undefined, body, '', ''), /mime: no media type/);
    // no secret and no signature: nothing to check
    assert.equal(validatePayload('application/json; charset=utf-8', body, '', ''), '{"zen":"hi"}');
  });
});
