/**
 * Test support: a `generic.Eventing` gRPC server on a local port whose open streams the test drives
 * (write events, end them) and whose received requests and metadata it records. Never imported by the
 * runtime.
 * @module
 */
import { Server, ServerCredentials, type ServerWritableStream } from '@grpc/grpc-js';
import { EVENTING_SERVICE, type EventSourceRequest, type GenericEvent } from './codec.js';

export interface TestEventingServer {
  port: number;
  url: string;
  /** Every StartEventSource call received, oldest first (`authorization` metadata included). */
  calls: { request: EventSourceRequest; authorization?: string; cancelled: boolean }[];
  /** Streams still open. */
  open(): ServerWritableStream<EventSourceRequest, GenericEvent>[];
  /** Send one event on every open stream. */
  send(payload: string | Buffer, name?: string): void;
  stop(): Promise<void>;
}

/** Start the server on `port` (0 = any free port). */
export async function startEventingServer(port = 0): Promise<TestEventingServer> {
  const server = new Server();
  const streams = new Set<ServerWritableStream<EventSourceRequest, GenericEvent>>();
  const calls: TestEventingServer['calls'] = [];
  server.addService(EVENTING_SERVICE, {
    StartEventSource: (call: ServerWritableStream<EventSourceRequest, GenericEvent>) => {
      const rec = {
        request: call.request,
        authorization: call.metadata.get('authorization')[0]?.toString(),
        cancelled: false,
      };
      calls.push(rec);
      streams.add(call);
      call.on('cancelled', () => {
        rec.cancelled = true;
        streams.delete(call);
      });
    },
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    port: bound,
    url: `127.0.0.1:${bound}`,
    calls,
    open: () => [...streams],
    send(payload, name = 'test') {
      for (const s of streams) s.write({ name, payload: Buffer.from(payload) });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.tryShutdown(() => resolve());
      }),
  };
}
