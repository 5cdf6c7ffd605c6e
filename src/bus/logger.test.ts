import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { throttledLog, type BusLogger } from './logger.js';

void describe('throttledLog', () => {
  void it('logs a repeated key once per interval and reports how many were suppressed', () => {
    const lines: { obj: object; msg?: string }[] = [];
    const rec = (obj: object, msg?: string) => void lines.push({ obj, msg });
    const logger: BusLogger = { debug: rec, info: rec, warn: rec, error: rec };
    let clock = 1000;
    const t = throttledLog(logger, 10_000, () => clock);
    for (let i = 0; i < 1000; i++) t.log('error', 'fetch', { n: i }, 'fetch failed');
    t.log('warn', 'other', {}, 'other key');
    assert.deepEqual(
      lines.map((l) => l.msg),
      ['fetch failed', 'other key'],
    );
    clock += 9_999;
    t.log('error', 'fetch', {}, 'fetch failed');
    assert.equal(lines.length, 2);
    clock += 1;
    t.log('error', 'fetch', { n: 1000 }, 'fetch failed');
    assert.deepEqual(lines[2], { obj: { n: 1000, suppressed: 1000 }, msg: 'fetch failed' });
    t.reset('fetch');
    t.log('error', 'fetch', {}, 'fetch failed');
    assert.equal(lines.length, 4);
  });
});
