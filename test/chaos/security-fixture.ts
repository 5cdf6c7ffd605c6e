/**
 * Fixture of the security test (test/integration/security.test.ts): resources with secrets (webhook
 * authSecret, http trigger secureHeader), a raw-socket client for malformed and stalled requests, and a
 * recursive scan for secret values in text.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/** The secret values a run is given (and that must never show up in logs or API answers). */
export interface FixtureSecrets {
  webhookToken: string;
  headerValue: string;
}

/** Write one file with a Secret, a one-node EventBus, an authenticated webhook and an HTTP-trigger Sensor. */
export async function writeSecureResources(
  dir: string,
  o: { webhookPort: number; sinkUrl: string },
): Promise<FixtureSecrets> {
  const s = { webhookToken: randomBytes(16).toString('hex'), headerValue: randomBytes(16).toString('hex') };
  await writeFile(
    path.join(dir, 'all.yaml'),
    `apiVersion: v1
kind: Secret
metadata: {name: sec}
stringData: {token: "${s.webhookToken}", header: "${s.headerValue}"}
---
apiVersion: argoproj.io/v1alpha1
kind: EventBus
metadata: {name: default}
spec: {jetstream: {version: latest, replicas: 1, streamConfig: "replicas: 1"}}
---
apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata: {name: secure}
spec:
  webhook:
    in: {port: "${o.webhookPort}", endpoint: /in, method: POST, authSecret: {name: sec, key: token}}
---
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: secure}
spec:
  dependencies: [{name: d, eventSourceName: secure, eventName: in}]
  triggers:
    - template:
        name: out
        http:
          url: "${o.sinkUrl}"
          method: POST
          secureHeaders: [{name: X-Api-Key, valueFrom: {secretKeyRef: {name: sec, key: header}}}]
      atLeastOnce: true
`,
  );
  return s;
}

/** Send raw bytes and return the first answer line (or '' when the server closed without one). */
export function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.end(bytes));
    let got = '';
    sock.on('data', (d: Buffer) => (got += d.toString()));
    sock.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    sock.on('error', reject);
  });
}

/** Open a connection that sends request headers announcing a body, then stalls. */
export function stalledRequest(port: number, urlPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.write(
        `POST ${urlPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
      );
      resolve(sock);
    });
    sock.on('error', reject);
  });
}

/** Each secret (non-empty) that occurs in `text`, by label. */
export function leaks(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, v]) => v.length >= 8 && text.includes(v))
    .map(([k]) => k);
}
