/**
 * Issue 7 end to end, in process (the `System` of `jetflow run`): one event POSTed to a webhook reaches
 * a real HTTP endpoint, a real NATS subject, a real SMTP inbox and a gRPC Trigger server with the
 * payloads the templates describe; a trigger whose endpoint answers 500 is attempted exactly as often as
 * its retryStrategy says and then delivered once to its dlqTrigger.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { System } from '../../src/cli/run/system.js';
import { startTriggerServer, type TriggerServer } from '../../src/triggers/custom/testing.js';
import { startSmtpPeer, type SmtpPeer } from '../../src/triggers/email/testing.js';
import { freePort, startNats, waitFor, type TestNats } from '../harness/index.js';
import { startHttpPeer, writeResources, type HttpPeer } from './triggers-e2e-helpers.js';

const T = 15_000;
const SUBJECT = 'greetings.e2e';
const decoder = new TextDecoder();

describe('triggers end to end through jetflow run', { timeout: 40_000 }, () => {
  let system: System | undefined;
  let target: HttpPeer, failing: HttpPeer, dlq: HttpPeer;
  let nats: TestNats, natsClient: NatsConnection;
  let smtp: SmtpPeer;
  let grpc: TriggerServer;
  const natsGot: string[] = [];
  const dirs: string[] = [];
  let webhookUrl = '';

  before(async () => {
    [target, failing, dlq, nats, grpc] = await Promise.all([
      startHttpPeer(200),
      startHttpPeer(500),
      startHttpPeer(200),
      startNats({ jetstream: false }),
      // the resource a Trigger server returns must be JSON for parameters to apply (upstream too)
      startTriggerServer({ resource: () => Buffer.from('{"kind":"Greeting"}') }),
    ]);
    smtp = await startSmtpPeer({ users: { mailer: 's3cret-pass' } });
    natsClient = await connect({ servers: nats.url });
    const sub = natsClient.subscribe(SUBJECT);
    void (async () => {
      for await (const m of sub) natsGot.push(decoder.decode(m.data));
    })();
    await natsClient.flush();

    const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-triggers-e2e-'));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-triggers-e2e-data-'));
    dirs.push(dir, dataDir);
    const webhookPort = await freePort();
    webhookUrl = `http://127.0.0.1:${webhookPort}/example`;
    await writeResources(dir, {
      webhookPort,
      httpUrl: target.url,
      failingUrl: failing.url,
      dlqUrl: dlq.url,
      natsUrl: nats.url,
      natsSubject: SUBJECT,
      smtpPort: smtp.port,
      smtpUser: 'mailer',
      smtpPassword: 's3cret-pass',
      grpcUrl: grpc.url,
    });
    system = new System({
      paths: [dir],
      dataDir,
      adminHost: '127.0.0.1',
      adminPort: 0,
      logger: pino({ level: 'silent' }),
    });
    await system.start();
    await system.ready();
  });

  after(async () => {
    await system?.stop();
    await natsClient?.close();
    await Promise.allSettled([
      target?.close(),
      failing?.close(),
      dlq?.close(),
      nats?.stop(),
      smtp?.stop(),
      grpc?.stop(),
    ]);
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('delivers one webhook event to HTTP, NATS, SMTP and gRPC, and dead-letters the failing trigger', async () => {
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hello' }),
    });
    assert.equal(res.status, 200, await res.text());

    // http: the payload parameters make the body
    await waitFor(() => target.hits.length > 0, { timeout: T, message: 'http trigger delivery' });
    assert.equal(target.hits[0]!.path, '/hook');
    assert.deepEqual(JSON.parse(target.hits[0]!.body), { message: 'hello' });

    // nats: the payload is published on the subject
    await waitFor(() => natsGot.length > 0, { timeout: T, message: 'nats trigger delivery' });
    assert.deepEqual(JSON.parse(natsGot[0]!), { message: 'hello' });

    // email: authenticated with the Secret's password; body from the data template
    await waitFor(() => smtp.mails.length > 0, { timeout: T, message: 'email trigger delivery' });
    const mail = smtp.mails[0]!;
    assert.equal(mail.user, 'mailer');
    assert.equal(mail.mailFrom, 'jetflow@example.com');
    assert.deepEqual(mail.rcptTo, ['ops@example.com']);
    assert.equal(mail.headers.subject, 'Hello There');
    assert.match(mail.headers.to ?? '', /ops@example\.com/);
    assert.match(mail.headers.from ?? '', /jetflow@example\.com/);
    assert.equal(mail.body.replace(/\r\n/g, '\n').trim(), 'Hi,\n\nhello from jetflow.');

    // custom: FetchResource gets the spec as YAML, Execute the parameterised resource and the payload
    await waitFor(() => grpc.calls.some((c) => c.method === 'applyPolicy'), {
      timeout: T,
      message: 'custom trigger delivery',
    });
    assert.deepEqual(
      grpc.calls.map((c) => c.method),
      ['fetchResource', 'execute', 'applyPolicy'],
    );
    assert.equal(
      grpc.calls[0]!.request.resource!.toString(),
      'kind: Greeting\nurl: https://example.com/greeting.json\n',
    );
    const exec = grpc.calls[1]!.request;
    assert.deepEqual(JSON.parse(exec.resource!.toString()), { kind: 'Greeting', greeting: 'hello' });
    assert.deepEqual(JSON.parse(exec.payload!.toString()), { message: 'hello' });

    // the failing trigger: steps: 3 attempts refused by policy.status.allow, then one DLQ delivery
    await waitFor(() => dlq.hits.length > 0, { timeout: T, message: 'dlq trigger delivery' });
    assert.equal(failing.hits.length, 3, 'exactly retryStrategy.steps attempts before the DLQ');
    assert.ok(failing.hits.every((h) => JSON.parse(h.body).message === 'hello'));
    assert.equal(dlq.hits[0]!.path, '/dlq');
    assert.deepEqual(JSON.parse(dlq.hits[0]!.body), { message: 'hello' });

    // the sensor reports every trigger settled (the failing one as failed, after its DLQ delivery)
    const settled = await waitFor(
      async () => {
        const r = await fetch(`${system!.adminUrl}/api/v1/executions`);
        const { executions } = (await r.json()) as { executions: { trigger: string; outcome: string }[] };
        const seen = executions.map((x) => `${x.trigger}:${x.outcome}`).sort();
        return seen.length >= 5 ? seen : undefined;
      },
      { timeout: T, message: 'executions of all five triggers' },
    );
    assert.deepEqual(settled, [
      'to-custom:succeeded',
      'to-email:succeeded',
      'to-failing:failed',
      'to-http:succeeded',
      'to-nats:succeeded',
    ]);

    // a clean stop (sensors drain and ack) adds no attempt or delivery: the counts hold
    await system!.stop();
    system = undefined;
    assert.equal(failing.hits.length, 3, 'no attempt after the DLQ delivery');
    assert.equal(dlq.hits.length, 1, 'one DLQ delivery');
    assert.equal(target.hits.length, 1, 'one http delivery');
    assert.equal(natsGot.length, 1, 'one nats message');
    assert.equal(smtp.mails.length, 1, 'one mail');
  });
});
