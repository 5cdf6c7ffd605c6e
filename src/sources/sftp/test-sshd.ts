/**
 * Test support: a private OpenSSH server (`/usr/sbin/sshd`, package openssh-server) on a free port with
 * a temporary config, host key and authorized user key, serving SFTP with `internal-sftp`. Logs in as
 * the current user (root in CI). Stopped by its PID. Never imported by the runtime.
 * @module
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, isListening, stopProcess, waitFor } from '../../../test/harness/index.js';

export const SSHD_BIN = process.env.SSHD_BIN ?? '/usr/sbin/sshd';
const run = promisify(execFile);

export interface TestSshd {
  port: number;
  /** `127.0.0.1:<port>`, the value of the `address` secret. */
  address: string;
  user: string;
  /** The user's private key (OpenSSH PEM). */
  userKey: string;
  /** The server's public host key line (`ssh-ed25519 AAAA... comment`). */
  hostKeyLine: string;
  /** A directory the tests may fill (inside the temp dir). */
  dataDir: string;
  stop(): Promise<void>;
}

async function keygen(file: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'jetflow-test', '-f', file]);
}

/** Start sshd; resolves once it accepts connections. */
export async function startSshd(): Promise<TestSshd> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-sshd-'));
  const port = await freePort();
  await keygen(path.join(dir, 'host_key'));
  await keygen(path.join(dir, 'user_key'));
  await writeFile(path.join(dir, 'authorized_keys'), await readFile(path.join(dir, 'user_key.pub')));
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir);
  // sshd refuses to start without its privilege separation directory (the package's service makes it).
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'UsePAM no',
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'Subsystem sftp internal-sftp',
  ].join('\n');
  await writeFile(path.join(dir, 'sshd_config'), `${config}\n`);
  const proc: ChildProcess = spawn(SSHD_BIN, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  try {
    await waitFor(
      () => {
        if (proc.exitCode !== null) throw new Error(`sshd exited: ${stderr}`);
        return isListening(port);
      },
      { timeout: 10_000, message: `sshd on ${port}` },
    );
  } catch (err) {
    await stopProcess(proc, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    address: `127.0.0.1:${port}`,
    user: os.userInfo().username,
    userKey: await readFile(path.join(dir, 'user_key'), 'utf8'),
    hostKeyLine: (await readFile(path.join(dir, 'host_key.pub'), 'utf8')).trim(),
    dataDir,
    async stop() {
      await stopProcess(proc);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
