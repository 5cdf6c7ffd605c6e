/**
 * Property tests (fast-check): random documents and random paths never throw anything but
 * PathError and never hang. Each property runs in a worker thread with a deadline, so a hang
 * (an infinite loop cannot be interrupted in-thread) fails the test instead of stalling the run.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { getPath, getPathText, PathError, setPath, setPathText, setRawPathText } from './index.js';

const DEADLINE_MS = 60_000;
const RUNS = 400;

/** Characters that mean something in GJSON paths, plus a few ordinary ones. */
const pathChar = fc.constantFrom(...'ab01#.|\\*?@!()[]{}=<>%~:",- é'.split(''));
const pathish = fc.oneof(
  fc.array(pathChar, { maxLength: 24 }).map((cs) => cs.join('')),
  fc.constantFrom(
    '@this',
    '@reverse',
    '@keys',
    '@values',
    '@flatten',
    '@join',
    '@pretty',
    '@ugly',
    '@dig:a',
    '#(a==1)#',
    '..0',
  ),
  fc.string({ maxLength: 20 }),
);
const key = fc.constantFrom('a', 'b', 'ab', '0', '1', 'é', 'x.y');

function onlyPathErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof PathError)) throw err;
  }
}

const PROPERTIES: Record<string, () => void> = {
  'get never throws and found/missing is consistent': () =>
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        fc.array(pathish, { minLength: 1, maxLength: 3 }),
        (doc, parts) => {
          const path = parts.join('.');
          onlyPathErrors(() => {
            const r = getPath(doc, path);
            if (!r.exists) assert.equal(r.raw, '');
            if (r.type === 'String') assert.equal(typeof r.value, 'string');
          });
        },
      ),
      { numRuns: RUNS },
    ),
  'get on arbitrary (even invalid) text never throws': () =>
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), pathish, (text, path) => {
        onlyPathErrors(() => getPathText(text, path));
      }),
      { numRuns: RUNS },
    ),
  'a top-level key reads back its JSON value': () =>
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 3 })), (obj) => {
        for (const k of Object.keys(obj)) {
          if (k.includes('.')) continue;
          assert.deepEqual(getPath(obj, k).value, JSON.parse(JSON.stringify(obj[k])) as unknown);
        }
      }),
      { numRuns: RUNS },
    ),
  'set then get returns the string that was set': () =>
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.jsonValue({ maxDepth: 2 })),
        fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 4 }),
        fc.string(),
        (obj, keys, value) => {
          const path = keys.join('.');
          onlyPathErrors(() => {
            const out = setPath(obj, path, value);
            assert.equal(getPath(out, path).value, value);
          });
        },
      ),
      { numRuns: RUNS },
    ),
  'set with random paths never throws anything but PathError': () =>
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), pathish, fc.string({ maxLength: 8 }), (doc, path, value) => {
        const text = JSON.stringify(doc);
        onlyPathErrors(() => setPathText(text, path, value));
        onlyPathErrors(() => setRawPathText(text, path, '1'));
      }),
      { numRuns: RUNS },
    ),
  'wildcard keys on long strings stay bounded': () =>
    fc.assert(
      fc.property(
        fc.string({ minLength: 200, maxLength: 2000 }),
        fc.constantFrom('*a*b*c*d*e*f*g*', '?*?*?*?*x', 'a*'),
        (long, pat) => {
          getPathText(JSON.stringify({ [long]: 1, list: [{ k: long }] }), pat);
          getPathText(JSON.stringify({ list: [{ k: long }] }), `list.#(k%"${pat}")`);
        },
      ),
      { numRuns: 50 },
    ),
};

/** Run one property in a worker; resolve with '' on success or the failure text. */
function runInWorker(name: string): Promise<string> {
  const tsx = import.meta.resolve('tsx/esm/api');
  const self = import.meta.url;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(self)});`;
  const worker = new Worker(code, { eval: true, workerData: name });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(`no answer within ${DEADLINE_MS} ms (hang?)`);
    }, DEADLINE_MS);
    worker.once('message', (msg: string) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(msg);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      resolve(String(err));
    });
  });
}

if (isMainThread) {
  void describe('path engine properties (fast-check, in a worker with a deadline)', () => {
    for (const name of Object.keys(PROPERTIES)) {
      void it(name, async () => assert.equal(await runInWorker(name), ''));
    }
  });
} else {
  let result = '';
  try {
    PROPERTIES[workerData as string]();
  } catch (err) {
    result = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  parentPort?.postMessage(result);
}
