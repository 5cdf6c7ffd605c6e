/**
 * Open the bus connection: auth, TLS (only when configured or when the server asks for it), reconnect
 * forever with jittered exponential backoff, and connection events logged without flooding.
 * @module
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { connect, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { BusError } from '../api/index.js';
import './fast-encode.js'; // the client's protocol-line encoder, before any connection exists
import { silentLogger, throttledLog, type BusLogger } from './logger.js';
import { hostPort, probeServerTls, redactUrl } from './server-info.js';
import { watchConnection } from './watch.js';

/** Client TLS settings (from an EventBus `tls` section). */
export interface BusTlsOptions {
  caFile?: string;
  /** PEM text of the CA. */
  ca?: string;
  certFile?: string;
  cert?: string;
  keyFile?: string;
  key?: string;
  /** Accept any server certificate (upstream `insecureSkipVerify`). */
  insecureSkipVerify?: boolean;
  /** `false` turns an otherwise empty section off; anything else means "use TLS". */
  enabled?: boolean;
}

/** Where and how to connect. */
export interface BusConnectOptions {
  servers: string[];
  user?: string;
  pass?: string;
  token?: string;
  tls?: BusTlsOptions;
  /** Client name shown in the server's monitoring pages. */
  name?: string;
  logger?: BusLogger;
  /** First reconnect delay; doubles per failed attempt up to `reconnectMaxMs` (default 250). */
  reconnectBaseMs?: number;
  /** Upper bound of the reconnect delay (default 5000). */
  reconnectMaxMs?: number;
  /** How long the first connect keeps retrying an unreachable server (default 30000; 0 = once). */
  initialConnectTimeoutMs?: number;
  /** A repeated connection error is logged at most once per this interval (default 10000). */
  logIntervalMs?: number;
}

/** Why a connection could not be opened. `unreachable` is worth retrying; the others are config errors. */
export type ConnectFailure = 'url' | 'auth' | 'tls' | 'unreachable';

/** The bus connection failed; the message never contains the password or token. */
export class BusConnectError extends BusError {
  override readonly code = 'BUS_CONNECT';
  constructor(
    message: string,
    readonly reason: ConnectFailure,
    options?: ErrorOptions,
  ) {
    super(message, 1000, options);
  }
}

/**
 * Connect to the bus. Retries an unreachable server with backoff for `initialConnectTimeoutMs`; fails
 * at once with a {@link BusConnectError} for a bad URL, rejected credentials or a TLS problem. After
 * the first connect the client reconnects forever (it closes only on repeated auth failures).
 */
export async function connectBus(opts: BusConnectOptions): Promise<NatsConnection> {
  const logger = opts.logger ?? silentLogger;
  const where = checkServers(opts.servers);
  const throttle = throttledLog(logger, opts.logIntervalMs ?? 10_000);
  const deadline = Date.now() + (opts.initialConnectTimeoutMs ?? 30_000);
  const backoff = reconnectBackoff(opts.reconnectBaseMs ?? 250, opts.reconnectMaxMs ?? 5000);
  for (;;) {
    const tls = await chooseTls(opts, logger);
    const copts: NodeConnectionOptions = {
      servers: opts.servers,
      name: opts.name,
      user: opts.user,
      pass: opts.pass,
      token: opts.token,
      tls,
      maxReconnectAttempts: -1,
      waitOnFirstConnect: false,
      reconnectDelayHandler: backoff.delay,
      reconnectToServer: () => {
        backoff.attempt();
        return null; // keep the library's choice; we only count attempts
      },
    };
    try {
      const nc = await connect(copts);
      backoff.reset();
      logger.info({ server: redactUrl(nc.getServer()), tls: tls !== undefined }, 'connected to the bus');
      watchConnection(nc, logger, throttle, backoff.reset);
      return nc;
    } catch (err) {
      const e = describeConnectError(err, where, opts.user);
      if (e.reason !== 'unreachable' || Date.now() >= deadline) throw e;
      throttle.log('warn', 'connect', { err: e.message }, 'bus not reachable yet, retrying');
      backoff.attempt();
      await new Promise((r) => setTimeout(r, Math.min(backoff.delay(), Math.max(0, deadline - Date.now()))));
    }
  }
}

