import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { upstreamExamples } from '../../../test/harness/paths.js';
import { formatPath } from '../issues.js';
import { SOURCE_TYPES } from '../source-types.js';
import { validateResource } from '../validate.js';
import { webhookRoutes } from './eventsource-semantics.js';
import { eventSourceSchema, sourceChecks, sourceSchemas, type EventSource } from './eventsource.js';

const es = (spec: object, name = 'es') => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'EventSource',
  metadata: { name },
  spec,
});
const hook = (extra: object = {}) => ({ port: '12000', endpoint: '/x', method: 'POST', ...extra });

function issues(doc: unknown, severity: 'error' | 'warning') {
  return validateResource(doc)
    .issues.filter((i) => i.severity === severity)
    .map((i) => ({ path: formatPath(i.path), message: i.message }));
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(f) ? [p] : [];
  });
}

void test('every upstream EventSource example validates without errors', (t) => {
  const files = [
    ...yamlFiles(path.join(upstreamExamples, 'event-sources')),
    ...yamlFiles(path.join(upstreamExamples, 'tutorials')),
  ];
  let checked = 0;
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const js = doc.toJS();
      if (js?.kind !== 'EventSource') continue;
      checked++;
      const rel = path.relative(upstreamExamples, file);
      const r = validateResource(js);
      assert.deepEqual(issues(js, 'error'), [], rel);
      assert.ok(r.resource, `${rel}: no parsed resource`);
      // Warnings allowed: deprecated github fields, and fields upstream's own schema does not have.
      for (const w of issues(js, 'warning')) {
        t.diagnostic(`${rel}: ${w.path}: ${w.message}`);
        assert.match(w.message, /^(unknown field|\w+ is deprecated upstream)/, `${rel}: unexpected warning`);
      }
    }
  }
  assert.ok(checked >= 34, `only ${checked} EventSource documents found`);
});

void test('an unknown field is a warning, not an error, and the rest is still used', () => {
  const doc = es({ webhook: { ex: hook({ colour: 'blue' }) } });
  const r = validateResource(doc);
  assert.deepEqual(issues(doc, 'warning'), [
    { path: 'spec.webhook.ex.colour', message: 'unknown field "colour"' },
  ]);
  assert.deepEqual(issues(doc, 'error'), []);
  assert.equal((r.resource as EventSource).spec.webhook?.ex?.endpoint, '/x');
});

void test('warnings for accepted but doubtful settings', () => {
  const doc = es({
    calendar: { c: { schedule: '0 * * * *', interval: '1m', exclusionDates: ['20240102T000000Z'] } },
  });
  assert.deepEqual(issues(doc, 'warning'), [
    {
      path: 'spec.calendar.c.interval',
      message: 'interval is ignored because schedule is set (schedule takes precedence)',
    },
    {
      path: 'spec.calendar.c.exclusionDates[0]',
      message:
        'entry without the "EXDATE:" prefix is ignored upstream; expected e.g. "EXDATE:20240102T000000Z"',
    },
  ]);
  assert.deepEqual(issues(doc, 'error'), []);
});

void test('an EventSource without events is only a warning', () => {
  const doc = es({ webhook: {} });
  assert.deepEqual(issues(doc, 'error'), []);
  assert.deepEqual(issues(doc, 'warning'), [
    {
      path: 'spec',
      message:
        'no events configured: upstream accepts this, but its process exits with "no active event server running"',
    },
  ]);
});

void test('defaults are not written into the parsed resource', () => {
  const parsed = eventSourceSchema.parse(es({ webhook: { ex: hook() } }));
  assert.deepEqual(parsed.spec, { webhook: { ex: hook() } });
});

void test('every source type has a schema and a check', () => {
  assert.deepEqual(Object.keys(sourceSchemas).sort(), [...SOURCE_TYPES].sort());
  assert.deepEqual(Object.keys(sourceChecks).sort(), [...SOURCE_TYPES].sort());
});

void test('webhookRoutes lists the HTTP routes of the webhook family', () => {
  const parsed = eventSourceSchema.parse(
    es({
      webhook: { a: hook() },
      github: { g: { webhook: hook({ port: '13000', endpoint: '/gh' }), organizations: ['o'] } },
    }),
  );
  assert.deepEqual(webhookRoutes(parsed), [
    {
      type: 'github',
      name: 'g',
      path: ['spec', 'github', 'g', 'webhook'],
      port: 13000,
      endpoint: '/gh',
      method: 'POST',
      tls: false,
    },
    {
      type: 'webhook',
      name: 'a',
      path: ['spec', 'webhook', 'a'],
      port: 12000,
      endpoint: '/x',
      method: 'POST',
      tls: false,
    },
  ]);
});
