/**
 * Issue 15 part 2, `jetflow controller`, against the local Kubernetes API server of
 * test/harness/kube-api (no real API server can be installed here; that one speaks the REST API:
 * CRDs, /status, list+watch, owner-reference garbage collection), driven by the real
 * @kubernetes/client-node — the controller's client and the test's. The CRDs installed are the
 * ones `jetflow render --crds` prints.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KUBE_ANNOTATIONS } from '../../src/api/index.js';
import { controllerRender, startController, type Controller } from '../../src/deploy/controller/index.js';
import { startKubeApiServer } from '../harness/kube-api/index.js';
import { projectRoot, waitFor } from '../harness/index.js';
import {
  API,
  clients,
  condition,
  createCr,
  getCr,
  GROUP,
  installCrds,
  logger,
  owned,
  patchSpec,
  sensor,
  T,
  VERSION,
  webhookSource,
  type Clients,
  type Obj,
  type Server,
} from './controller-helpers.js';

describe('jetflow controller (in process)', () => {
  let server: Server;
  let c: Clients;
  let controller: Controller;
  const ns = 'team';

  before(async () => {
    server = await startKubeApiServer();
    c = clients(server.kubeConfig());
    await installCrds(c);
    controller = startController({
      kubeConfig: server.kubeConfig(),
      namespace: ns,
      render: controllerRender({ image: 'jetflow:test' }),
      logger,
      // long: these tests pass only through the watch (a separate test covers the resync)
      resyncMs: 10 * 60_000,
      retryBaseMs: 100,
    });
  });

  after(async () => {
    await controller?.stop();
    await server?.stop();
  });

  it('Sensor CR → Deployment with owner reference and status; spec change → updated; delete → gone', async () => {
    const cr = await createCr(c, 'sensors', sensor('orders', ns));
    const uid = cr.metadata!.uid!;
    const [dep] = await waitFor(
      async () => {
        const d = await owned(c, 'apps/v1', 'Deployment', ns, uid);
        return d.length ? d : undefined;
      },
      { timeout: T, message: 'Deployment of the Sensor' },
    );
    const ref = dep.metadata!.ownerReferences![0];
    assert.deepEqual([ref.kind, ref.name, ref.uid, ref.controller], ['Sensor', 'orders', uid, true]);
    assert.equal(dep.spec.template.spec.containers[0].image, 'jetflow:test');

    const status = await waitFor(
      async () => {
        const now = await getCr(c, 'sensors', ns, 'orders');
        return condition(now, 'Deployed')?.status === 'True' ? now : undefined;
      },
      { timeout: T, message: 'Deployed=True' },
    );
    assert.deepEqual(
      (status.status.conditions as { type: string }[]).map((x) => x.type),
      ['DependenciesProvided', 'Deployed', 'TriggersProvided'],
    );
    for (const x of status.status.conditions) {
      assert.equal(x.status, 'True');
      assert.ok(x.reason && x.message && x.lastTransitionTime, JSON.stringify(x));
    }
    assert.equal(status.status.observedGeneration, status.metadata!.generation);

    await patchSpec(c, 'sensors', cr, { replicas: 2 });
    await waitFor(
      async () => {
        const [d] = await owned(c, 'apps/v1', 'Deployment', ns, uid);
        return d?.spec.replicas === 2;
      },
      { timeout: T, message: 'Deployment updated to 2 replicas' },
    );
    // a trigger change reaches the mounted resource, and the pod template's config hash (rolls the pods)
    const hashOf = (d: Obj) => d.spec.template.metadata.annotations[KUBE_ANNOTATIONS.configHash] as string;
    const hashBefore = hashOf((await owned(c, 'apps/v1', 'Deployment', ns, uid))[0]!);
    await patchSpec(c, 'sensors', cr, { triggers: [{ template: { name: 'renamed', log: {} } }] });
    await waitFor(
      async () => {
        const maps = await owned(c, 'v1', 'ConfigMap', ns, uid);
        return maps.some((m) => Object.values(m.data ?? {}).some((v) => String(v).includes('renamed')));
      },
      { timeout: T, message: 'ConfigMap updated with the new trigger' },
    );
    await waitFor(async () => hashOf((await owned(c, 'apps/v1', 'Deployment', ns, uid))[0]!) !== hashBefore, {
      timeout: T,
      message: 'Deployment pod template config hash changed with the trigger',
    });
    const updated = await waitFor(
      async () => {
        const now = await getCr(c, 'sensors', ns, 'orders');
        return now.status?.observedGeneration === now.metadata!.generation ? now : undefined;
      },
      { timeout: T, message: 'observedGeneration follows the spec' },
    );
    assert.equal(condition(updated, 'Deployed')?.status, 'True');

    await c.custom.deleteNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: ns,
      plural: 'sensors',
      name: 'orders',
    });
    await waitFor(async () => (await owned(c, 'apps/v1', 'Deployment', ns, uid)).length === 0, {
      timeout: T,
      message: 'Deployment deleted with the Sensor',
    });
  });

  it('EventBus CR → StatefulSet, Services, ConfigMap, PodDisruptionBudget and Secrets', async () => {
    const cr = await createCr(c, 'eventbus', {
      apiVersion: API,
      kind: 'EventBus',
      metadata: { name: 'default', namespace: ns },
      spec: { jetstream: { version: '2.9.16', replicas: 3 } },
    });
    const uid = cr.metadata!.uid!;
    const kinds = [
      ['apps/v1', 'StatefulSet'],
      ['v1', 'Service'],
      ['v1', 'ConfigMap'],
      ['policy/v1', 'PodDisruptionBudget'],
      ['v1', 'Secret'],
    ] as const;
    const found = await waitFor(
      async () => {
        const all = await Promise.all(kinds.map(([v, k]) => owned(c, v, k, ns, uid)));
        return all.every((l) => l.length) ? all : undefined;
      },
      { timeout: T, message: 'the objects of the EventBus' },
    );
    const [sts, services] = found;
    assert.equal(sts[0].spec.replicas, 3);
    assert.ok(services.length >= 2, 'headless and client Service');
    await waitFor(
      async () => condition(await getCr(c, 'eventbus', ns, 'default'), 'Deployed')?.status === 'True',
      {
        timeout: T,
        message: 'EventBus Deployed=True',
      },
    );
    const bus = await getCr(c, 'eventbus', ns, 'default');
    assert.equal(condition(bus, 'Configured')?.status, 'True');
  });

  it('an invalid change is reported with its field path; the objects last deployed stay as they were', async () => {
    const cr = await createCr(c, 'eventsources', webhookSource('hooks', ns, 12000));
    const uid = cr.metadata!.uid!;
    await waitFor(
      async () => condition(await getCr(c, 'eventsources', ns, 'hooks'), 'Deployed')?.status === 'True',
      {
        timeout: T,
        message: 'EventSource deployed',
      },
    );
    const before = {
      services: await owned(c, 'v1', 'Service', ns, uid),
      deployments: await owned(c, 'apps/v1', 'Deployment', ns, uid),
    };
    assert.equal(before.services.length, 1);
    assert.equal(before.deployments.length, 1);

    await patchSpec(c, 'eventsources', cr, { service: { ports: [{ port: 70000, targetPort: 12000 }] } });
    const bad = await waitFor(
      async () => {
        const now = await getCr(c, 'eventsources', ns, 'hooks');
        return condition(now, 'Deployed')?.status === 'False' ? now : undefined;
      },
      { timeout: T, message: 'Deployed=False' },
    );
    const deployed = condition(bad, 'Deployed')!;
    assert.equal(deployed.reason, 'InvalidSpec');
    assert.match(deployed.message!, /spec\.service\.ports\[0\]\.port/);

    const after = {
      services: await owned(c, 'v1', 'Service', ns, uid),
      deployments: await owned(c, 'apps/v1', 'Deployment', ns, uid),
    };
    assert.deepEqual(
      after.services.map((s) => [s.metadata!.resourceVersion, s.spec.ports[0].port]),
      before.services.map((s) => [s.metadata!.resourceVersion, 12000]),
    );
    assert.deepEqual(
      after.deployments.map((d) => d.metadata!.resourceVersion),
      before.deployments.map((d) => d.metadata!.resourceVersion),
    );

    // fixed again → deployed again with the new port
    await patchSpec(c, 'eventsources', cr, { service: { ports: [{ port: 12001, targetPort: 12000 }] } });
    await waitFor(
      async () => {
        const [s] = await owned(c, 'v1', 'Service', ns, uid);
        return s?.spec.ports[0].port === 12001;
      },
      { timeout: T, message: 'Service updated after the fix' },
    );
  });

  it('after the watches are dropped, new resources are still reconciled (the watch resumes)', async () => {
    server.dropWatches();
    const cr = await createCr(c, 'sensors', sensor('after-drop', ns));
    await waitFor(async () => (await owned(c, 'apps/v1', 'Deployment', ns, cr.metadata!.uid!)).length === 1, {
      timeout: T,
      message: 'Deployment created through the resumed watch',
    });
    server.dropWatches();
    await patchSpec(c, 'sensors', cr, { replicas: 3 });
    await waitFor(
      async () => {
        const [d] = await owned(c, 'apps/v1', 'Deployment', ns, cr.metadata!.uid!);
        return d?.spec.replicas === 3;
      },
      { timeout: T, message: 'update seen through the resumed watch' },
    );
  });
});

describe('jetflow controller resync', () => {
  let server: Server;
  let controller: Controller;

  before(async () => {
    server = await startKubeApiServer();
    await installCrds(clients(server.kubeConfig()));
    controller = startController({
      kubeConfig: server.kubeConfig(),
      namespace: 'heal',
      render: controllerRender({ image: 'jetflow:test' }),
      logger,
      resyncMs: 300,
      retryBaseMs: 100,
    });
  });

  after(async () => {
    await controller?.stop();
    await server?.stop();
  });

  it('converges: resyncs of an unchanged EventBus write nothing', async () => {
    const c = clients(server.kubeConfig());
    const cr = await createCr(c, 'eventbus', {
      apiVersion: API,
      kind: 'EventBus',
      metadata: { name: 'default', namespace: 'heal' },
      spec: { jetstream: { version: '2.9.16' } },
    });
    await waitFor(
      async () => condition(await getCr(c, 'eventbus', 'heal', 'default'), 'Deployed')?.status === 'True',
      { timeout: T, message: 'EventBus deployed' },
    );
    const versions = async () => {
      const kinds = [
        ['apps/v1', 'StatefulSet'],
        ['v1', 'Service'],
        ['v1', 'ConfigMap'],
        ['v1', 'Secret'],
      ] as const;
      const lists = await Promise.all(kinds.map(([v, k]) => owned(c, v, k, 'heal', cr.metadata!.uid!)));
      const crNow = await getCr(c, 'eventbus', 'heal', 'default');
      return JSON.stringify([
        crNow.metadata!.resourceVersion,
        lists.flat().map((o) => o.metadata!.resourceVersion),
      ]);
    };
    const first = await versions();
    // several resyncs (every 300 ms) later, counted from the controller's list requests
    const lists = () =>
      server.requests.filter((r) =>
        /GET \/apis\/argoproj\.io\/v1alpha1\/namespaces\/heal\/eventbus(\?|$| )/.test(r),
      ).length;
    const before = lists();
    await waitFor(() => lists() >= before + 4, { timeout: T, message: 'resyncs ran' });
    assert.equal(await versions(), first, 'no object and no status was rewritten');
  });

  it('an owned object deleted behind its back is recreated by the periodic resync', async () => {
    const c = clients(server.kubeConfig());
    const cr = await createCr(c, 'sensors', sensor('healed', 'heal'));
    const uid = cr.metadata!.uid!;
    const [dep] = await waitFor(
      async () => {
        const d = await owned(c, 'apps/v1', 'Deployment', 'heal', uid);
        return d.length ? d : undefined;
      },
      { timeout: T },
    );
    await c.apps.deleteNamespacedDeployment({ name: dep.metadata!.name!, namespace: 'heal' });
    await waitFor(
      async () => {
        const [d] = await owned(c, 'apps/v1', 'Deployment', 'heal', uid);
        return d && d.metadata!.uid !== dep.metadata!.uid;
      },
      { timeout: T, message: 'Deployment recreated' },
    );
  });
});

describe('jetflow controller under API errors (--all-namespaces)', () => {
  let server: Server;
  let controller: Controller;

  before(async () => {
    server = await startKubeApiServer();
    await installCrds(clients(server.kubeConfig()));
    controller = startController({
      kubeConfig: server.kubeConfig(),
      // all namespaces: the cluster-wide watch and list
      namespace: undefined,
      render: controllerRender({ image: 'jetflow:test' }),
      logger,
      resyncMs: 10 * 60_000,
      retryBaseMs: 50,
    });
    await waitFor(() => server.watchCount() >= 3, { timeout: T, message: 'watches open' });
  });

  after(async () => {
    await controller?.stop();
    await server?.stop();
  });

  it('a reconcile that meets 500s is retried with backoff until the API answers again', async () => {
    server.failWith = { code: 500, reason: 'InternalError' };
    // stored directly (not through HTTP, which fails now): the open watch still reports it
    const cr = server.put(sensor('retried', 'flaky'));
    const failedBefore = server.requests.length;
    await waitFor(() => server.requests.length - failedBefore >= 3, {
      timeout: T,
      message: 'the controller retried while the API failed',
    });
    server.failWith = undefined;
    const c = clients(server.kubeConfig());
    await waitFor(
      async () => (await owned(c, 'apps/v1', 'Deployment', 'flaky', cr.metadata.uid)).length === 1,
      {
        timeout: T,
        message: 'Deployment created once the API answers',
      },
    );
    await waitFor(
      async () => condition(await getCr(c, 'sensors', 'flaky', 'retried'), 'Deployed')?.status === 'True',
      { timeout: T, message: 'Deployed=True after the retries' },
    );
  });
});

describe('jetflow controller (built CLI, KUBECONFIG)', () => {
  let server: Server;

  before(async () => {
    server = await startKubeApiServer({ namespace: 'cli' });
    await installCrds(clients(server.kubeConfig()));
  });

  after(async () => {
    await server?.stop();
  });

  it('reconciles a Sensor and exits 0 on SIGTERM', async () => {
    const proc = spawn(
      process.execPath,
      [
        path.join(projectRoot, 'bin/jetflow.js'),
        'controller',
        '--namespace',
        'cli',
        '--image',
        'jetflow:cli',
      ],
      {
        cwd: projectRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, KUBECONFIG: server.kubeconfigPath },
      },
    );
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    try {
      const c = clients(server.kubeConfig());
      const cr = await createCr(c, 'sensors', sensor('from-cli', 'cli'));
      const [dep] = await waitFor(
        async () => {
          const d = await owned(c, 'apps/v1', 'Deployment', 'cli', cr.metadata!.uid!);
          return d.length ? d : undefined;
        },
        { timeout: T, message: 'Deployment from the CLI controller' },
      );
      assert.equal(dep.spec.template.spec.containers[0].image, 'jetflow:cli');
      await waitFor(
        async () => condition(await getCr(c, 'sensors', 'cli', 'from-cli'), 'Deployed')?.status === 'True',
        {
          timeout: T,
        },
      );
      assert.doesNotMatch(out, new RegExp(server.token), 'the token is never logged');
    } finally {
      proc.kill('SIGTERM');
    }
    assert.equal(await exited, 0, out);
  });
});
