/**
 * Test support: a gRPC `triggers.Trigger` server of our own (grpc-js with the hand-written service
 * definition) on a free loopback port, recording every call. Never imported by the runtime.
 * @module
 */
import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { TRIGGER_SERVICE, type ApplyPolicyResponse } from './proto.js';

export interface RecordedCall {
  method: 'fetchResource' | 'execute' | 'applyPolicy';
  request: Record<string, Buffer>;
}

export interface TriggerServerOptions {
  /** Serve TLS with this certificate and key. */
  tls?: { cert: string; key: string };
  /** The resource FetchResource returns (default: the request's resource, i.e. the spec YAML). */
  resource?: (spec: Buffer) => Buffer;
  /** Fail this method with a gRPC status code. */
  failWith?: { method: RecordedCall['method']; code: status; details?: string };
  /** Never answer. */
  hang?: boolean;
  policy?: ApplyPolicyResponse;
}

export interface TriggerServer {
  url: string;
  calls: RecordedCall[];
  stop(): Promise<void>;
}

/** Start the server on 127.0.0.1. */
export async function startTriggerServer(o: TriggerServerOptions = {}): Promise<TriggerServer> {
  const calls: RecordedCall[] = [];
  const handle =
    <Res>(method: RecordedCall['method'], answer: (req: Record<string, Buffer>) => Res) =>
    (call: ServerUnaryCall<Record<string, Buffer>, Res>, cb: sendUnaryData<Res>) => {
      calls.push({ method, request: call.request });
      if (o.hang) return;
      if (o.failWith?.method === method)
        return cb({ code: o.failWith.code, details: o.failWith.details ?? 'refused' });
      cb(null, answer(call.request));
    };
  const server = new Server();
  server.addService(TRIGGER_SERVICE, {
    fetchResource: handle('fetchResource', (r) => ({
      resource: o.resource ? o.resource(r.resource!) : r.resource,
    })),
    execute: handle('execute', (r) => ({ response: Buffer.from(`executed ${r.resource!.length} bytes`) })),
    applyPolicy: handle('applyPolicy', () => o.policy ?? { success: true, message: 'fine' }),
  });
  const creds = o.tls
    ? ServerCredentials.createSsl(null, [
        { cert_chain: Buffer.from(o.tls.cert), private_key: Buffer.from(o.tls.key) },
      ])
    : ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', creds, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    url: `127.0.0.1:${port}`,
    calls,
    stop: async () => server.forceShutdown(),
  };
}
