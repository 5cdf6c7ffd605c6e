/**
 * Every upstream example Sensor validates without errors; helpers of the sensor schema behave as documented.
 * Invalid documents are in sensor-invalid.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { upstreamExamples } from '../../../test/harness/paths.js';
import { formatPath } from '../issues.js';
import { validateResource } from '../validate.js';
import { conditionsOf, deliverPolicyOf, parseResetCron, triggerTypeOf, type Sensor } from './sensor.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(f) ? [p] : [];
  });
}

const RETRY_IGNORED =
  'retryStrategy has no effect without atLeastOnce: true (at-most-once triggers run exactly one attempt)';
/**
 * Warnings expected on upstream examples, "file|path" → message. Each is a real finding about the example:
 * - retryStrategy without atLeastOnce: upstream ignores it too (at-most-once runs one attempt, spec §9.3);
 * - conditionsReset on a single-dependency trigger: nothing is ever stored, so there is nothing to reset;
 * - errorOnFailedRound: true is accepted and ignored, upstream and here (spec §1);
 * - unknown fields: `atLeastOnce`/`policy` placed inside `template` (upstream ignores them there),
 *   `verifycert` (the field is `verifyCert`), `configmap.namespace` (not part of ConfigMapKeySelector),
 *   `git.sshKeyPath` (removed upstream, replaced by sshKeySecret), `git.namespace` (not a GitArtifact field).
 */
const EXPECTED_WARNINGS = new Map<string, string>([
  ...[
    'calendar',
    'file',
    'github',
    'http-trigger-secure-headers',
    'http-trigger',
    'minio',
    'resource',
    'sftp',
    'url-sensor',
  ].map((f): [string, string] => [`sensors/${f}.yaml|spec.triggers[0].retryStrategy`, RETRY_IGNORED]),
  [
    'sensors/dependencies-conditions.yaml|spec.triggers[0].template.conditionsReset',
    'conditionsReset has no effect: the conditions contain no "&&", so no partial events are ever stored',
  ],
  [
    'sensors/trigger-with-atleast-once-semantics.yaml|spec.triggers[0].template.atLeastOnce',
    'unknown field "atLeastOnce"',
  ],
  ['sensors/trigger-with-policy.yaml|spec.triggers[0].template.policy', 'unknown field "policy"'],
  [
    'sensors/url-sensor.yaml|spec.triggers[0].template.k8s.source.url.verifycert',
    'unknown field "verifycert"',
  ],
  [
    'tutorials/03-trigger-sources/sensor-cm.yaml|spec.triggers[0].template.k8s.source.configmap.namespace',
    'unknown field "namespace"',
  ],
  [
    'tutorials/03-trigger-sources/sensor-git.yaml|spec.triggers[0].template.k8s.source.git.sshKeyPath',
    'unknown field "sshKeyPath"',
  ],
  [
    'tutorials/03-trigger-sources/sensor-git.yaml|spec.triggers[0].template.k8s.source.git.namespace',
    'unknown field "namespace"',
  ],
  [
    'sensors/trigger-with-policy.yaml|spec.errorOnFailedRound',
    'errorOnFailedRound has no effect (ignored upstream and by jetflow)',
  ],
  ['sensors/trigger-openwhisk.yaml|spec.triggers[0].template.openwhisk', 'unknown field "openwhisk"'],
  [
    'tutorials/09-http-trigger/sensor-01.yaml|spec.triggers[0].template.http.url',
    'server URL is not specified: expected a non-empty string, found nothing (upstream rejects it; jetflow refuses to start this trigger)',
  ],
  [
    'tutorials/09-http-trigger/sensor-02.yaml|spec.triggers[0].template.http.url',
    'server URL is not specified: expected a non-empty string, found nothing (upstream rejects it; jetflow refuses to start this trigger)',
  ],
  [
    'sensors/trigger-openwhisk.yaml|spec.triggers[0].template',
    'expected exactly one trigger type (one of argoWorkflow, awsLambda, azureEventHubs, azureServiceBus, custom, email, http, k8s, kafka, log, nats, openWhisk, pulsar, slack), found none (upstream fails every execution; jetflow refuses to start this trigger)',
  ],
  [
    'tutorials/09-http-trigger/sensor-01.yaml|spec.triggers[0].template.http.serverURL',
    'unknown field "serverURL"',
  ],
  [
    'tutorials/09-http-trigger/sensor-02.yaml|spec.triggers[0].template.http.serverURL',
    'unknown field "serverURL"',
  ],
]);

/** Upstream examples whose only problem is a field jetflow refuses at start (lint warns, as they are upstream's). */
const KNOWN_INVALID = new Map<string, string[]>();

const sensors = [
  ...yamlFiles(path.join(upstreamExamples, 'sensors')),
  ...yamlFiles(path.join(upstreamExamples, 'tutorials')),
].flatMap((file) =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as { kind?: string } | null)
    .filter((doc) => doc?.kind === 'Sensor')
    .map((doc) => ({ file: path.relative(upstreamExamples, file), doc })),
);

