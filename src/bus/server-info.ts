/**
 * Read a NATS server's INFO line before connecting, to learn whether it wants TLS. The client library
 * upgrades to TLS on its own when the server requires it, but then insists on verifying the
 * certificate; a bus without a `tls` section must skip verification (the managed bus's CA is not
 * distributed, eventbus.md §8), so we need to know beforehand.
 * @module
 */
import net from 'node:net';

/** What a server announces about TLS in its INFO. */
export interface ServerTlsInfo {
  tlsRequired: boolean;
  tlsAvailable: boolean;
}

/** Host and port of a NATS URL (`nats://h:p`, `tls://h:p`, `h:p`); throws on garbage. */
export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url.includes('://') ? url : `nats://${url}`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new Error('no host');
  const port = u.port === '' ? 4222 : Number(u.port);
  return { host, port };
}

/** The URL without user info (URLs may embed `user:password@`). */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}

/**
 * Connect to `url`, read the INFO line, close. `undefined` when the server cannot be reached in
 * `timeoutMs` or does not speak NATS.
 */
export function probeServerTls(url: string, timeoutMs = 2000): Promise<ServerTlsInfo | undefined> {
  let target: { host: string; port: number };
  try {
    target = hostPort(url);
  } catch {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const sock = net.connect(target);
    let buf = '';
    const done = (v: ServerTlsInfo | undefined) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    sock.on('error', () => done(undefined));
    sock.on('close', () => done(undefined));
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      const eol = buf.indexOf('\r\n');
      if (eol < 0) {
        if (buf.length > 64 * 1024) done(undefined);
        return;
      }
      const line = buf.slice(0, eol);
      if (!line.startsWith('INFO ')) return done(undefined);
      try {
        const info = JSON.parse(line.slice(5)) as { tls_required?: boolean; tls_available?: boolean };
        done({ tlsRequired: info.tls_required === true, tlsAvailable: info.tls_available === true });
      } catch {
        done(undefined);
      }
    });
  });
}
