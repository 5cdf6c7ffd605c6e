/**
 * A grpc-js client of the `triggers.Trigger` service: unary calls with a deadline, cancelled when the
 * sensor stops, and the retry decision of each gRPC status.
 * @module
 */
import { credentials, Client, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { TRACEPARENT_HEADER, TRACESTATE_HEADER } from '../../api/index.js';
import { TRIGGER_SERVICE } from './proto.js';

type Methods = typeof TRIGGER_SERVICE;
/** A method of the service (`fetchResource`, `execute`, `applyPolicy`). */
export type MethodName = keyof Methods;
/** Request and response message types of a method. */
export type Req<K extends MethodName> = Parameters<Methods[K]['requestSerialize']>[0];
export type Res<K extends MethodName> = ReturnType<Methods[K]['responseDeserialize']>;

// Statuses a later attempt can get past; the others (bad argument, not found, denied, unimplemented,
// ...) come back the same. UNKNOWN is what a Go server returns for a plain error: retried, as upstream.
const RETRYABLE = new Set<number>([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.RESOURCE_EXHAUSTED,
  status.ABORTED,
  status.INTERNAL,
  status.UNKNOWN,
  status.CANCELLED,
]);

/** Whether a failed call is worth another attempt (an untrusted server certificate is not). */
export function isRetryableCall(err: ServiceError): boolean {
  if (
    err.code === status.UNAVAILABLE &&
    /certificate|self[- ]signed|altname|SSL|handshake/i.test(err.details)
  )
    return false;
  return RETRYABLE.has(err.code);
}

export interface TriggerClientOptions {
  serverURL: string;
  /** PEM to trust (upstream `certSecret`): TLS when set. */
  rootCert?: string;
  serverNameOverride?: string;
}

/** The client side of the custom trigger protocol. */
export class TriggerClient {
  private readonly client: Client;

  constructor(o: TriggerClientOptions) {
    const creds =
      o.rootCert !== undefined
        ? credentials.createSsl(Buffer.from(o.rootCert))
        : credentials.createInsecure();
    const options: Record<string, string> = {};
    if (o.rootCert !== undefined && o.serverNameOverride) {
      options['grpc.ssl_target_name_override'] = o.serverNameOverride;
      options['grpc.default_authority'] = o.serverNameOverride;
    }
    this.client = new Client(o.serverURL, creds, options);
  }

  /**
   * One unary call, bounded by `timeoutMs` and `signal`.
   * @throws the grpc-js ServiceError (`code`, `details`)
   */
  call<K extends keyof Methods>(
    name: K,
    req: Req<K>,
    timeoutMs: number,
    signal: AbortSignal,
    trace?: { traceparent: string; tracestate?: string },
  ): Promise<Res<K>> {
    const m = TRIGGER_SERVICE[name];
    const md = new Metadata();
    // tracing on: the attempt's W3C context as gRPC metadata (what OpenTelemetry gRPC servers read)
    if (trace) {
      md.set(TRACEPARENT_HEADER, trace.traceparent);
      if (trace.tracestate) md.set(TRACESTATE_HEADER, trace.tracestate);
    }
    return new Promise((resolve, reject) => {
      const call = this.client.makeUnaryRequest(
        m.path,
        m.requestSerialize as (v: Req<K>) => Buffer,
        m.responseDeserialize as (b: Buffer) => Res<K>,
        req,
        md,
        { deadline: Date.now() + timeoutMs },
        (err, res) => {
          signal.removeEventListener('abort', cancel);
          if (err) reject(err);
          else resolve(res!);
        },
      );
      const cancel = () => call.cancel();
      if (signal.aborted) cancel();
      else signal.addEventListener('abort', cancel, { once: true });
    });
  }

  close(): void {
    this.client.close();
  }
}