void test('upstream example sensors are found (including the .yml one)', () => {
  assert.ok(sensors.length >= 90, `only ${sensors.length} sensors found`);
  assert.ok(sensors.some((s) => s.file.endsWith('special-workflow-trigger-submit-existing.yml')));
});

for (const { file, doc } of sensors) {
  void test(`upstream example ${file} (${(doc as Sensor).metadata?.name}) validates`, () => {
    const r = validateResource(doc);
    const errors = r.issues
      .filter((i) => i.severity === 'error')
      .map((i) => `${formatPath(i.path)}: ${i.message}`);
    assert.deepEqual(errors, KNOWN_INVALID.get(file) ?? []);
    for (const w of r.issues.filter((i) => i.severity === 'warning')) {
      const key = `${file}|${formatPath(w.path)}`;
      console.log(`warning ${key}: ${w.message}`);
      assert.equal(w.message, EXPECTED_WARNINGS.get(key), `unexpected warning ${key}: ${w.message}`);
    }
    assert.equal(r.resource === undefined, KNOWN_INVALID.has(file));
  });
}

const base = (spec: Record<string, unknown>) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Sensor',
  metadata: { name: 's' },
  spec: {
    dependencies: [{ name: 'a', eventSourceName: 'es', eventName: 'e' }],
    triggers: [{ template: { name: 't', log: {} } }],
    ...spec,
  },
});

void test('deliverPolicyOf: absent means all, otherwise the given value', () => {
  assert.equal(deliverPolicyOf({}), 'all');
  assert.equal(deliverPolicyOf({ jetStream: {} }), 'all');
  for (const p of ['all', 'last', 'new'] as const) {
    const r = validateResource(
      base({
        dependencies: [{ name: 'a', eventSourceName: 'es', eventName: 'e', jetStream: { deliverPolicy: p } }],
      }),
    );
    assert.deepEqual(r.issues, []);
    assert.equal(deliverPolicyOf((r.resource as Sensor).spec.dependencies[0]), p);
  }
});

void test('conditionsOf: empty conditions mean the AND of all dependencies in spec order', () => {
  const deps = [{ name: 'x' }, { name: 'y-1' }] as Sensor['spec']['dependencies'];
  assert.equal(conditionsOf({}, deps), 'x&&y-1');
  assert.equal(conditionsOf({ conditions: '' }, deps), 'x&&y-1');
  assert.equal(conditionsOf({ conditions: 'x || y-1' }, deps), 'x || y-1');
});

void test('triggerTypeOf names the one trigger type', () => {
  const r = validateResource(base({}));
  assert.equal(triggerTypeOf((r.resource as Sensor).spec.triggers[0].template), 'log');
});

void test('a dlqTrigger is parsed with the same schema (unknown fields inside it are reported)', () => {
  const r = validateResource(
    base({
      triggers: [
        {
          template: { name: 't', log: {} },
          atLeastOnce: true,
          dlqTrigger: { template: { name: 'd', log: {} }, atLeastOnce: true, bogus: 1 },
        },
      ],
    }),
  );
  assert.deepEqual(
    r.issues.map((i) => [i.severity, formatPath(i.path), i.message]),
    [['warning', 'spec.triggers[0].dlqTrigger.bogus', 'unknown field "bogus"']],
  );
  assert.equal((r.resource as Sensor).spec.triggers[0].dlqTrigger?.template.name, 'd');
});

void test('parseResetCron follows robfig/cron: five fields, names, "?" as "*", TZ prefix', () => {
  assert.deepEqual(parseResetCron('59 23 * * *'), { ok: true, pattern: '59 23 * * *' });
  assert.deepEqual(parseResetCron('0 0 ? jan-mar MON-fri'), { ok: true, pattern: '0 0 * jan-mar MON-fri' });
  assert.deepEqual(parseResetCron('TZ=Europe/Berlin 5/15 * * * *'), {
    ok: true,
    pattern: '5/15 * * * *',
    timezone: 'Europe/Berlin',
  });
  const bad: [string, string][] = [
    ['0 0 * * * *', 'expected 5 fields (minute hour day-of-month month day-of-week), found 6'],
    ['@daily', 'descriptors such as "@daily" are not accepted'],
    ['60 * * * *', 'minute field "60": values must be within 0-59'],
    ['0 0 * * 7', 'day-of-week field "7": values must be within 0-6'],
    ['0 0 L * *', 'day-of-month field "L": "L" is not a number'],
    ['*/0 * * * *', 'minute field "*/0": step must be at least 1'],
    ['5-1 * * * *', 'minute field "5-1": range start 5 is beyond its end 1'],
    ['TZ=Mars/Base 0 0 * * *', 'unknown time zone "Mars/Base" in prefix'],
  ];
  for (const [expr, problem] of bad) assert.deepEqual(parseResetCron(expr), { ok: false, problem }, expr);
});
