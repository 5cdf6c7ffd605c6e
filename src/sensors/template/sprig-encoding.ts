/**
 * Sprig encoding, hashing and random functions (strings.go, crypto.go): base64/base32, sha1/sha256,
 * uuidv4, randAlphaNum/randAlpha/randNumeric.
 * @module
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { guardSize } from './limits.js';
import type { GoFunc } from './state.js';

function b64dec(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  const bad = clean.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return `illegal base64 data at input byte ${bad}`;
  const pad = clean.indexOf('=');
  if (clean.length % 4 !== 0 || (pad >= 0 && (pad < clean.length - 2 || /[^=]/.test(clean.slice(pad))))) {
    const at = pad >= 0 ? pad : Math.floor(clean.length / 4) * 4;
    return `illegal base64 data at input byte ${at}`;
  }
  return Buffer.from(clean, 'base64').toString('utf8');
}

function base32(buf: Buffer): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of buf) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += abc[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += abc[(value << (5 - bits)) & 31];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

const RAND = {
  alnum: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  alpha: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  num: '0123456789',
};

function rand(set: string, n: number): string {
  guardSize(n);
  let out = '';
  for (let i = 0; i < n; i++) out += set[randomInt(set.length)];
  return out;
}

const s1 = (fn: (s: string) => unknown): GoFunc => ({ params: ['string'], ret: 'string', fn });

export const SPRIG_ENCODING: Array<[string, GoFunc]> = [
  ['b64enc', s1((s) => Buffer.from(s, 'utf8').toString('base64'))],
  ['b64dec', s1(b64dec)],
  ['b32enc', s1((s) => base32(Buffer.from(s, 'utf8')))],
  ['sha256sum', s1((s) => createHash('sha256').update(s, 'utf8').digest('hex'))],
  ['sha1sum', s1((s) => createHash('sha1').update(s, 'utf8').digest('hex'))],
  ['uuidv4', { params: [], ret: 'string', fn: () => randomUUID() }],
  ['randAlphaNum', { params: ['int'], ret: 'string', fn: (n: number) => rand(RAND.alnum, n) }],
  ['randAlpha', { params: ['int'], ret: 'string', fn: (n: number) => rand(RAND.alpha, n) }],
  ['randNumeric', { params: ['int'], ret: 'string', fn: (n: number) => rand(RAND.num, n) }],
];
