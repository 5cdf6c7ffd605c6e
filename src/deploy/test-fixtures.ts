/** Shared by the deploy tests: fixed secret material (deterministic goldens) and seed extraction. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedDir } from '../../test/harness/paths.js';
import type { BusSecretMaterial } from './types.js';

const pem = (what: string) => `-----BEGIN TEST-----\n${what}\n-----END TEST-----\n`;
const set = (n: string) => ({
  caPem: pem(`${n}-ca`),
  leaf: { certPem: pem(`${n}-cert`), keyPem: pem(`${n}-key`) },
});

/** Not secret: placeholder values so that rendered Secrets are stable in golden files. */
export const FIXED_MATERIAL: BusSecretMaterial = {
  username: 'testuser',
  password: 'testpassword0000',
  sysPassword: 'testsyspassword000000000',
  encryptionKey: 'testencryptionkey000000000000000',
  certs: { client: set('client'), cluster: set('cluster') },
};

/** Upstream data shared with this machine (read, never copied into the repo): the harness's, else /work/shared. */
export const SHARED = existsSync(sharedDir) ? sharedDir : '/work/shared';
export const UPSTREAM_EXAMPLES = path.join(SHARED, 'examples', 'argo-events');

/** The ```yaml blocks of the seed that define an EventBus, in order. */
export function seedEventBusBlocks(): string[] {
  const dir = path.join(SHARED, 'seed');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.txt')) continue;
    const text = readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/```(?:yaml)?\n([\s\S]*?)```/g))
      if (/^kind: EventBus$/m.test(m[1]!)) out.push(m[1]!);
  }
  return out;
}