function checkServers(servers: string[]): string {
  if (servers.length === 0) throw new BusConnectError('no bus URL given', 'url');
  for (const s of servers) {
    try {
      hostPort(s);
    } catch (err) {
      throw new BusConnectError(`invalid bus URL '${redactUrl(s)}'`, 'url', { cause: err });
    }
  }
  return servers.map(redactUrl).join(', ');
}

/** Exponential backoff with full jitter over [delay/2, delay]; `attempt()` is called per dial. */
function reconnectBackoff(baseMs: number, maxMs: number) {
  let attempts = 0;
  let current = baseMs;
  return {
    attempt() {
      attempts++;
      const d = Math.min(maxMs, baseMs * 2 ** Math.min(attempts - 1, 20));
      current = Math.round(d / 2 + (Math.random() * d) / 2);
    },
    delay: () => current,
    reset: () => {
      attempts = 0;
      current = baseMs;
    },
  };
}

/**
 * TLS when the bus config has a `tls` section (verified unless `insecureSkipVerify`), or when the
 * server requires or offers it (then unverified, as upstream does without a `tls` section); plain TCP
 * otherwise (upstream always demanded TLS, issue #2938).
 */
async function chooseTls(opts: BusConnectOptions, logger: BusLogger): Promise<NodeConnectionOptions['tls']> {
  const t = opts.tls;
  const configured = t !== undefined && (t.enabled !== false || !!(t.ca || t.caFile || t.cert || t.certFile));
  if (configured) {
    const { caFile, ca, certFile, cert, keyFile, key } = t;
    for (const [field, file] of Object.entries({ caFile, certFile, keyFile })) {
      if (file === undefined) continue;
      try {
        await access(file, constants.R_OK);
      } catch (err) {
        throw new BusConnectError(`cannot read TLS ${field} '${file}': ${(err as Error).message}`, 'tls', {
          cause: err,
        });
      }
    }
    return { caFile, ca, certFile, cert, keyFile, key, rejectUnauthorized: t.insecureSkipVerify !== true };
  }
  for (const s of opts.servers) {
    const info = await probeServerTls(s);
    if (!info) continue;
    if (!info.tlsRequired && !info.tlsAvailable) return undefined;
    logger.debug(
      { server: redactUrl(s) },
      'server wants TLS and no tls section is set: not verifying its certificate',
    );
    return { rejectUnauthorized: false };
  }
  return undefined;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ALTNAME|EPROTO/i;

/** Turn a client library error into a clear {@link BusConnectError} (no secrets in it). */
export function describeConnectError(err: unknown, where: string, user?: string): BusConnectError {
  const e = err as { message?: string; code?: string; name?: string; cause?: unknown };
  const msg = e?.message ?? String(err);
  const code = e?.code ?? (e?.cause as { code?: string } | undefined)?.code ?? '';
  const text = `${e?.name ?? ''} ${msg} ${code}`;
  if (/authoriz|authentic|auth.*violation|user.*expired/i.test(text)) {
    const who = user ? ` as user '${user}'` : '';
    return new BusConnectError(`bus ${where} rejected the credentials${who}: ${msg}`, 'auth', { cause: err });
  }
  if (/does not support 'tls'/i.test(msg)) {
    return new BusConnectError(`bus ${where} does not offer TLS but a tls section is configured`, 'tls', {
      cause: err,
    });
  }
  if (/tls.*not available/i.test(msg)) {
    return new BusConnectError(`bus ${where} requires TLS`, 'tls', { cause: err });
  }
  if (TLS_CODES.test(code) || /certificate|tls|ssl/i.test(msg)) {
    return new BusConnectError(
      `TLS handshake with bus ${where} failed: ${msg}${code ? ` (${code})` : ''}`,
      'tls',
      {
        cause: err,
      },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new BusConnectError(`bus host not found (${where}): ${msg}`, 'unreachable', { cause: err });
  }
  return new BusConnectError(`cannot connect to bus ${where}: ${msg}`, 'unreachable', { cause: err });
}
