import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callers, location, summarize, type CpuProfile } from './cpuprofile.js';

const cwd = '/work/p';
const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });
// root → main(src/a.ts) → parse(node_modules/@nats-io/nats-core/lib/parser.js) ; root → (idle)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4] },
    { id: 2, callFrame: frame('main', `file://${cwd}/src/a.ts`, 9), children: [3] },
    { id: 3, callFrame: frame('parse', 'file:///x/node_modules/@nats-io/nats-core/lib/parser.js', 82) },
    { id: 4, callFrame: frame('(idle)') },
  ],
  samples: [3, 3, 2, 4, 3],
  timeDeltas: [1000, 1000, 1000, 1000, 1000],
};

describe('cpuprofile summary', () => {
  it('names packages, project files and built-ins', () => {
    assert.equal(location('file:///x/node_modules/@nats-io/nats-core/lib/parser.js'), '@nats-io/nats-core');
    assert.equal(location('file:///x/node_modules/pino/lib/x.js'), 'pino');
    assert.equal(location(`file://${cwd}/src/a.ts`, cwd), 'src/a.ts');
    assert.equal(location('node:buffer'), 'node:buffer');
  });

  it('splits self time by file and by function, largest first', () => {
    const s = summarize(profile, 10, cwd);
    assert.equal(s.totalMs, 5);
    assert.deepEqual(s.byFile, [
      { name: '@nats-io/nats-core', percent: 60 },
      { name: 'src/a.ts', percent: 20 },
      { name: '(idle)', percent: 20 },
    ]);
    assert.equal(s.byFunction[0]!.name, 'parse @nats-io/nats-core:83');
  });

  it('attributes a function to its callers', () => {
    assert.deepEqual(callers(profile, /^parse$/, 2, 5, cwd), [
      { name: 'parse @nats-io/nats-core:83 <- main src/a.ts:10 <- (root)', percent: 60 },
    ]);
  });
});
