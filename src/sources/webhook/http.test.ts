import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalHeaderKey, valuesOf } from './http.js';

describe('webhook http helpers', () => {
  it('canonicalizes header names as Go does', () => {
    assert.equal(canonicalHeaderKey('content-type'), 'Content-Type');
    assert.equal(canonicalHeaderKey('X-GITHUB-EVENT'), 'X-Github-Event');
    assert.equal(canonicalHeaderKey('x-hub-signature-256'), 'X-Hub-Signature-256');
    assert.equal(canonicalHeaderKey('bad header'), 'bad header', 'invalid keys are left alone');
  });

  it('maps query and form text to arrays of values', () => {
    assert.deepEqual(valuesOf('a=1&a=2&b=x+y&c'), { a: ['1', '2'], b: ['x y'], c: [''] });
  });
});
