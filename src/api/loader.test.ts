/** Loader and EventBus validation: each invalid document asserts its exact position, path and message. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadText } from './loader.js';
import { formatIssue } from './errors.js';

const bus = (spec: string, name = 'default') =>
  `apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

/** All findings of the single document in `text`, formatted as lint prints them. */
function findings(text: string): string[] {
  const docs = loadText(text, 'f.yaml');
  return docs.flatMap((d) => d.issues.map((i) => `${i.severity}: ${formatIssue(i)}`));
}

const cases: [string, string, string[]][] = [
  [
    'neither bus kind',
    bus('  {}'),
    [
      'error: f.yaml:6:3: spec: expected exactly one of spec.jetstream or spec.jetstreamExotic, found neither',
    ],
  ],
  [
    'both bus kinds',
    bus('  jetstream: {version: "2.9.10"}\n  jetstreamExotic: {url: "nats://x:4222"}'),
    [
      'error: f.yaml:6:3: spec: expected exactly one bus kind, found jetstream and jetstreamExotic (upstream silently picks one)',
    ],
  ],
  [
    'missing version',
    bus('  jetstream: {replicas: 3}'),
    ['error: f.yaml:6:3: spec.jetstream.version: a version for jetstream needs to be specified'],
  ],
  [
    'replicas 0',
    bus('  jetstream:\n    version: x\n    replicas: 0'),
    ['error: f.yaml:8:15: spec.jetstream.replicas: expected replicas >= 1, found 0'],
  ],
  [
    'replicas as string',
    bus('  jetstream:\n    version: x\n    replicas: "3"'),
    ['error: f.yaml:8:15: spec.jetstream.replicas: expected number, found string "3"'],
  ],
  [
    'even replicas warn',
    bus('  jetstream:\n    version: x\n    replicas: 2'),
    [
      'warning: f.yaml:8:15: spec.jetstream.replicas: 2 replicas: an even cluster size tolerates no more failures than 1',
    ],
  ],
  [
    'store_dir in settings',
    bus('  jetstream:\n    version: x\n    settings: |\n      store_dir: /tmp/x'),
    [
      'error: f.yaml:8:15: spec.jetstream.settings: store_dir cannot be set in settings: jetflow places the store under its data dir',
    ],
  ],
  [
    'bad maxPayload',
    bus('  jetstream:\n    version: x\n    maxPayload: lots'),
    ['error: f.yaml:8:17: spec.jetstream.maxPayload: expected a size such as "1MB" or "512KB", found "lots"'],
  ],
  [
    'startArgs not a list',
    bus('  jetstream:\n    version: x\n    startArgs: -D'),
    ['error: f.yaml:8:16: spec.jetstream.startArgs: expected array, found string "-D"'],
  ],
  [
    'exotic without url',
    bus('  jetstreamExotic: {}'),
    ['error: f.yaml:6:3: spec.jetstreamExotic.url: spec.jetstreamExotic.url is missing'],
  ],
  [
    'exotic bad url',
    bus('  jetstreamExotic:\n    url: "http://x y"'),
    [
      'error: f.yaml:7:10: spec.jetstreamExotic.url: expected a NATS URL such as nats://host:4222, found "http://x y"',
    ],
  ],
  [
    'accessSecret without key',
    bus('  jetstreamExotic:\n    url: nats://x:4222\n    accessSecret: {name: s}'),
    ['error: f.yaml:8:5: spec.jetstreamExotic.accessSecret.key: required field is missing (expected string)'],
  ],
  [
    'unknown field is a warning',
    bus('  jetstream:\n    version: x\n    replica: 3'),
    ['warning: f.yaml:8:5: spec.jetstream.replica: unknown field "replica"'],
  ],
  [
    'missing name',
    'apiVersion: argoproj.io/v1alpha1\nkind: EventBus\nmetadata: {}\nspec:\n  jetstream: {version: x}',
    ['error: f.yaml:3:1: metadata.name: required field is missing (expected string)'],
  ],
  [
    'unknown argoproj kind',
    'apiVersion: argoproj.io/v1alpha1\nkind: EventBridge\nmetadata: {name: x}',
    [
      'error: f.yaml:2:7: kind: unknown kind "EventBridge" for argoproj.io/v1alpha1: expected EventBus, EventSource or Sensor',
    ],
  ],
  [
    'YAML syntax error',
    bus('  jetstream: {version: x'),
    [
      'error: f.yaml:6:25: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
    ],
  ],
  [
    'duplicate key',
    bus('  jetstream: {version: x}\n  jetstream: {version: y}'),
    ['error: f.yaml:7:3: YAML syntax error: Map keys must be unique'],
  ],
  [
    'nats bus warns',
    bus('  nats:\n    native: {}'),
    [
      'warning: f.yaml:7:5: spec.nats: NATS Streaming buses are not supported by jetflow, use jetstream (jetflow run and bus up refuse this bus)',
    ],
  ],
];

for (const [name, text, expected] of cases) {
  test(`EventBus: ${name}`, () => assert.deepEqual(findings(text), expected));
}

test('a valid bus has no findings and keeps its fields', () => {
  const [doc] = loadText(bus('  jetstream:\n    version: "2.9.10"\n    replicas: 3'), 'f.yaml');
  assert.deepEqual(doc!.issues, []);
  assert.equal(doc!.kind, 'EventBus');
  assert.equal((doc!.resource as any).spec.jetstream.replicas, 3);
});

test('multi-document files: other kinds are skipped, empty documents ignored, positions per document', () => {
  const text = [
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}',
    'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {token: abc}',
    bus('  jetstream: {}'),
    '',
  ].join('\n---\n');
  const docs = loadText(text, 'multi.yaml');
  assert.equal(docs.length, 3);
  assert.equal(docs[0]!.skipped, 'v1/Pod is not a jetflow resource');
  assert.equal(docs[1]!.kind, 'Secret');
  assert.deepEqual(docs[1]!.issues, []);
  assert.equal(docs[2]!.line, 10);
  assert.equal(
    formatIssue(docs[2]!.issues[0]!),
    'multi.yaml:15:3: spec.jetstream.version: a version for jetstream needs to be specified',
  );
});

test('unresolved aliases and alias bombs are positioned errors, not crashes', () => {
  const [a] = loadText('a: *x\n', 'alias.yaml');
  assert.match(formatIssue(a!.issues[0]!), /^alias\.yaml:1:1: YAML (syntax )?error: .*alias/i);
  const bomb = [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
  ].join('\n');
  const [b] = loadText(bomb, 'bomb.yaml');
  assert.equal(b!.issues[0]!.severity, 'error');
});

test('JSON documents load like YAML', () => {
  const docs = loadText(
    JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'EventBus',
      metadata: { name: 'j' },
      spec: { jetstream: { version: 'x' } },
    }),
    'b.json',
  );
  assert.equal(docs.length, 1);
  assert.deepEqual(docs[0]!.issues, []);
});
