/**
 * OpenTelemetry tracing end to end, through the built `jetflow run` (webhook → sensor → http trigger),
 * exporting to a local OTLP/HTTP receiver started here. The receiver decodes the real OTLP **JSON** the
 * exporter sends (`@opentelemetry/exporter-trace-otlp-http`, `application/json` to `/v1/traces`).
 * Asserts: one trace id from the incoming `traceparent` to the http peer, parent/child order of the
 * spans, the peer's `traceparent`, an `a && b` firing linking both events, each retry attempt and the
 * dead-letter trigger as spans, a malformed `traceparent` starting a new trace, the dashboard's trace
 * API; and with tracing off, no request reaches the receiver and no `traceparent` the peer.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { freePort, projectRoot, waitFor } from '../harness/index.js';
import { assertBuilt, getJson, killAll, spawnRun, type Run } from './run-helpers.js';

const T = 30_000;

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status?: { code?: number };
  attributes?: { key: string; value: Record<string, unknown> }[];
  links?: { traceId: string; spanId: string }[];
  service: string;
}

/** A minimal OTLP/HTTP JSON receiver: every span of every export request. */
async function startOtlpReceiver() {
  const spans: OtlpSpan[] = [];
  let requests = 0;
  const contentTypes = new Set<string>();
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests++;
      contentTypes.add(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const doc = JSON.parse(body) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { spans: Omit<OtlpSpan, 'service'>[] }[];
        }[];
      };
      for (const rs of doc.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    requests: () => requests,
    contentTypes,
    close: () => new Promise<void>((r) => (srv.closeAllConnections(), srv.close(() => r()))),
  };
}

interface Got {
  path: string;
  headers: http.IncomingHttpHeaders;
}

/** The http peer: records requests; `/flaky` fails twice then succeeds, `/fail` always fails. */
async function startPeer() {
  const got: Got[] = [];
  let flaky = 0;
  const srv = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers });
      if (req.url === '/fail' || (req.url === '/flaky' && ++flaky <= 2)) res.writeHead(500).end('no');
      else res.end('ok');
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    got,
    close: () => new Promise<void>((r) => (srv.closeAllConnections(), srv.close(() => r()))),
  };
}

const allow200 = { status: { allow: [200] } };
const fast = { steps: 4, duration: '10ms' };

function httpTo(name: string, url: string, dep: string, extra: Record<string, unknown> = {}) {
  return {
    template: {
      name,
      conditions: extra.conditions ?? dep,
      http: {
        url,
        method: 'POST',
        payload: [{ src: { dependencyName: dep, dataKey: 'body' }, dest: 'body' }],
      },
    },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'conditions')),
  };
}

async function makeProject(peerUrl: string): Promise<{ dir: string; dataDir: string; base: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-trace-'));
  const port = await freePort();
  await writeFile(
    path.join(dir, 'eventbus.yaml'),
    await readFile(path.join(projectRoot, 'examples/quickstart/eventbus.yaml'), 'utf8'),
  );
  const events = ['a', 'b', 'c', 'r', 'd'];
  const es = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventSource',
    metadata: { name: 'hooks' },
    spec: {
      webhook: Object.fromEntries(
        events.map((e) => [e, { port: String(port), endpoint: `/${e}`, method: 'POST' }]),
      ),
    },
  };
  const sensor = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name: 'traced' },
    spec: {
      dependencies: events.map((e) => ({
        name: `d${e}`,
        eventSourceName: 'hooks',
        eventName: e,
        // one dependency with a filter, so its filter span shows its verdict
        ...(e === 'c' && { filters: { data: [{ path: 'body.n', type: 'number', value: ['1'] }] } }),
      })),
      triggers: [
        httpTo('single', `${peerUrl}/single`, 'dc'),
        httpTo('pair', `${peerUrl}/pair`, 'da', { conditions: 'da && db' }),
        httpTo('retried', `${peerUrl}/flaky`, 'dr', {
          atLeastOnce: true,
          retryStrategy: fast,
          policy: allow200,
        }),
        httpTo('doomed', `${peerUrl}/fail`, 'dd', {
          atLeastOnce: true,
          retryStrategy: { steps: 2, duration: '10ms' },
          policy: allow200,
          dlqTrigger: {
            template: { name: 'dead', http: { url: `${peerUrl}/dead`, method: 'POST' } },
            atLeastOnce: true,
          },
        }),
      ],
    },
  };
  await writeFile(path.join(dir, 'eventsource.yaml'), stringify(es));
  await writeFile(path.join(dir, 'sensor.yaml'), stringify(sensor));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jetflow-trace-data-'));
  return { dir, dataDir, base: `http://127.0.0.1:${port}` };
}

