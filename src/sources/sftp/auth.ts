/**
 * SSH connection settings of an `sftp` event, as upstream builds its `ssh.ClientConfig`: with
 * `sshKeySecret`, the secret's private key logs in and the first public key line found in the same
 * secret pins the server's host key (`ssh.FixedHostKey`); without it, `password` logs in and the host
 * key is not checked.
 * @module
 */
import type { ConnectConfig } from 'ssh2';
import type { SecretStore } from '../../api/index.js';
import type { SFTPEventSource } from '../../api/index.js';

/** Public key algorithms an authorized-key line may name (Go's `ParseAuthorizedKey`). */
const KEY_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

/** Split `host:port` (`[v6]:port` too) like Go's `net.SplitHostPort`. */
export function splitAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535)
    throw new Error(`address ${JSON.stringify(address)} is not "host:port"`);
  return { host: m[1] ?? m[2] ?? '', port };
}

/** The PEM block of the private key in the secret text. */
export function privateKeyBlock(text: string): string {
  const m = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z0-9 ]*PRIVATE KEY-----/.exec(text);
  if (!m) throw new Error('failed to parse private ssh key: no PEM private key block found');
  return `${m[0]}\n`;
}

/** The wire-format blob of the first `<type> <base64>` public key line (options prefix allowed). */
export function authorizedKeyBlob(text: string): Buffer {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const tokens = line.split(/\s+/);
    for (let i = 0; i + 1 < tokens.length; i++) {
      if (!KEY_TYPES.has(tokens[i]!)) continue;
      const blob = Buffer.from(tokens[i + 1]!, 'base64');
      // The blob starts with its own algorithm name (uint32 length + text); reject mismatches as Go does.
      if (blob.length > 4 && blob.toString('latin1', 4, 4 + blob.readUInt32BE(0)) === tokens[i]) return blob;
    }
  }
  throw new Error('failed to parse public ssh key: ssh: no key found');
}

/** ssh2 connect settings from the event's secrets. */
export function connectConfig(cfg: SFTPEventSource, secrets: SecretStore): ConnectConfig {
  if (!cfg.username) throw new Error('username not found: the username secret is not set');
  if (!cfg.address) throw new Error('address not found: the address secret is not set');
  const username = secrets.secret(cfg.username);
  const { host, port } = splitAddress(secrets.secret(cfg.address));
  if (cfg.sshKeySecret) {
    const text = secrets.secret(cfg.sshKeySecret);
    const hostKey = authorizedKeyBlob(text);
    return {
      host,
      port,
      username,
      privateKey: privateKeyBlock(text),
      hostVerifier: (key: Buffer) => key.equals(hostKey),
    };
  }
  if (!cfg.password) throw new Error('password not found: set password or sshKeySecret');
  return { host, port, username, password: secrets.secret(cfg.password), hostVerifier: () => true };
}
