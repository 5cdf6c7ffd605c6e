/**
 * The EventBus finalizer of `jetflow controller` (issue 15), against the local Kubernetes API server of
 * test/harness/kube-api (no real API server can be installed here; that one keeps an object with
 * finalizers after a DELETE, with metadata.deletionTimestamp set, until they are emptied, as the real
 * one does), driven by the real @kubernetes/client-node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EVENTBUS_FINALIZER } from '../../src/api/index.js';
import { controllerRender, startController, type Controller } from '../../src/deploy/controller/index.js';
import { startKubeApiServer } from '../harness/kube-api/index.js';
import { waitFor } from '../harness/index.js';
import {
  API,
  clients,
  condition,
  createCr,
  deleteCr,
  findCr,
  installCrds,
  logger,
  owned,
  sensor,
  T,
  webhookSource,
  type Clients,
  type Server,
} from './controller-helpers.js';

const ns = 'fin';
const bus = (name: string) => ({
  apiVersion: API,
  kind: 'EventBus',
  metadata: { name, namespace: ns },
  spec: { jetstream: { version: '2.9.16', replicas: 1 } },
});

describe('jetflow controller: EventBus finalizer', () => {
  let server: Server;
  let c: Clients;
  let controller: Controller;

  before(async () => {
    server = await startKubeApiServer();
    c = clients(server.kubeConfig());
    await installCrds(c);
    controller = startController({
      kubeConfig: server.kubeConfig(),
      namespace: ns,
      render: controllerRender({ image: 'jetflow:test' }),
      logger,
      // long: release must come from the watch of the Sensor/EventSource deletes, not a resync
      resyncMs: 10 * 60_000,
      retryBaseMs: 100,
    });
  });

  after(async () => {
    await controller?.stop();
    await server?.stop();
  });

  it('deleting a bus in use is held (status names the users) until the last user is gone', async () => {
    const cr = await createCr(c, 'eventbus', bus('default'));
    await createCr(c, 'sensors', sensor('uses-default', ns));
    await createCr(c, 'eventsources', webhookSource('hooks', ns, 12000));
    await createCr(c, 'sensors', sensor('uses-other', ns, { eventBusName: 'other' }));
    await waitFor(
      async () =>
        (await findCr(c, 'eventbus', ns, 'default'))?.metadata?.finalizers?.includes(EVENTBUS_FINALIZER),
      { timeout: T, message: 'finalizer added' },
    );
    await waitFor(
      async () => (await owned(c, 'apps/v1', 'StatefulSet', ns, cr.metadata!.uid!)).length === 1,
      {
        timeout: T,
        message: 'bus deployed',
      },
    );

    await deleteCr(c, 'eventbus', ns, 'default');
    const held = await waitFor(
      async () => {
        const b = await findCr(c, 'eventbus', ns, 'default');
        return condition(b!, 'Deployed')?.reason === 'InUse' ? b : undefined;
      },
      { timeout: T, message: 'held delete reported' },
    );
    assert.ok(held.metadata!.deletionTimestamp);
    assert.deepEqual(held.metadata!.finalizers, [EVENTBUS_FINALIZER]);
    const message = condition(held, 'Deployed')!.message!;
    assert.match(message, /EventSource\/hooks, Sensor\/uses-default$/);
    assert.doesNotMatch(message, /uses-other/, 'a Sensor of another bus does not hold it');
    assert.equal(
      (await owned(c, 'apps/v1', 'StatefulSet', ns, cr.metadata!.uid!)).length,
      1,
      'still running',
    );

    await deleteCr(c, 'sensors', ns, 'uses-default');
    await waitFor(
      async () =>
        /in use by EventSource\/hooks$/.test(
          condition((await findCr(c, 'eventbus', ns, 'default'))!, 'Deployed')?.message ?? '',
        ),
      { timeout: T, message: 'status follows the remaining user' },
    );
    await deleteCr(c, 'eventsources', ns, 'hooks');
    await waitFor(async () => (await findCr(c, 'eventbus', ns, 'default')) === undefined, {
      timeout: T,
      message: 'delete completed once unused',
    });
    await waitFor(
      async () => (await owned(c, 'apps/v1', 'StatefulSet', ns, cr.metadata!.uid!)).length === 0,
      {
        timeout: T,
        message: 'bus objects garbage-collected',
      },
    );
  });

  it('an unused bus is deleted at once (the finalizer is released)', async () => {
    await createCr(c, 'eventbus', bus('spare'));
    await waitFor(
      async () =>
        (await findCr(c, 'eventbus', ns, 'spare'))?.metadata?.finalizers?.includes(EVENTBUS_FINALIZER),
      { timeout: T, message: 'finalizer added' },
    );
    await deleteCr(c, 'eventbus', ns, 'spare');
    await waitFor(async () => (await findCr(c, 'eventbus', ns, 'spare')) === undefined, {
      timeout: T,
      message: 'unused bus deleted',
    });
  });
});
