import assert from 'node:assert/strict';
import { freePort, startNats, type TestNats } from '../../../test/harness/index.js';
import type { NATSTrigger } from '../../api/index.js';
import { describeTriggerContract } from '../contract.js';
import { EVENT_ID_HEADER } from '../http/index.js';
import { createNatsDriver, NATS_MSG_ID_HEADER } from './driver.js';
import { natsTemplate, silentServer, subscriber, USERS } from './testing.js';

const SECRETS = {
  'nats-auth': { user: 'nats-trig-user', password: 'nats-pa55word-trigger', wrong: 'not-the-password' },
};

const withNats =
  (config: string, extra: Partial<NATSTrigger> = {}) =>
  async () => {
    const nats: TestNats = await startNats({ jetstream: false, config });
    return { template: natsTemplate(nats.url, extra), stop: () => nats.stop() };
  };

describeTriggerContract<NATSTrigger>({
  type: 'nats',
  driver: () => createNatsDriver({ timeoutMs: 1000 }),
  secrets: SECRETS,
  timeoutMs: 4000,
  async accepting() {
    const nats = await startNats({ jetstream: false, config: USERS });
    const sub = await subscriber(nats.url, 'minio-events');
    return {
      template: natsTemplate(nats.url),
      async expectDelivered(events) {
        const m = await sub.next();
        assert.deepEqual(m.json(), { message: 'hello from the contract' });
        assert.equal(m.headers?.get(EVENT_ID_HEADER), events['test-dep']!.context.id);
        assert.match(m.headers?.get(NATS_MSG_ID_HEADER) ?? '', /^[0-9a-f]{64}$/);
      },
      async stop() {
        await sub.close();
        await nats.stop();
      },
    };
  },
  refused: async () => natsTemplate(`nats://127.0.0.1:${await freePort()}`),
  async hanging() {
    const s = await silentServer();
    return { template: natsTemplate(s.url), stop: () => s.stop() };
  },
  failures: [
    {
      name: 'a wrong password',
      retryable: false,
      message: /authorization/i,
      start: withNats(USERS, {
        auth: {
          basic: {
            username: { name: 'nats-auth', key: 'user' },
            password: { name: 'nats-auth', key: 'wrong' },
          },
        },
      }),
    },
    {
      name: 'a payload over the server max_payload',
      retryable: false,
      start: async () => {
        const nats = await startNats({ jetstream: false, config: `${USERS}\nmax_payload: 16` });
        return { template: natsTemplate(nats.url), stop: () => nats.stop() };
      },
    },
    {
      name: 'no payload',
      retryable: false,
      message: /payload parameters are not specified/,
      start: withNats(USERS, { payload: undefined }),
    },
  ],
});
