/**
 * A local AWS Lambda for tests, speaking what the real `@aws-sdk/client-lambda` (v3) sends for Invoke:
 * `POST /2015-03-31/functions/<name>/invocations` with `X-Amz-Invocation-Type` (RequestResponse → 200
 * and the function's result, Event → 202, DryRun → 204), SigV4 checked against the test's key, AWS REST
 * error answers (`x-amzn-ErrorType`). No AWS emulator installs here, hence this server.
 * @module
 */
import { randomUUID } from 'node:crypto';
import http, { type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sigV4Problem, type AwsKey } from './sigv4.js';

export interface Invocation {
  functionName: string;
  invocationType: string;
  payload: string;
}

/** What a function answers: a result, a function error, a service error, or never. */
export type LambdaBehaviour =
  { result: string; functionError?: string } | { error: string; status: number } | { hang: true };

export interface LambdaServer {
  endpoint: string;
  invocations: Invocation[];
  refused: string[];
  /** Define (or redefine) a function. */
  define(name: string, behaviour: LambdaBehaviour): void;
  stop(): Promise<void>;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startLambdaServer(key: AwsKey, host = '127.0.0.1'): Promise<LambdaServer> {
  const functions = new Map<string, LambdaBehaviour>();
  const invocations: Invocation[] = [];
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const problem = sigV4Problem(req, body, key, 'lambda');
      if (problem) {
        refused.push(problem);
        return error(res, 403, 'InvalidSignatureException', problem);
      }
      const m = PATH.exec(new URL(req.url ?? '/', 'http://x').pathname);
      if (req.method !== 'POST' || !m)
        return error(res, 404, 'UnknownOperationException', 'unknown operation');
      const name = decodeURIComponent(m[1]!);
      const b = functions.get(name);
      if (!b) return error(res, 404, 'ResourceNotFoundException', `Function not found: ${name}`);
      if ('hang' in b) return;
      const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      invocations.push({ functionName: name, invocationType: type, payload: body.toString('utf8') });
      if ('error' in b) return error(res, b.status, b.error, `${b.error} (test)`);
      const status = type === 'Event' ? 202 : type === 'DryRun' ? 204 : 200;
      const out = type === 'RequestResponse' ? b.result : '';
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(out),
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-RequestId': randomUUID(),
        ...(b.functionError && type === 'RequestResponse' && { 'X-Amz-Function-Error': b.functionError }),
      });
      res.end(out);
    })();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    endpoint: `http://${host}:${(server.address() as AddressInfo).port}`,
    invocations,
    refused,
    define: (name, b) => void functions.set(name, b),
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function error(res: ServerResponse, status: number, type: string, message: string): void {
  const text = JSON.stringify({ Type: 'User', message });
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-ErrorType': type,
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(text);
}