const READY = /^jetflow is ready in [\d.]+ s: .*; dashboard (http:\/\/\S+)$/m;

async function start(p: { dir: string; dataDir: string }, extra: string[]): Promise<Run> {
  const run = spawnRun([p.dir], p.dataDir, extra);
  await waitFor(() => READY.test(run.out()) || run.proc.exitCode !== null, {
    timeout: 60_000,
    message: 'ready line',
  });
  const m = READY.exec(run.out());
  assert.ok(m, `jetflow run did not get ready:\n${run.out()}\n${run.err()}`);
  run.adminUrl = m[1];
  return run;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.text());
}

const hex = (n: number) =>
  Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
const traceparent = (traceId: string, spanId: string) => `00-${traceId}-${spanId}-01`;
const attr = (s: OtlpSpan, k: string) => {
  const v = s.attributes?.find((a) => a.key === k)?.value;
  return v && (v.stringValue ?? v.intValue ?? v.boolValue ?? v.arrayValue);
};

describe('tracing (jetflow run, OTLP/HTTP JSON)', { timeout: 240_000 }, () => {
  let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let peer: Awaited<ReturnType<typeof startPeer>>;
  let run: Run | undefined;
  let project: Awaited<ReturnType<typeof makeProject>> | undefined;
  const dirs: string[] = [];

  before(async () => {
    assertBuilt();
    for (const k of Object.keys(process.env)) if (k.startsWith('OTEL_')) delete process.env[k];
    otlp = await startOtlpReceiver();
    peer = await startPeer();
  });
  afterEach(async () => {
    killAll(run, project?.dataDir);
    run = undefined;
  });
  after(async () => {
    await otlp?.close();
    await peer?.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('continues an incoming trace from the webhook to the http peer, with links, retries and the DLQ', async () => {
    project = await makeProject(peer.url);
    dirs.push(project.dir, project.dataDir);
    process.env.OTEL_SERVICE_NAME = 'jetflow-e2e';
    try {
      run = await start(project, ['--otlp-endpoint', otlp.url]);
    } finally {
      delete process.env.OTEL_SERVICE_NAME;
    }
    const X = hex(32);
    const caller = hex(16);
    await post(
      `${project.base}/c`,
      { n: 1 },
      { traceparent: traceparent(X, caller), tracestate: 'vendor=abc' },
    );
    const [A, B, R, D] = [hex(32), hex(32), hex(32), hex(32)];
    await post(`${project.base}/a`, { n: 1 }, { traceparent: traceparent(A, hex(16)) });
    await post(`${project.base}/b`, { n: 2 }, { traceparent: traceparent(B, hex(16)) });
    await post(`${project.base}/r`, { n: 3 }, { traceparent: traceparent(R, hex(16)) });
    await post(`${project.base}/d`, { n: 4 }, { traceparent: traceparent(D, hex(16)) });
    await post(`${project.base}/c`, { n: 5 }, { traceparent: 'not-a-traceparent' }); // filtered out, new trace

    const byName = (trace: string, prefix: string) =>
      otlp.spans.filter((s) => s.traceId === trace && s.name.startsWith(prefix));
    await waitFor(() => byName(X, 'attempt 1 single').length === 1, {
      timeout: T,
      message: 'the spans of trace X',
    });

    // 1. one trace, parent → child in pipeline order
    const chain = [
      'POST /c',
      'send default.hooks.c',
      'process default.hooks.c',
      'conditions single',
      'trigger single',
      'attempt 1 single',
    ];
    const spans = chain.map((n) => {
      const found = byName(X, n);
      assert.equal(
        found.length,
        1,
        `${n} in trace X: ${otlp.spans.filter((s) => s.traceId === X).map((s) => s.name)}`,
      );
      return found[0]!;
    });
    assert.equal(spans[0]!.parentSpanId, caller, 'the server span continues the caller');
    for (let i = 1; i < spans.length; i++)
      assert.equal(spans[i]!.parentSpanId, spans[i - 1]!.spanId, `${chain[i]} is a child of ${chain[i - 1]}`);
    assert.equal(spans[0]!.service, 'jetflow-e2e');
    assert.equal(spans[0]!.kind, 2, 'server');
    assert.equal(spans[1]!.kind, 4, 'producer');
    assert.equal(spans[2]!.kind, 5, 'consumer');
    assert.equal(attr(spans[0]!, 'http.request.method'), 'POST');
    assert.equal(String(attr(spans[0]!, 'http.response.status_code')), '200');
    assert.equal(attr(spans[1]!, 'messaging.system'), 'nats');
    assert.equal(attr(spans[1]!, 'messaging.destination.name'), 'default.hooks.c');
    const filter = byName(X, 'filter dc')[0];
    assert.ok(filter, 'the dependency filter span');
    assert.equal(filter.parentSpanId, spans[2]!.spanId);
    assert.equal(attr(filter, 'jetflow.filter.verdict'), 'pass');

    // 2. the peer got a traceparent of the same trace: the attempt span's
    const single = peer.got.find((g) => g.path === '/single');
    assert.ok(single);
    assert.equal(single.headers.traceparent, traceparent(X, spans[5]!.spanId));
    assert.equal(single.headers.tracestate, 'vendor=abc');

    // 3. a && b: the firing links the receive spans of both events (each in its own trace)
    await waitFor(() => otlp.spans.some((s) => s.name === 'trigger pair'), { timeout: T, message: 'pair' });
    const procA = byName(A, 'process default.hooks.a')[0]!;
    const procB = byName(B, 'process default.hooks.b')[0]!;
    assert.ok(procA && procB);
    const cond = otlp.spans.find((s) => s.name === 'conditions pair')!;
    assert.equal(cond.traceId, B, 'continues the event that completed the condition');
    assert.equal(cond.parentSpanId, procB.spanId);
    const linked = (s: OtlpSpan) => (s.links ?? []).map((l) => `${l.traceId}/${l.spanId}`).sort();
    const both = [`${A}/${procA.spanId}`, `${B}/${procB.spanId}`].sort();
    assert.deepEqual(linked(cond), both);
    assert.deepEqual(linked(otlp.spans.find((s) => s.name === 'trigger pair')!), both);

    // 4. a retried trigger: each attempt a child span of the execution, failed ones marked
    await waitFor(() => byName(R, 'attempt 3 retried').length === 1, { timeout: T, message: 'retries' });
    const exec = byName(R, 'trigger retried')[0]!;
    const attempts = byName(R, 'attempt ').sort(
      (p, q) => Number(attr(p, 'jetflow.trigger.attempt')) - Number(attr(q, 'jetflow.trigger.attempt')),
    );
    assert.deepEqual(
      attempts.map((s) => s.name),
      ['attempt 1 retried', 'attempt 2 retried', 'attempt 3 retried'],
    );
    for (const a of attempts) assert.equal(a.parentSpanId, exec.spanId);
    assert.deepEqual(
      attempts.map((s) => s.status?.code ?? 0),
      [2, 2, 0],
    );
    const flakyParents = peer.got.filter((g) => g.path === '/flaky').map((g) => g.headers.traceparent);
    assert.deepEqual(
      flakyParents,
      attempts.map((s) => traceparent(R, s.spanId)),
    );

    // 5. retries exhausted: the dead-letter trigger is its own span under the execution
    await waitFor(() => byName(D, 'dead-letter dead').length === 1, { timeout: T, message: 'the DLQ span' });
    const doomed = byName(D, 'trigger doomed')[0]!;
    const dead = byName(D, 'dead-letter dead')[0]!;
    assert.equal(dead.parentSpanId, doomed.spanId);
    assert.equal(byName(D, 'attempt 1 dead')[0]?.parentSpanId, dead.spanId);
    assert.equal(byName(D, 'attempt ').filter((s) => s.name.endsWith('doomed')).length, 2);

    // 6. a malformed traceparent starts a new trace (the request still succeeds); filtered out → verdict fail
    await waitFor(
      () => otlp.spans.some((s) => s.name === 'filter dc' && attr(s, 'jetflow.filter.verdict') === 'fail'),
      {
        timeout: T,
        message: 'the failing filter span',
      },
    );
    const failed = otlp.spans.find(
      (s) => s.name === 'filter dc' && attr(s, 'jetflow.filter.verdict') === 'fail',
    )!;
    const root = otlp.spans.find((s) => s.traceId === failed.traceId && s.name === 'POST /c')!;
    assert.equal(root.parentSpanId ?? '', '', 'a new trace: the server span is a root');

    // 7. the dashboard: the execution carries its trace id, the trace API its recorded spans
    const { executions } = await getJson<{ executions: { trigger: string; traceId?: string }[] }>(
      `${run.adminUrl}/api/v1/executions`,
    );
    assert.equal(executions.find((e) => e.trigger === 'single')?.traceId, X);
    const answer = await getJson<{ tracing: boolean; spans: { name: string; durationMs: number }[] }>(
      `${run.adminUrl}/api/v1/traces/${X}`,
    );
    assert.equal(answer.tracing, true);
    assert.deepEqual(
      chain.filter((n) => !answer.spans.some((s) => s.name === n)),
      [],
      'every span of the chain is in the in-process ring',
    );
    const pairExec = executions.find((e) => e.trigger === 'pair')!;
    const pairAnswer = await getJson<{ spans: { traceId: string }[] }>(
      `${run.adminUrl}/api/v1/traces/${pairExec.traceId}`,
    );
    assert.deepEqual(
      new Set(pairAnswer.spans.map((s) => s.traceId)),
      new Set([A, B]),
      'linked traces included',
    );

    // event log lines carry trace_id/span_id
    assert.match(
      run.out(),
      new RegExp(`"trace_id":"${X}","span_id":"[0-9a-f]{16}".*Succeeded to publish an event`),
    );
    assert.ok(otlp.contentTypes.has('POST /v1/traces application/json'), [...otlp.contentTypes].join());
    run.proc.kill('SIGTERM');
    assert.equal(await run.exit, 0);
  });

  it('with tracing off: no exporter request, no traceparent to the peer', async () => {
    project = await makeProject(peer.url);
    dirs.push(project.dir, project.dataDir);
    const before = otlp.requests();
    peer.got.length = 0;
    run = await start(project, []);
    await post(`${project.base}/c`, { n: 1 }, { traceparent: traceparent(hex(32), hex(16)) });
    await waitFor(() => peer.got.some((g) => g.path === '/single'), { timeout: T, message: 'the peer call' });
    assert.equal(peer.got.find((g) => g.path === '/single')!.headers.traceparent, undefined);
    const { executions } = await getJson<{ executions: { traceId?: string }[] }>(
      `${run.adminUrl}/api/v1/executions`,
    );
    assert.equal(executions[0]?.traceId, undefined);
    run.proc.kill('SIGTERM');
    assert.equal(await run.exit, 0);
    assert.equal(otlp.requests(), before, 'the receiver got nothing');
    assert.doesNotMatch(run.out(), /trace_id/);
  });
});
