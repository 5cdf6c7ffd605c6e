/** Finding `nats-server` binaries on this machine and reading their versions. */
import { execFile } from 'node:child_process';
import { access, constants, realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where the Debian package installs the server. */
export const WELL_KNOWN_BINARIES = [
  '/usr/sbin/nats-server',
  '/usr/local/bin/nats-server',
  '/usr/bin/nats-server',
];

/** What to tell a user who has no server. */
export const INSTALL_HINT =
  'install it with `apt-get install nats-server` (or download a release from https://github.com/nats-io/nats-server/releases) ' +
  'and put it on PATH, or set NATS_SERVER_BIN to its path';

/** A usable server binary and the version it reports. */
export interface NatsServerVersion {
  version: string;
  binary: string;
}

/** True if `file` exists and is executable. */
export async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The version a binary reports (`nats-server: v2.9.10` → `2.9.10`), or undefined if it does not run. */
export async function readNatsServerVersion(binary: string): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(binary, ['--version'], { timeout: 5000 });
    return /\bv?(\d+\.\d+\.\d+[\w.+-]*)/.exec(`${stdout}${stderr}`)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Servers found in `NATS_SERVER_BIN`, on `PATH` and at the well-known paths, one per real file, in that
 * order of preference.
 */
export async function discoverNatsServers(
  env: NodeJS.ProcessEnv = process.env,
  wellKnown: string[] = WELL_KNOWN_BINARIES,
): Promise<NatsServerVersion[]> {
  const candidates = [
    ...(env.NATS_SERVER_BIN ? [env.NATS_SERVER_BIN] : []),
    ...(env.PATH ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map((d) => path.join(d, 'nats-server')),
    ...wellKnown,
  ];
  const seen = new Set<string>();
  const found: NatsServerVersion[] = [];
  for (const c of candidates) {
    if (!(await isExecutable(c))) continue;
    const real = await realpath(c);
    if (seen.has(real)) continue;
    seen.add(real);
    const version = await readNatsServerVersion(c);
    if (version) found.push({ version, binary: c });
  }
  return found;
}

/** Compare dotted versions numerically (`2.10.1` > `2.9.16`); a non-numeric tail sorts before none. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return y === undefined ? 0 : /^\d+$/.test(y) ? -1 : 1;
    if (y === undefined) return /^\d+$/.test(x) ? 1 : -1;
    const nx = Number(x);
    const ny = Number(y);
    const d = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (d !== 0) return d;
  }
  return 0;
}
