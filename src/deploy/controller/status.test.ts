import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isReady, mergeConditions, nextStatus, outcomeConditions } from './status.js';

const t0 = new Date('2026-01-01T00:00:00.123Z');
const t1 = new Date('2026-01-01T00:05:00Z');

describe('controller status conditions', () => {
  it('a deployed Sensor has the upstream condition types, sorted, all True', () => {
    const s = nextStatus('Sensor', { generation: 3 }, { kind: 'deployed', objects: 1 }, t0)!;
    assert.deepEqual(
      s.conditions.map((c) => [c.type, c.status, c.lastTransitionTime]),
      [
        ['DependenciesProvided', 'True', '2026-01-01T00:00:00Z'],
        ['Deployed', 'True', '2026-01-01T00:00:00Z'],
        ['TriggersProvided', 'True', '2026-01-01T00:00:00Z'],
      ],
    );
    assert.equal(s.observedGeneration, 3);
    assert.ok(isReady(s.conditions));
    for (const c of s.conditions) assert.ok(c.reason && c.message);
  });

  it('EventBus: Configured and Deployed, message as upstream', () => {
    const c = outcomeConditions('EventBus', { kind: 'deployed', objects: 5 });
    assert.deepEqual(
      c.map((x) => [x.type, x.message]),
      [
        ['Configured', 'valid'],
        ['Deployed', 'JetStream is deployed'],
      ],
    );
  });

  it('an invalid spec names the field path in the right condition and in Deployed', () => {
    const c = outcomeConditions('Sensor', {
      kind: 'invalid',
      problems: [{ path: 'spec.triggers[0].template.name', message: 'trigger must define a name' }],
    });
    const byType = Object.fromEntries(c.map((x) => [x.type, x]));
    assert.equal(byType.TriggersProvided.status, 'False');
    assert.equal(byType.TriggersProvided.reason, 'InvalidTriggers');
    assert.equal(
      byType.TriggersProvided.message,
      'spec.triggers[0].template.name: trigger must define a name',
    );
    assert.equal(byType.DependenciesProvided.status, 'True');
    assert.equal(byType.Deployed.status, 'False');
    assert.equal(byType.Deployed.reason, 'InvalidSpec');
    assert.match(
      byType.Deployed.message!,
      /^spec\.triggers\[0\]\.template\.name: trigger must define a name/,
    );
    const es = outcomeConditions('EventSource', {
      kind: 'invalid',
      problems: [{ path: 'spec.service.ports[0].port', message: 'must be 1..65535' }],
    });
    assert.deepEqual(
      es.map((x) => [x.type, x.status]),
      [
        ['SourcesProvided', 'True'],
        ['Deployed', 'False'],
      ],
    );
  });

  it('lastTransitionTime changes only with the status; an unchanged status is not rewritten', () => {
    const first = nextStatus('EventSource', { generation: 1 }, { kind: 'deployed', objects: 1 }, t0)!;
    const live = { generation: 1, status: first };
    assert.equal(nextStatus('EventSource', live, { kind: 'deployed', objects: 1 }, t1), undefined);
    const failed = nextStatus('EventSource', live, { kind: 'failed', message: 'boom' }, t1)!;
    const byType = Object.fromEntries(failed.conditions.map((x) => [x.type, x]));
    assert.equal(byType.Deployed.lastTransitionTime, '2026-01-01T00:05:00Z');
    assert.equal(byType.SourcesProvided.lastTransitionTime, '2026-01-01T00:00:00Z');
  });

  it('keeps conditions of other types', () => {
    const merged = mergeConditions(
      [{ type: 'Ready', status: 'True' }],
      [{ type: 'Deployed', status: 'True' }],
      t0,
    );
    assert.deepEqual(
      merged.map((c) => c.type),
      ['Deployed', 'Ready'],
    );
  });
});
