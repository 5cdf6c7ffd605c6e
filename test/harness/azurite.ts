/**
 * Azurite (Microsoft's Azure Storage emulator, npm `azurite`, dev dependency) for tests: its queue
 * service started on a free port with a temp workspace, stopped by its PID.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { freePort, isListening } from './ports.js';
import { waitFor } from './wait-for.js';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  queueEndpoint: string;
  connectionString: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startAzuriteQueue(): Promise<Azurite> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-azurite-'));
  const port = await freePort();
  const main = path.join(
    path.dirname(createRequire(import.meta.url).resolve('azurite/package.json')),
    'dist/src/queue/main.js',
  );
  const args = [
    main,
    '--queueHost',
    '127.0.0.1',
    '--queuePort',
    String(port),
    '--location',
    dir,
    '--silent',
    '--skipApiVersionCheck',
    '--disableTelemetry',
  ];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  try {
    await waitFor(() => proc.exitCode === null && isListening(port), {
      timeout: 30_000,
      message: `azurite on ${port}: ${stderr}`,
    });
  } catch (err) {
    proc.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const queueEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    queueEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};QueueEndpoint=${queueEndpoint};`,
    pid: proc.pid!,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
