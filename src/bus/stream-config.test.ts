import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../api/index.js';
import {
  DEFAULT_STREAM_SETTINGS,
  mergeStreamConfig,
  parseStreamConfig,
  ZERO_STREAM_SETTINGS,
} from './stream-config.js';

/** Assert that parsing fails with exactly one error issue on `path` whose message matches `re`. */
function rejects(text: string, path: string, re: RegExp) {
  assert.throws(
    () => parseStreamConfig(text),
    (err: unknown) => {
      assert.ok(err instanceof ValidationError, 'a ValidationError');
      assert.equal(err.issues.length, 1, JSON.stringify(err.issues));
      assert.equal(err.issues[0].path, path);
      assert.match(err.issues[0].message, re);
      assert.ok(err.message.includes(path), `message names the key: ${err.message}`);
      return true;
    },
  );
}

void describe('parseStreamConfig', () => {
  void it('reads every key, case-insensitively, with Go durations', () => {
    const { settings, warnings } = parseStreamConfig(
      'MAXMSGS: 10\nmaxage: 4h35m\nMaxBytes: 1048576\nreplicas: 1\nDuplicates: 2m\nretention: 1\ndiscard: 1\n',
    );
    assert.deepEqual(settings, {
      maxMsgs: 10,
      maxAge: (4 * 3600 + 35 * 60) * 1e9,
      maxBytes: 1048576,
      replicas: 1,
      duplicates: 120e9,
      retention: 1,
      discard: 1,
    });
    assert.deepEqual(warnings, []);
  });

  void it('treats a bare number as nanoseconds for durations, with a warning', () => {
    const { settings, warnings } = parseStreamConfig('duplicates: 300');
    assert.equal(settings.duplicates, 300);
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].path, 'streamConfig.duplicates');
    assert.match(warnings[0].message, /nanoseconds/);
  });

  void it('accepts numeric strings and empty text', () => {
    assert.deepEqual(parseStreamConfig("maxMsgs: '500'").settings, { maxMsgs: 500 });
    assert.deepEqual(parseStreamConfig('').settings, {});
    assert.deepEqual(parseStreamConfig(undefined).settings, {});
  });

  void it('warns about unknown keys instead of failing (upstream ignores them)', () => {
    const { settings, warnings } = parseStreamConfig('maxAges: 1h');
    assert.deepEqual(settings, {});
    assert.equal(warnings[0].path, 'streamConfig.maxAges');
  });

  void it('rejects size strings for maxBytes instead of reading them as unlimited', () => {
    rejects('maxBytes: 1GB', 'streamConfig.maxBytes', /size strings like '1GB'/);
  });

  void it('rejects each bad value naming its key', () => {
    rejects('maxMsgs: lots', 'streamConfig.maxMsgs', /message count/);
    rejects('maxMsgs: 1.5', 'streamConfig.maxMsgs', /message count/);
    rejects('maxMsgs: -2', 'streamConfig.maxMsgs', />= -1/);
    rejects('maxAge: 3 days', 'streamConfig.maxAge', /duration/);
    rejects('maxAge: -1h', 'streamConfig.maxAge', /non-negative/);
    rejects('duplicates: [1]', 'streamConfig.duplicates', /duration/);
    rejects('replicas: -1', 'streamConfig.replicas', /replica count/);
    rejects('retention: 3', 'streamConfig.retention', /RetentionPolicy/);
    rejects('retention: limits', 'streamConfig.retention', /RetentionPolicy/);
    rejects('discard: 2', 'streamConfig.discard', /DiscardPolicy/);
    rejects('maxAge: 1h\nMAXAGE: 2h', 'streamConfig.MAXAGE', /given twice/);
  });

  void it('reports all bad keys at once', () => {
    assert.throws(
      () => parseStreamConfig('maxBytes: 1GB\ndiscard: 5'),
      (err: unknown) =>
        err instanceof ValidationError &&
        err.issues.map((i) => i.path).join() === 'streamConfig.maxBytes,streamConfig.discard',
    );
  });

  void it('rejects non-mappings and bad YAML', () => {
    assert.throws(() => parseStreamConfig('- a\n- b'), /expected a mapping/);
    assert.throws(() => parseStreamConfig('maxAge: [1'), /not valid YAML/);
  });
});

void describe('mergeStreamConfig', () => {
  void it('has the shipped defaults', () => {
    assert.deepEqual(DEFAULT_STREAM_SETTINGS, {
      maxMsgs: 50000,
      maxAge: 168 * 3600e9,
      maxBytes: -1,
      replicas: 3,
      duplicates: 300e9,
      retention: 0,
      discard: 0,
    });
  });

  void it('merges key by key (eventbus.md §9 example)', () => {
    const { settings } = mergeStreamConfig(DEFAULT_STREAM_SETTINGS, 'maxAge: 24h\n');
    assert.deepEqual(settings, { ...DEFAULT_STREAM_SETTINGS, maxAge: 24 * 3600e9 });
  });

  void it('applies an exotic text over zeros', () => {
    assert.deepEqual(mergeStreamConfig(ZERO_STREAM_SETTINGS, 'replicas: 1').settings, {
      ...ZERO_STREAM_SETTINGS,
      replicas: 1,
    });
  });

  void it('rejects a dedup window longer than the max age', () => {
    assert.throws(
      () => mergeStreamConfig(DEFAULT_STREAM_SETTINGS, 'maxAge: 1m'),
      /streamConfig\.duplicates.*longer than maxAge|longer than maxAge/,
    );
  });
});
