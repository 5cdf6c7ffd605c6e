/**
 * Webhook ingest: autocannon (a separate process, so the load generator does not share our event loop)
 * POSTs at concurrency 64 against a webhook EventSource hosted by EventSourceHost. A 2xx means stored.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { SecretStore } from '../../src/api/index.js';
import { Publisher } from '../../src/bus/index.js';
import { EventSourceHost, SOURCE_DRIVERS } from '../../src/sources/index.js';
import { freePort } from '../../test/harness/index.js';
import type { BenchBus } from '../lib/bus.js';

const AUTOCANNON = path.resolve(import.meta.dirname, '../../node_modules/autocannon/autocannon.js');
const BODY = JSON.stringify({ message: 'hello', pad: 'x'.repeat(900) });

interface AutocannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  duration: number;
}

function autocannon(url: string, seconds: number): Promise<AutocannonResult> {
  const args = [AUTOCANNON, '-j', '-c', '64', '-d', String(seconds), '-m', 'POST'];
  args.push('-H', 'Content-Type=application/json', '-b', BODY, url);
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 16 << 20 }, (err, stdout) =>
      err ? reject(err) : resolve(JSON.parse(stdout) as AutocannonResult),
    ),
  );
}

/** Stored events/s (2xx answers per second) over `seconds` of load; also returns the error count. */
export async function webhookIngest(bus: BenchBus, seconds: number) {
  const nc = await bus.connect('bench-webhook');
  const port = await freePort();
  const publisher = new Publisher(nc);
  const host = new EventSourceHost({
    eventSource: {
      metadata: { name: 'benchhook' },
      spec: { webhook: { ev: { port: String(port), endpoint: '/hook', method: 'POST' } } },
    },
    publisher,
    secrets: new SecretStore({ env: {} }),
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    drivers: SOURCE_DRIVERS,
  });
  host.start();
  try {
    await host.ready();
    const r = await autocannon(`http://127.0.0.1:${port}/hook`, seconds);
    return { rate: r['2xx'] / seconds, non2xx: r.non2xx, errors: r.errors };
  } finally {
    await host.stop();
    await publisher.drain();
    await nc.close();
  }
}
