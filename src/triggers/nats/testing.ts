/**
 * Test support for the nats trigger: templates, a subscriber that collects messages, a silent TCP
 * server. Never imported by the runtime.
 * @module
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  connect,
  nkeys,
  type ConnectionOptions,
  type Msg,
  type NatsConnection,
} from '@nats-io/transport-node';
import { until } from '../contract-helpers.js';
import type { NATSTrigger } from '../../api/index.js';

export const USERS = `authorization { users = [
  { user: "nats-trig-user", password: "nats-pa55word-trigger" },
  { user: "reader", password: "reader-pass" }
] }`;

export function natsTemplate(url: string, extra: Partial<NATSTrigger> = {}): NATSTrigger {
  return {
    url,
    subject: 'minio-events',
    payload: [{ src: { dependencyName: 'test-dep', dataKey: 'body.message' }, dest: 'message' }],
    auth: {
      basic: {
        username: { name: 'nats-auth', key: 'user' },
        password: { name: 'nats-auth', key: 'password' },
      },
    },
    ...extra,
  };
}

/** A subscriber on `subject` collecting what arrives. */
export async function subscriber(
  url: string,
  subject: string,
  auth: Omit<ConnectionOptions, 'servers'> = { user: 'reader', pass: 'reader-pass' },
) {
  const nc: NatsConnection = await connect({ servers: url, ...auth });
  const got: Msg[] = [];
  const sub = nc.subscribe(subject, { callback: (_e, m) => void got.push(m) });
  await nc.flush();
  return {
    got,
    next: async (n = 1): Promise<Msg> => {
      await until(() => got.length >= n, 5000, `${n} message(s) on ${subject}`);
      return got[n - 1]!;
    },
    close: async () => {
      sub.unsubscribe();
      await nc.close();
    },
  };
}

/** A TCP server that accepts connections and never says anything (no NATS INFO). */
export async function silentServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => void sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `nats://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

type KeyPair = ReturnType<typeof nkeys.createUser>;

const b64url = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');

/** A NATS JWT (`ed25519-nkey`) of `claims`, signed by `issuer`. */
function natsJwt(issuer: KeyPair, sub: string, nats: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' }));
  const claims: Record<string, unknown> = {
    iat: Math.floor(Date.now() / 1000),
    iss: issuer.getPublicKey(),
    name: sub.slice(0, 8),
    sub,
    nats,
  };
  claims.jti = createHash('sha256').update(JSON.stringify(claims)).digest('base64url');
  const body = b64url(JSON.stringify(claims));
  return `${header}.${body}.${b64url(issuer.sign(new TextEncoder().encode(`${header}.${body}`)))}`;
}

const NO_LIMITS = {
  subs: -1,
  data: -1,
  payload: -1,
  imports: -1,
  exports: -1,
  wildcards: true,
  conn: -1,
  leaf: -1,
};

/**
 * Operator-mode server config (operator, one account preloaded in a memory resolver) and a user creds
 * file of that account: what a `credential` secret holds.
 */
export function operatorSetup(): { config: string; creds: string } {
  const op = nkeys.createOperator();
  const acc = nkeys.createAccount();
  const user = nkeys.createUser();
  const opJwt = natsJwt(op, op.getPublicKey(), { type: 'operator', version: 2 });
  const accJwt = natsJwt(op, acc.getPublicKey(), { type: 'account', version: 2, limits: NO_LIMITS });
  const userJwt = natsJwt(acc, user.getPublicKey(), {
    type: 'user',
    version: 2,
    subs: -1,
    data: -1,
    payload: -1,
  });
  const config = `operator: ${opJwt}\nresolver: MEMORY\nresolver_preload: { ${acc.getPublicKey()}: ${accJwt} }`;
  const seed = new TextDecoder().decode(user.getSeed());
  const creds = `-----BEGIN NATS USER JWT-----\n${userJwt}\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${seed}\n------END USER NKEY SEED------\n`;
  return { config, creds };
}
