/** Upstream's generic example (examples/argo-events/event-sources/generic.yaml) against a local gRPC server. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadFile } from '../../api/index.js';
import type { EventSource } from '../../api/index.js';
import { upstreamExamples, waitFor } from '../../../test/harness/index.js';
import { collectingContext } from '../file/testing.js';
import { createGenericDriver } from './driver.js';
import { startEventingServer } from './test-server.js';

void test('generic.yaml: the server gets the config text and its event is dispatched', async () => {
  const [doc] = await loadFile(path.join(upstreamExamples, 'event-sources/generic.yaml'));
  const events = Object.entries((doc!.resource as EventSource).spec.generic ?? {});
  assert.equal(events.length, 1);
  const [name, cfg] = events[0]!;
  const server = await startEventingServer();
  const c = collectingContext('generic', { ...cfg, url: server.url });
  const l = await createGenericDriver({ reconnectMs: 100 }).start(c.ctx);
  try {
    await waitFor(() => server.open().length === 1);
    assert.deepEqual(
      { name: server.calls[0]!.request.name, config: server.calls[0]!.request.config.toString() },
      { name: 'example', config: 'key1: value1\nkey2: value2' },
    );
    assert.equal(name, 'example');
    server.send('{"a":1}');
    await waitFor(() => c.events.length === 1);
    assert.deepEqual(c.events[0], { body: Buffer.from('{"a":1}').toString('base64') });
  } finally {
    await l.stop();
    await server.stop();
  }
});
