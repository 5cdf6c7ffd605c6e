/**
 * Test support for the Redis sources: the machine's Redis address as `host:port`, a private
 * redis-server started on a free port (for auth and TLS tests), and killing a listener's connection
 * from the server side. Never imported by the runtime.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, isListening, services, stopProcess, waitFor } from '../../../test/harness/index.js';

/** `host:port` of this machine's Redis (REDIS_URL). */
export function redisHostAddress(): string {
  const u = new URL(services.redis);
  return `${u.hostname}:${u.port || 6379}`;
}

/** A client of this machine's Redis, for publishing and inspecting. */
export function adminClient(address = redisHostAddress(), opts: { password?: string } = {}): Redis {
  const [host, port] = address.split(':');
  return new Redis({ host, port: Number(port), password: opts.password, lazyConnect: true });
}

/** Kill (server side) every connection whose client name is `name`; resolves with how many. */
export async function killClient(admin: Redis, name: string): Promise<number> {
  const list = (await admin.client('LIST')) as string;
  const ids = list
    .split('\n')
    .filter((l) => l.includes(` name=${name} `))
    .map((l) => /id=(\d+)/.exec(l)![1]!);
  for (const id of ids) await admin.client('KILL', 'ID', id);
  return ids.length;
}

/**
 * A private redis-server (no persistence) with extra config lines; with `tls` it listens with TLS only
 * and requires client certificates signed by the CA.
 */
export async function startRedis(
  config: string[] = [],
  tls?: { ca: string; serverCert: string; serverKey: string },
) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-redis-'));
  const port = await freePort();
  const conf = path.join(dir, 'redis.conf');
  const listen = tls
    ? [
        'port 0',
        `tls-port ${port}`,
        `tls-cert-file ${tls.serverCert}`,
        `tls-key-file ${tls.serverKey}`,
        `tls-ca-cert-file ${tls.ca}`,
        'tls-auth-clients yes',
      ]
    : [`port ${port}`];
  const lines = [...listen, 'bind 127.0.0.1', 'save ""', 'appendonly no', `dir ${dir}`, ...config];
  await writeFile(conf, lines.join('\n'));
  const proc = spawn('redis-server', [conf], { stdio: 'ignore' });
  await waitFor(() => isListening(port), { timeout: 10_000, message: `redis-server on ${port}` });
  return {
    port,
    address: `127.0.0.1:${port}`,
    async stop() {
      await stopProcess(proc);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
