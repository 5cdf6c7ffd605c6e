import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSpecWithServer, mapServerErrors } from './config-test.js';
import { busLayout, serverName } from './layout.js';
import { checkServerSpec, renderNodeConfig } from './server-config.js';

const BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const layout = busLayout('/data', 'default');
const ports = [
  { client: 1001, cluster: 2001, monitor: 3001 },
  { client: 1002, cluster: 2002, monitor: 3002 },
  { client: 1003, cluster: 2003, monitor: 3003 },
];
const base = {
  busName: 'default',
  index: 1,
  serverName: serverName('default', 1),
  host: '127.0.0.1',
  layout,
  storeDir: '/data/s',
  maxPayload: '1MB',
};

describe('renderNodeConfig', () => {
  it('a clustered node: own ports, routes to every node, TLS on client and cluster, key from env, auth include', () => {
    const { text, settingsLines } = renderNodeConfig({
      ...base,
      ports,
      settings: 'max_file_store: 1GB\nmax_memory_store: -1\n',
    });
    assert.match(text, /^server_name: "eventbus-default-js-1"$/m);
    assert.match(text, /^listen: "127\.0\.0\.1:1002"$/m);
    assert.match(text, /^http: "127\.0\.0\.1:3002"$/m);
    assert.match(text, /^max_payload: 1MB$/m);
    assert.match(text, /^lame_duck_duration: "30s"$/m);
    assert.match(
      text,
      /jetstream \{\n {2}key: \$JS_KEY\n {2}store_dir: "\/data\/s"\n {2}max_file_store: 1GB\n {2}max_memory_store: -1\n\}/,
    );
    assert.match(
      text,
      /routes: \["nats-route:\/\/127\.0\.0\.1:2001", "nats-route:\/\/127\.0\.0\.1:2002", "nats-route:\/\/127\.0\.0\.1:2003"\]/,
    );
    assert.match(text, /listen: "127\.0\.0\.1:2002"/);
    assert.match(text, /cert_file: "\/data\/bus\/default\/certs\/cluster-server-cert\.pem"/);
    assert.match(text, /ca_file: "\/data\/bus\/default\/certs\/ca-cert\.pem"/);
    assert.match(text, /^include "..\/..\/auth\/auth\.conf"$/m);
    const lines = text.split('\n');
    assert.equal(lines[settingsLines.first - 1], '  max_file_store: 1GB');
    assert.equal(lines[settingsLines.last - 1], '  max_memory_store: -1');
  });

  it('a single node is standalone (no cluster block) and secrets are not in the config', () => {
    const { text } = renderNodeConfig({ ...base, index: 0, ports: ports.slice(0, 1), settings: '' });
    assert.doesNotMatch(text, /cluster|routes/);
    assert.doesNotMatch(text, /password|user/);
  });
});

describe('checkServerSpec', () => {
  it('refuses store_dir and key in settings, bad sizes and flags jetflow manages', () => {
    assert.deepEqual(checkServerSpec('max_file_store: 1GB', '1MB', ['-D']), []);
    const issues = checkServerSpec('max_file_store: 1GB\n store_dir: /x', '1 megabyte', [
      '-D',
      '--port=4222',
      '-c',
    ]);
    assert.deepEqual(
      issues.map((i) => i.path),
      [
        'spec.jetstream.settings',
        'spec.jetstream.maxPayload',
        'spec.jetstream.startArgs[1]',
        'spec.jetstream.startArgs[2]',
      ],
    );
    assert.match(issues[0]!.message, /store_dir cannot be set in settings/);
    assert.match(checkServerSpec('key: abc', '1MB', [])[0]!.message, /key cannot be set/);
  });
});

describe('checkSpecWithServer (nats-server -t)', () => {
  it('accepts good input', async () => {
    assert.deepEqual(
      await checkSpecWithServer(BIN, {
        settings: 'max_file_store: 1GB\n',
        maxPayload: '2MB',
        startArgs: ['-D'],
      }),
      [],
    );
  });

  it('maps errors back to the settings line', async () => {
    const issues = await checkSpecWithServer(BIN, {
      settings: 'max_file_store: 1GB\nmax_file_stor: 2GB\n',
      maxPayload: '1MB',
      startArgs: [],
    });
    assert.deepEqual(issues, [
      {
        severity: 'error',
        path: 'spec.jetstream.settings',
        message: 'line 2: unknown field "max_file_stor"',
      },
    ]);
    const bad = await checkSpecWithServer(BIN, {
      settings: 'max_file_store: banana',
      maxPayload: '1MB',
      startArgs: [],
    });
    assert.equal(bad[0]!.path, 'spec.jetstream.settings');
    assert.match(bad[0]!.message, /^line 1: max_file_store .*invalid syntax/);
  });

  it('reports an unknown flag against startArgs', async () => {
    const issues = await checkSpecWithServer(BIN, {
      settings: '',
      maxPayload: '1MB',
      startArgs: ['--no-such-flag'],
    });
    assert.deepEqual(issues, [
      {
        severity: 'error',
        path: 'spec.jetstream.startArgs',
        message: 'flag provided but not defined: -no-such-flag',
      },
    ]);
  });

  it('lines outside any region are reported against the generated config', () => {
    const out = 'nats-server: /x/nats.conf:3:1: bad thing\n/x/nats.conf:12:3: other';
    assert.deepEqual(
      mapServerErrors(out, '/x/nats.conf', [
        { first: 10, last: 13, path: 'spec.jetstream.settings', numbered: true },
      ]).map((i) => `${i.path}: ${i.message}`),
      ['spec.jetstream: generated config line 3: bad thing', 'spec.jetstream.settings: line 3: other'],
    );
  });
});
