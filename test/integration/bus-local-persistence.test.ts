/** `persistence:` keeps the (encrypted) store across a stop and start; without it the store goes with the bus. */
import assert from 'node:assert/strict';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { busLayout, startLocalBus, type LocalBus } from '../../src/bus/local/index.js';
import { eventSubject, STREAM_NAME, STREAM_SUBJECTS, type JetStreamBus } from '../../src/api/index.js';
import { assertAllDead, tempDataDir, trackPids } from './bus-local-helpers.js';

const PAYLOAD = 'plain-text-payload-8c1f';
let dir: string;
const pids = new Set<number>();

before(
  async () => {
    dir = await tempDataDir();
  },
  { timeout: 60_000 },
);
after(
  async () => {
    if (pids.size) await assertAllDead(pids);
    await rm(dir, { recursive: true, force: true });
  },
  { timeout: 60_000 },
);

async function start(name: string, spec: JetStreamBus): Promise<LocalBus> {
  const bus = await startLocalBus({ name, dataDir: dir, spec });
  for (const p of trackPids(bus)) pids.add(p);
  return bus;
}

/** Messages in stream `default`, or undefined when the stream does not exist. */
async function streamMessages(bus: LocalBus, publish = 0): Promise<number | undefined> {
  const nc = await connect(bus.connectOptions());
  try {
    const jsm = await jetstreamManager(nc);
    if (publish) {
      await jsm.streams.add({ name: STREAM_NAME, subjects: STREAM_SUBJECTS, num_replicas: 1 });
      for (let i = 0; i < publish; i++)
        await jetstream(nc).publish(eventSubject('src', 'ev'), `${PAYLOAD}-${i}`);
    }
    return await jsm.streams.info(STREAM_NAME).then(
      (si) => si.state.messages,
      (err: Error) => {
        if (/stream not found/i.test(err.message)) return undefined;
        throw err;
      },
    );
  } finally {
    await nc.close();
  }
}

async function filesUnder(d: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

describe('local bus persistence', { timeout: 60_000 }, () => {
  it('with persistence, messages survive a stop and start, on the same ports, encrypted at rest', async () => {
    const spec: JetStreamBus = { version: 'latest', replicas: 1, persistence: { volumeSize: '1Gi' } };
    let bus = await start('kept', spec);
    const urls = bus.clientUrls;
    assert.equal(await streamMessages(bus, 3), 3);
    await bus.stop();

    const store = busLayout(dir, 'kept').node(0).persistentStore;
    const files = await filesUnder(store);
    assert.ok(files.length > 0, 'the store is kept after stop');
    for (const f of files)
      assert.ok(!(await readFile(f)).includes(PAYLOAD), `${f} holds the payload in clear text`);

    bus = await start('kept', spec);
    try {
      assert.deepEqual(bus.clientUrls, urls, 'remembered ports are reused');
      assert.equal(await streamMessages(bus), 3);
    } finally {
      await bus.stop();
    }
  });

  it('without persistence, the store is wiped on stop', async () => {
    const spec: JetStreamBus = { version: 'latest', replicas: 1 };
    let bus = await start('temp', spec);
    assert.equal(await streamMessages(bus, 2), 2);
    await bus.stop();
    await assert.rejects(stat(busLayout(dir, 'temp').node(0).ephemeralStore), { code: 'ENOENT' });
    bus = await start('temp', spec);
    try {
      assert.equal(await streamMessages(bus), undefined);
    } finally {
      await bus.stop();
    }
  });
});
