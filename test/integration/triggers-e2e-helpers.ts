/**
 * Helpers for the trigger end-to-end test: an HTTP server that answers a fixed status and records every
 * request, and the resource folder (EventSource, Sensor, Secret) the in-process system runs.
 */
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

export interface Hit {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpPeer {
  url: string;
  hits: Hit[];
  close(): Promise<void>;
}

/** An HTTP server on a free loopback port that answers `status` to everything and records requests. */
export async function startHttpPeer(status = 200): Promise<HttpPeer> {
  const hits: Hit[] = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = status;
      res.end(status === 200 ? 'ok' : 'failing on purpose');
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
  };
}

export interface Targets {
  webhookPort: number;
  httpUrl: string;
  failingUrl: string;
  dlqUrl: string;
  natsUrl: string;
  natsSubject: string;
  smtpPort: number;
  smtpUser: string;
  smtpPassword: string;
  grpcUrl: string;
}

/** `{"message": <body.message>}` of dependency `in`, the payload every trigger here sends. */
const MESSAGE = [{ src: { dependencyName: 'in', dataKey: 'body.message' }, dest: 'message' }];

/** Write webhook EventSource, Sensor (five triggers, one with a DLQ) and the SMTP Secret to `dir`. */
export async function writeResources(dir: string, t: Targets): Promise<void> {
  const eventSource = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventSource',
    metadata: { name: 'webhook' },
    spec: { webhook: { example: { port: String(t.webhookPort), endpoint: '/example', method: 'POST' } } },
  };
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'smtp-secret' },
    stringData: { password: t.smtpPassword },
  };
  const sensor = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name: 'fanout' },
    spec: {
      dependencies: [{ name: 'in', eventSourceName: 'webhook', eventName: 'example' }],
      triggers: [
        {
          template: { name: 'to-http', http: { url: `${t.httpUrl}/hook`, method: 'POST', payload: MESSAGE } },
        },
        { template: { name: 'to-nats', nats: { url: t.natsUrl, subject: t.natsSubject, payload: MESSAGE } } },
        {
          // as upstream's email-trigger.yaml: the body from a data template on the trigger parameters
          parameters: [
            {
              src: { dependencyName: 'in', dataTemplate: 'Hi,\n\n{{.Input.body.message}} from jetflow.' },
              dest: 'email.body',
            },
          ],
          template: {
            name: 'to-email',
            email: {
              username: t.smtpUser,
              smtpPassword: { name: 'smtp-secret', key: 'password' },
              host: '127.0.0.1',
              port: t.smtpPort,
              to: ['ops@example.com'],
              from: 'jetflow@example.com',
              subject: 'Hello There',
            },
          },
        },
        {
          template: {
            name: 'to-custom',
            custom: {
              serverURL: t.grpcUrl,
              spec: { kind: 'Greeting', url: 'https://example.com/greeting.json' },
              parameters: [{ src: { dependencyName: 'in', dataKey: 'body.message' }, dest: 'greeting' }],
              payload: MESSAGE,
            },
          },
        },
        {
          template: {
            name: 'to-failing',
            http: { url: `${t.failingUrl}/fail`, method: 'POST', payload: MESSAGE },
          },
          policy: { status: { allow: [200] } },
          atLeastOnce: true,
          retryStrategy: { steps: 3, duration: '100ms' },
          dlqTrigger: {
            atLeastOnce: true,
            template: { name: 'to-dlq', http: { url: `${t.dlqUrl}/dlq`, method: 'POST', payload: MESSAGE } },
          },
        },
      ],
    },
  };
  await writeFile(path.join(dir, 'eventsource.yaml'), stringify(eventSource));
  await writeFile(path.join(dir, 'sensor.yaml'), stringify(sensor));
  await writeFile(path.join(dir, 'secret.yaml'), stringify(secret));
}
