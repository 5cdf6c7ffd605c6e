/** Upstream's nats example (examples/argo-events/event-sources/nats.yaml) with the server address moved here. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { test } from 'node:test';
import type { NATSEventSource } from '../../api/index.js';
import { services, waitFor } from '../../../test/harness/index.js';
import { exampleEvents, testContext } from '../broker/testing.js';
import { natsDriver } from './driver.js';

void test('nats.yaml: subscribes to "foo" and dispatches its JSON messages', async () => {
  const events = await exampleEvents<NATSEventSource>('nats.yaml', 'nats');
  assert.deepEqual(
    events.map(([n]) => n),
    ['example'],
  );
  const cfg = { ...events[0]![1], url: services.nats };
  assert.equal(cfg.subject, 'foo');
  const c = testContext('nats', cfg);
  const l = await natsDriver.start(c.ctx);
  const nc = await connect({ servers: services.nats });
  try {
    const marker = randomUUID(); // the machine's server is shared: find our message among others
    nc.publish('foo', JSON.stringify({ marker }));
    await waitFor(() => c.events.some((e) => e.body?.marker === marker));
    assert.deepEqual(
      c.events.find((e) => e.body?.marker === marker),
      { subject: 'foo', body: { marker } },
    );
  } finally {
    await nc.close();
    await l.stop();
  }
});
