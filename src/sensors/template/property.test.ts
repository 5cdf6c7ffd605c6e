/**
 * Property tests (fast-check): random template text and random data never make the engine throw
 * anything but TemplateError, and never hang. Each property runs in a worker thread with a
 * deadline, because an infinite loop cannot be interrupted from inside its own thread.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { parseTemplate, renderTemplate, TemplateError } from './index.js';

const DEADLINE_MS = 60_000;
const RUNS = 300;

function onlyTemplateErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
  }
}

/** Pieces of template syntax, combined at random (mostly invalid text). */
const token = fc.constantFrom(
  ...[
    '{{',
    '}}',
    '{{- ',
    ' -}}',
    ' ',
    'if',
    'else',
    'end',
    'range',
    'with',
    'define',
    'template',
    'block',
    'break',
    '"a"',
    '`b`',
    "'c'",
    '1',
    '2.5',
    '-',
    '.',
    '.x',
    '$',
    '$x',
    ':=',
    '=',
    '|',
    '(',
    ')',
    ',',
    'upper',
    'nil',
    'true',
    '/*',
    '*/',
    '\n',
    'x',
    '"',
    'é',
  ],
);
const soup = fc.array(token, { maxLength: 16 }).map((t) => t.join(''));

/** Well-formed templates built from fields, literals and functions of the supported subset. */
const field = fc.constantFrom('.Input', '.Input.a', '.Input.a.b', '.Input.0', '$', '.', '$.Input');
const literal = fc.constantFrom('1', '-2', '2.5', '"s"', '""', 'true', 'nil', '1e6');
const fn1 = fc.constantFrom(
  'upper',
  'len',
  'not',
  'toJson',
  'empty',
  'quote',
  'int',
  'first',
  'b64dec',
  'fromJson',
  'title',
  'toString',
  'keys',
);
const fn2 = fc.constantFrom(
  'eq',
  'lt',
  'and',
  'or',
  'default',
  'index',
  'add',
  'div',
  'repeat',
  'printf',
  'list',
  'dict',
  'get',
  'regexMatch',
  'until',
  'slice',
  'trunc',
  'join',
);
const arg: fc.Arbitrary<string> = fc.oneof(field, literal);
const cmd = fc.oneof(
  arg,
  fc.tuple(fn1, arg).map(([f, a]) => `${f} ${a}`),
  fc.tuple(fn2, arg, arg).map(([f, a, b]) => `${f} ${a} ${b}`),
);
const action = fc.oneof(
  cmd.map((c) => `{{ ${c} }}`),
  fc.tuple(cmd, cmd).map(([a, b]) => `{{ if ${a} }}Y{{ ${b} }}{{ else }}N{{ end }}`),
  fc.tuple(cmd, cmd).map(([a, b]) => `{{ range $i, $v := ${a} }}{{ $i }}{{ ${b} }}{{ else }}E{{ end }}`),
  fc.tuple(cmd, cmd).map(([a, b]) => `{{ with ${a} }}{{ ${b} }}{{ end }}`),
);
const template = fc.array(action, { minLength: 1, maxLength: 4 }).map((a) => a.join(' '));

const PROPERTIES: Record<string, () => void> = {
  'random text never throws anything but TemplateError': () =>
    fc.assert(
      fc.property(soup, fc.jsonValue({ maxDepth: 2 }), (text, data) => {
        onlyTemplateErrors(() => parseTemplate(text).execute({ Input: data }));
      }),
      { numRuns: RUNS * 3 },
    ),
  'well-formed templates on random data never throw anything but TemplateError': () =>
    fc.assert(
      fc.property(template, fc.jsonValue({ maxDepth: 3 }), (text, data) => {
        onlyTemplateErrors(() => renderTemplate(text, { Input: data }));
      }),
      { numRuns: RUNS },
    ),
  'toRawJson round-trips any JSON value': () =>
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        assert.deepEqual(JSON.parse(renderTemplate('{{ toRawJson .Input }}', { Input: v })), v);
      }),
      { numRuns: RUNS },
    ),
  'a string prints as itself': () =>
    fc.assert(
      fc.property(fc.string(), (s) => {
        assert.equal(renderTemplate('{{ .Input }}', { Input: s }), s);
      }),
      { numRuns: RUNS },
    ),
  'nested loops end within the budget': () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1000, max: 100_000 }), (depth, n) => {
        const text = `{{ range until ${n} }}`.repeat(depth) + 'x' + '{{ end }}'.repeat(depth);
        onlyTemplateErrors(() => parseTemplate(text, 'p', { budget: { maxSteps: 200_000 } }).execute({}));
      }),
      { numRuns: 30 },
    ),
};

/** Run one property in a worker; resolve with '' on success or the failure text. */
function runInWorker(name: string): Promise<string> {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(import.meta.url)});`;
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
  void describe('template engine properties (fast-check, in a worker with a deadline)', () => {
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
