/**
 * Test support for the nats source: nkeys and a decentralized-auth (operator/account/user JWT) server
 * config with a user `.creds` file, built with the nkeys the client library ships. Never imported by
 * the runtime.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { nkeys } from '@nats-io/nats-core';

type KeyPair = ReturnType<typeof nkeys.createUser>;

const b64url = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');

/** A signed NATS JWT (v2) for `subject`, issued by `issuer`. */
function signJwt(issuer: KeyPair, subject: string, name: string, nats: object): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' }));
  const claims: Record<string, unknown> = {
    iat: Math.floor(Date.now() / 1000),
    iss: issuer.getPublicKey(),
    name,
    sub: subject,
    nats: { ...nats, version: 2 },
  };
  claims.jti = createHash('sha256').update(randomBytes(16)).digest('base64url');
  const payload = b64url(JSON.stringify(claims));
  const sig = b64url(issuer.sign(Buffer.from(`${header}.${payload}`)));
  return `${header}.${payload}.${sig}`;
}

/** A user nkey: the server config line and the seed file text. */
export function userNkey(): { publicKey: string; seed: string } {
  const kp = nkeys.createUser();
  return { publicKey: kp.getPublicKey(), seed: new TextDecoder().decode(kp.getSeed()) };
}

/** Server config for operator mode with one account, and a `.creds` file of one user in it. */
export function operatorAuth(): { serverConfig: string; creds: string } {
  const operator = nkeys.createOperator();
  const account = nkeys.createAccount();
  const user = nkeys.createUser();
  const opJwt = signJwt(operator, operator.getPublicKey(), 'op', { type: 'operator' });
  const unlimited = { subs: -1, data: -1, payload: -1 };
  const accJwt = signJwt(operator, account.getPublicKey(), 'acc', {
    type: 'account',
    limits: { ...unlimited, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1 },
    default_permissions: { pub: {}, sub: {} },
  });
  const userJwt = signJwt(account, user.getPublicKey(), 'user', {
    type: 'user',
    pub: {},
    sub: {},
    ...unlimited,
  });
  const seed = new TextDecoder().decode(user.getSeed());
  return {
    serverConfig: `operator: "${opJwt}"\nresolver: MEMORY\nresolver_preload: { ${account.getPublicKey()}: "${accJwt}" }`,
    creds: [
      '-----BEGIN NATS USER JWT-----',
      userJwt,
      '------END NATS USER JWT------',
      '',
      '-----BEGIN USER NKEY SEED-----',
      seed,
      '------END USER NKEY SEED------',
      '',
    ].join('\n'),
  };
}
