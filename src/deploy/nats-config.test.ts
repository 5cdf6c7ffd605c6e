/**
 * The rendered server config is accepted by the real nats-server (`-t` parses it and exits) with the
 * rendered auth include and generated certificates in place: the mount paths of the pod are rewritten to
 * a temp dir, the pod's environment is set as the StatefulSet sets it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadText } from '../api/index.js';
import {
  allObjects,
  busKey,
  generateBusSecrets,
  NATS_PATHS,
  renderResources,
  type KubeObject,
} from './index.js';

const NATS = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

const BUS = (replicas: number) => `apiVersion: argoproj.io/v1alpha1
kind: EventBus
metadata: {name: default}
spec:
  jetstream:
    version: "2.9.16"
    replicas: ${replicas}
    settings: |
      max_file_store: 1GB       # a comment, as in the seed
    startArgs: ["-D"]
`;

for (const replicas of [1, 3]) {
  test(
    `nats-server accepts the rendered config of a ${replicas}-replica bus`,
    { skip: !existsSync(NATS) && 'no nats-server' },
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-render-conf-'));
      try {
        const material = await generateBusSecrets('default', 'default');
        const r = renderResources(loadText(BUS(replicas), 'bus.yaml'), {
          image: 'x',
          busSecrets: new Map([[busKey('default', 'default'), material]]),
        });
        assert.deepEqual(r.problems, []);
        const objs = allObjects(r);
        const confDir = path.join(dir, 'etc');
        await mkdir(confDir);
        const local = (s: string) =>
          s
            .replaceAll(NATS_PATHS.configDir, confDir)
            .replaceAll(NATS_PATHS.storeDir, path.join(dir, 'store'))
            .replaceAll(NATS_PATHS.pidFile, path.join(dir, 'nats.pid'));
        const cm = objs.find((o) => o.kind === 'ConfigMap') as KubeObject & { data: Record<string, string> };
        await writeFile(path.join(confDir, 'nats-js.conf'), local(cm.data['nats-js']!));
        // The projected volume's file names, as the StatefulSet maps the Secret keys.
        const sts = objs.find((o) => o.kind === 'StatefulSet') as any;
        const sources = sts.spec.template.spec.volumes[0].projected.sources as any[];
        for (const s of sources.filter((x) => x.secret)) {
          const secret = objs.find((o) => o.kind === 'Secret' && o.metadata.name === s.secret.name) as any;
          for (const item of s.secret.items)
            await writeFile(path.join(confDir, item.path), Buffer.from(secret.data[item.key], 'base64'));
        }
        const res = spawnSync(NATS, ['-t', '-c', path.join(confDir, 'nats-js.conf')], {
          encoding: 'utf8',
          env: {
            POD_NAME: 'eventbus-default-js-0',
            CLUSTER_ADVERTISE: 'eventbus-default-js-0.eventbus-default-js-svc.default.svc',
            JS_KEY: material.encryptionKey,
          },
          timeout: 20_000,
        });
        assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
        assert.match(`${res.stdout}${res.stderr}`, /configuration file .* is valid/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
}
