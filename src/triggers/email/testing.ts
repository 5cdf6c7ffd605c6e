/**
 * Test support: a real SMTP server (the `smtp-server` package) on a free loopback port that records
 * what it receives, with password authentication. Never imported by the runtime.
 * @module
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { until } from '../contract-helpers.js';

export interface ReceivedMail {
  /** The authenticated user of the session. */
  user: string | undefined;
  mailFrom: string;
  rcptTo: string[];
  /** Header name (lower case) → value, unfolded. */
  headers: Record<string, string>;
  body: string;
}

export interface SmtpPeerOptions {
  users?: Record<string, string>;
  /** Reject a recipient with this SMTP reply code (e.g. 550, 451). */
  rejectRcpt?: (address: string) => number | undefined;
}

export interface SmtpPeer {
  port: number;
  mails: ReceivedMail[];
  /** Authentication attempts that failed. */
  authFailures: number;
  nth(n: number): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

/** Start an SMTP server without TLS that requires AUTH (PLAIN/LOGIN allowed over plain text). */
export async function startSmtpPeer(opts: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const users = opts.users ?? {};
  const mails: ReceivedMail[] = [];
  const peer = { authFailures: 0 };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: Object.keys(users).length === 0,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username && users[auth.username] === auth.password) return cb(null, { user: auth.username });
      peer.authFailures++;
      cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      const code = opts.rejectRcpt?.(address.address);
      if (code) return cb(Object.assign(new Error(`recipient refused (${code})`), { responseCode: code }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const [head = '', ...rest] = raw.split('\r\n\r\n');
        const headers: Record<string, string> = {};
        for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        mails.push({
          user: session.user as string | undefined,
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          headers,
          body: rest.join('\r\n\r\n').replace(/\r\n$/, ''),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(peer, {
    port,
    mails,
    nth: async (n: number) => {
      await until(() => mails.length >= n, 5000, `${n} mail(s)`);
      return mails[n - 1]!;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  });
}
