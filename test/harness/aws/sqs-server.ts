/**
 * A local SQS for tests, speaking what the real `@aws-sdk/client-sqs` (v3) sends: the AWS JSON 1.0
 * protocol (`POST /`, `X-Amz-Target: AmazonSQS.<Action>`), every request SigV4-signed with the test's
 * key and checked by recomputing the signature. Actions: GetQueueUrl, SendMessage, ReceiveMessage (long
 * polling up to `WaitTimeSeconds`, batches of `MaxNumberOfMessages`, a visibility timeout after which an
 * undeleted message comes back), DeleteMessageBatch, DeleteMessage, ChangeMessageVisibility. There is no
 * AWS emulator installable here (no Python registry, none maintained on npm), hence this server.
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sigV4Problem, type AwsKey } from './sigv4.js';

export const TEST_ACCOUNT = '000000000000';

/** A message attribute as the JSON protocol carries it (binary values base64). */
export interface SqsAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export interface SqsMessage {
  id: string;
  body: string;
  attributes?: Record<string, SqsAttribute>;
  receipt?: string;
  visibleAt: number;
  receives: number;
  deleted: boolean;
}

interface Queue {
  name: string;
  account: string;
  visibilityMs: number;
  messages: SqsMessage[];
  waiters: Set<() => void>;
}

export interface SqsServer {
  endpoint: string;
  key: AwsKey;
  /** Create a queue (`visibilityMs`: how long a received message stays invisible). */
  createQueue(name: string, opts?: { visibilityMs?: number; account?: string }): string;
  /** Put a message directly (as another producer would). */
  send(queue: string, body: string, attributes?: Record<string, SqsAttribute>): string;
  messages(queue: string): SqsMessage[];
  /** Messages not deleted yet. */
  remaining(queue: string): number;
  /** Action names received, in order, and the requests refused for a bad signature. */
  actions: string[];
  refused: string[];
  stop(): Promise<void>;
}

