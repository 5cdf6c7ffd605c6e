// The trace of an execution: its id and a small waterfall of the spans this process recorded
// (GET /api/v1/traces/:id), drawn as SVG on first open so the list stays cheap.
import { fill, h, s } from './dom.js';
import { api } from './api.js';

const ROW = 16;
const WIDTH = 560;
const LABEL = 200;

/** A <details> with the trace id; opening it loads and draws the waterfall. */
export function traceDetails(traceId) {
  const body = h('div', { class: 'trace-body' }, 'loading…');
  let loaded = false;
  const d = h(
    'details',
    {
      class: 'trace',
      ontoggle: async () => {
        if (!d.open || loaded) return;
        loaded = true;
        try {
          fill(body, waterfall(await api.spans(traceId)));
        } catch (err) {
          fill(body, h('p', { class: 'err' }, String(err.message ?? err)));
        }
      },
    },
    h('summary', { title: traceId }, `trace ${traceId.slice(0, 12)}…`),
    body,
  );
  return d;
}

function waterfall(answer) {
  const spans = answer.spans;
  if (!spans.length)
    return h(
      'p',
      { class: 'muted' },
      answer.tracing ? 'No spans of this trace are left in memory.' : 'Tracing is off.',
    );
  const t0 = Math.min(...spans.map((x) => x.startMs));
  const t1 = Math.max(...spans.map((x) => x.startMs + x.durationMs));
  const total = Math.max(t1 - t0, 0.001);
  const scale = (WIDTH - LABEL - 60) / total;
  const depth = depths(spans);
  const svg = s('svg', { class: 'waterfall', width: WIDTH, height: spans.length * ROW + 4, role: 'img' });
  spans.forEach((x, i) => {
    const y = i * ROW + 2;
    const x0 = LABEL + (x.startMs - t0) * scale;
    const w = Math.max(1, x.durationMs * scale);
    svg.append(
      s('text', { x: 2 + 8 * (depth.get(x.spanId) ?? 0), y: y + 11, class: 'wf-name' }, x.name),
      s('rect', { x: x0, y: y + 2, width: w, height: ROW - 5, class: `wf-bar wf-${x.status}` }),
      s('text', { x: x0 + w + 4, y: y + 11, class: 'wf-ms' }, `${x.durationMs.toFixed(1)} ms`),
      s('title', {}, `${x.name} (${x.kind}) ${x.durationMs.toFixed(2)} ms, span ${x.spanId}`),
    );
  });
  return h('div', {}, h('p', { class: 'muted' }, `${spans.length} spans, ${total.toFixed(1)} ms`), svg);
}

/** Nesting depth of each span by its parent chain (spans whose parent is elsewhere are roots). */
function depths(spans) {
  const byId = new Map(spans.map((x) => [x.spanId, x]));
  const out = new Map();
  const of = (x, guard = 0) => {
    if (out.has(x.spanId)) return out.get(x.spanId);
    const p = x.parentSpanId && byId.get(x.parentSpanId);
    const d = p && guard < 32 ? of(p, guard + 1) + 1 : 0;
    out.set(x.spanId, d);
    return d;
  };
  for (const x of spans) of(x);
  return out;
}
