/**
 * Child processes of a chaos run: `jetflow bus up`, `jetflow eventsource`, `jetflow sensor`, each with
 * captured output, and the resource YAML they read. Everything runs on loopback in a temp dir.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readBusState } from '../../src/bus/local/index.js';
import { projectRoot, stopProcess, waitFor } from '../harness/index.js';

/** A started jetflow child: its process and everything it printed. */
export interface Child {
  proc: ChildProcess;
  out: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Start `jetflow <args>` from the sources (no build needed); `env` adds variables (e.g. secrets). */
export function jetflow(args: string[], env?: Record<string, string>): Child {
  return spawnCaptured(['--import', 'tsx', 'src/cli/main.ts', ...args], env);
}

/** Start the built binary, `node bin/jetflow.js <args>` (needs `npm run build`). */
export function jetflowBuilt(args: string[]): Child {
  return spawnCaptured(['bin/jetflow.js', ...args]);
}

function spawnCaptured(nodeArgs: string[], env?: Record<string, string>): Child {
  const proc = spawn(process.execPath, nodeArgs, {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: env && { ...process.env, ...env },
  });
  const out: string[] = [];
  const take = (d: Buffer) => out.push(...d.toString().split('\n').filter(Boolean));
  proc.stdout!.on('data', take);
  proc.stderr!.on('data', take);
  return { proc, out, stop: (signal) => stopProcess(proc, signal) };
}

/** Wait until one of `child`'s lines contains `needle`; fail early if it exits. */
export async function waitLine(child: Child, needle: string, timeout = 60_000): Promise<void> {
  await waitFor(
    () => {
      if (child.proc.exitCode !== null) throw new Error(`exited: ${child.out.slice(-5).join(' | ')}`);
      return child.out.some((l) => l.includes(needle));
    },
    { timeout, interval: 50, message: needle },
  );
}

export interface ScenarioFiles {
  bus: string;
  source: string;
  sensor: string;
}

export interface YamlOptions {
  replicas: number;
  webhookPort: number;
  sinkUrl: string;
  dlqUrl: string;
  streamConfig?: string;
  retrySteps: number;
  /** Add `persistence: {}` to the EventBus so the store survives a restart. */
  persistence?: boolean;
}

/** Write the EventBus, webhook EventSource and HTTP-trigger Sensor of a run into `dir`. */
export async function writeResources(dir: string, o: YamlOptions): Promise<ScenarioFiles> {
  const files = {
    bus: path.join(dir, 'bus.yaml'),
    source: path.join(dir, 'source.yaml'),
    sensor: path.join(dir, 'sensor.yaml'),
  };
  await writeBus(files.bus, o);
  await writeFile(
    files.source,
    `apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata: {name: chaos}
spec:
  webhook:
    load: {port: "${o.webhookPort}", endpoint: /load, method: POST}
`,
  );
  const http = (url: string) =>
    `http: {url: "${url}", method: POST, payload: [{src: {dependencyName: d, dataKey: body.uid}, dest: uid}]}`;
  await writeFile(
    files.sensor,
    `apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: chaos}
spec:
  dependencies: [{name: d, eventSourceName: chaos, eventName: load}]
  triggers:
    - template: {name: sink, ${http(o.sinkUrl)}}
      # Without policy.status.allow any HTTP answer counts as success (as upstream).
      policy: {status: {allow: [200]}}
      atLeastOnce: true
      retryStrategy: {steps: ${o.retrySteps}, duration: 200ms, factor: 2}
      dlqTrigger:
        template: {name: dlq, ${http(o.dlqUrl)}}
        policy: {status: {allow: [200]}}
        atLeastOnce: true
        retryStrategy: {steps: 10, duration: 200ms, factor: 1.5}
`,
  );
  return files;
}

/** Write the EventBus of a run (`replicas` nats-servers, the stream config) to `file`. */
export async function writeBus(
  file: string,
  o: Pick<YamlOptions, 'replicas' | 'streamConfig' | 'persistence'>,
): Promise<void> {
  const stream = (o.streamConfig ?? `replicas: ${o.replicas}`).replace(/\n/g, '\n      ');
  await writeFile(
    file,
    `apiVersion: argoproj.io/v1alpha1
kind: EventBus
metadata: {name: default}
spec:
  jetstream:
    version: latest
    replicas: ${o.replicas}${o.persistence ? '\n    persistence: {}' : ''}
    streamConfig: |
      ${stream}
`,
  );
}

/** Pids of the bus nodes from the bus state under `dataDir`. */
export async function busPids(dataDir: string): Promise<number[]> {
  const state = await readBusState(dataDir, 'default');
  return (state?.nodes ?? []).map((n) => n.pid).filter((p): p is number => typeof p === 'number');
}