export async function startSqsServer(key: AwsKey, host = '127.0.0.1'): Promise<SqsServer> {
  const queues = new Map<string, Queue>();
  const actions: string[] = [];
  const refused: string[] = [];
  let endpoint = '';
  const urlOf = (q: Queue) => `${endpoint}/${q.account}/${q.name}`;
  const byUrl = (url: unknown): Queue => {
    const name =
      String(url ?? '')
        .split('/')
        .pop() ?? '';
    const q = queues.get(name);
    if (!q || urlOf(q) !== url)
      throw new SqsFault('QueueDoesNotExist', 'The specified queue does not exist.');
    return q;
  };
  const wake = (q: Queue) => {
    for (const w of q.waiters) w();
    q.waiters.clear();
  };
  const visible = (q: Queue) => q.messages.filter((m) => !m.deleted && m.visibleAt <= Date.now());

  const handlers: Record<string, (input: any, signal: AbortSignal) => Promise<unknown> | unknown> = {
    GetQueueUrl(input: { QueueName: string; QueueOwnerAWSAccountId?: string }) {
      const q = queues.get(input.QueueName);
      if (!q || (input.QueueOwnerAWSAccountId && input.QueueOwnerAWSAccountId !== q.account))
        throw new SqsFault('QueueDoesNotExist', 'The specified queue does not exist.');
      return { QueueUrl: urlOf(q) };
    },
    SendMessage(input: {
      QueueUrl: string;
      MessageBody: string;
      MessageAttributes?: Record<string, SqsAttribute>;
    }) {
      const q = byUrl(input.QueueUrl);
      const id = put(q, input.MessageBody, input.MessageAttributes);
      return { MessageId: id, MD5OfMessageBody: md5(input.MessageBody) };
    },
    async ReceiveMessage(
      input: {
        QueueUrl: string;
        MaxNumberOfMessages?: number;
        WaitTimeSeconds?: number;
        VisibilityTimeout?: number;
      },
      signal: AbortSignal,
    ) {
      const q = byUrl(input.QueueUrl);
      const deadline = Date.now() + (input.WaitTimeSeconds ?? 0) * 1000;
      while (visible(q).length === 0 && Date.now() < deadline && !signal.aborted) {
        // re-check when a message arrives or the next invisible one becomes visible
        const next = Math.min(
          deadline,
          ...q.messages.filter((m) => !m.deleted).map((m) => Math.max(m.visibleAt, Date.now() + 5)),
        );
        await new Promise<void>((r) => {
          const t = setTimeout(r, next - Date.now());
          q.waiters.add(() => {
            clearTimeout(t);
            r();
          });
          signal.addEventListener('abort', () => r(), { once: true });
        });
      }
      const batch = visible(q).slice(0, Math.min(10, input.MaxNumberOfMessages ?? 1));
      const visMs = input.VisibilityTimeout !== undefined ? input.VisibilityTimeout * 1000 : q.visibilityMs;
      for (const m of batch) {
        m.receipt = randomUUID();
        m.visibleAt = Date.now() + visMs;
        m.receives++;
      }
      if (batch.length === 0) return {};
      return {
        Messages: batch.map((m) => ({
          MessageId: m.id,
          ReceiptHandle: m.receipt,
          MD5OfBody: md5(m.body),
          Body: m.body,
          ...(m.attributes && { MessageAttributes: m.attributes }),
        })),
      };
    },
    DeleteMessage(input: { QueueUrl: string; ReceiptHandle: string }) {
      const q = byUrl(input.QueueUrl);
      const m = q.messages.find((x) => x.receipt === input.ReceiptHandle);
      if (!m) throw new SqsFault('ReceiptHandleIsInvalid', 'The receipt handle is not valid.');
      m.deleted = true;
      return {};
    },
    DeleteMessageBatch(input: { QueueUrl: string; Entries: { Id: string; ReceiptHandle: string }[] }) {
      const q = byUrl(input.QueueUrl);
      const Successful: { Id: string }[] = [];
      const Failed: { Id: string; Code: string; SenderFault: boolean; Message: string }[] = [];
      for (const e of input.Entries) {
        const m = q.messages.find((x) => x.receipt === e.ReceiptHandle);
        if (m) {
          m.deleted = true;
          Successful.push({ Id: e.Id });
        } else
          Failed.push({ Id: e.Id, Code: 'ReceiptHandleIsInvalid', SenderFault: true, Message: 'invalid' });
      }
      return { Successful, Failed };
    },
    ChangeMessageVisibility(input: { QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number }) {
      const q = byUrl(input.QueueUrl);
      const m = q.messages.find((x) => x.receipt === input.ReceiptHandle && !x.deleted);
      if (!m) throw new SqsFault('ReceiptHandleIsInvalid', 'The receipt handle is not valid.');
      m.visibleAt = Date.now() + input.VisibilityTimeout * 1000;
      wake(q);
      return {};
    },
  };

  const put = (q: Queue, body: string, attributes?: Record<string, SqsAttribute>) => {
    const m: SqsMessage = { id: randomUUID(), body, attributes, visibleAt: 0, receives: 0, deleted: false };
    q.messages.push(m);
    wake(q);
    return m.id;
  };

  const open = new Set<ServerResponse>();
  const server = http.createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    void handle(req, res);
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.replace(/^AmazonSQS\./, '');
    const problem = sigV4Problem(req, body, key, 'sqs');
    if (problem) {
      refused.push(`${action}: ${problem}`);
      return reply(res, 400, { __type: 'com.amazonaws.sqs#InvalidSignatureException', message: problem });
    }
    actions.push(action);
    const h = handlers[action];
    if (!target.startsWith('AmazonSQS.') || !h)
      return reply(res, 400, { __type: 'com.amazonaws.sqs#InvalidAction', message: `unknown ${target}` });
    const ac = new AbortController();
    res.on('close', () => ac.abort());
    try {
      reply(res, 200, await h(JSON.parse(body.toString('utf8') || '{}'), ac.signal));
    } catch (err) {
      if (!(err instanceof SqsFault)) throw err;
      reply(res, 400, { __type: `com.amazonaws.sqs#${err.code}`, message: err.message }, err.code);
    }
  };
  await new Promise<void>((r) => server.listen(0, host, r));
  endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    key,
    actions,
    refused,
    createQueue(name, opts = {}) {
      const q: Queue = {
        name,
        account: opts.account ?? TEST_ACCOUNT,
        visibilityMs: opts.visibilityMs ?? 30_000,
        messages: [],
        waiters: new Set(),
      };
      queues.set(name, q);
      return urlOf(q);
    },
    send(queue, body, attributes) {
      return put(queues.get(queue)!, body, attributes);
    },
    messages: (queue) => queues.get(queue)!.messages,
    remaining: (queue) => queues.get(queue)!.messages.filter((m) => !m.deleted).length,
    async stop() {
      for (const q of queues.values()) wake(q);
      for (const r of open) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

class SqsFault extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function reply(res: ServerResponse, status: number, body: unknown, queryError?: string): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.0',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    ...(queryError && { 'x-amzn-query-error': `AWS.SimpleQueueService.${queryError};Sender` }),
  });
  res.end(text);
}

function md5(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}
