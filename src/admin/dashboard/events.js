// The live event list: one row per event with its verdicts; a row opens to show the payload and,
// per sensor, the filter trace explaining why each dependency passed or not.
import { bytes, clock, fill, h, jsonView } from './dom.js';

/** A one-line verdict of an event's traces: 'none' | 'pass' | 'filtered' | 'error' | 'pending'. */
export function verdictOf(traces) {
  if (traces === undefined) return 'pending';
  if (!traces.length) return 'none';
  if (traces.some((t) => t.error)) return 'error';
  const deps = traces.flatMap((t) => t.dependencies);
  if (deps.some((d) => d.passed)) return 'pass';
  return 'filtered';
}

const VERDICT_TEXT = {
  pending: 'tracing…',
  none: 'no sensor',
  pass: 'passed',
  filtered: 'filtered out',
  error: 'trace error',
};

function verdictChips(traces) {
  const v = verdictOf(traces);
  if (v === 'pending' || v === 'none') return [h('span', { class: `chip v-${v}` }, VERDICT_TEXT[v])];
  return traces.flatMap((t) =>
    t.error
      ? [h('span', { class: 'chip v-error', title: t.error }, `${t.sensor}: error`)]
      : t.dependencies.map((d) =>
          h(
            'span',
            { class: `chip v-${d.passed ? 'pass' : 'filtered'}`, title: d.reason },
            `${d.passed ? '✓' : '✗'} ${t.sensor}/${d.dependency}`,
          ),
        ),
  );
}

export class EventList {
  constructor(host, { loadTrace }) {
    this.host = host;
    this.loadTrace = loadTrace;
    this.rows = new Map();
    this.filter = '';
    this.max = 200;
  }

  /** Replace every row (initial load, reconnect). */
  reset(events) {
    // rows the stream delivered after the server built this answer are kept
    const newest = Math.max(0, ...events.map((e) => e.seq));
    const later = [...this.rows.values()].filter((r) => r.event.seq > newest);
    this.rows.clear();
    this.host.replaceChildren();
    for (const e of [...events].reverse()) this.add(e, e.traces);
    for (const r of later) this.add(r.event, r.traces);
    this.empty();
  }

  setFilter(source) {
    this.filter = source;
    for (const r of this.rows.values()) r.el.hidden = !!source && r.event.source !== source;
    this.empty();
  }

  empty() {
    const any = [...this.rows.values()].some((r) => !r.el.hidden);
    this.host.classList.toggle('is-empty', !any);
  }

  /** Add a new event at the top. */
  add(event, traces) {
    if (this.rows.has(event.id)) return;
    const chips = h('span', { class: 'chips' });
    const body = h('div', { class: 'ev-body' });
    const el = h(
      'details',
      { class: 'ev', 'data-id': event.id },
      h(
        'summary',
        {},
        h('time', { datetime: event.receivedAt, title: event.receivedAt }, clock(event.receivedAt)),
        h(
          'span',
          { class: 'ev-src' },
          h('b', {}, event.source),
          h('span', { class: 'sep' }, ' / '),
          event.subject,
        ),
        chips,
        h('span', { class: 'ev-meta' }, bytes(event.size)),
      ),
      body,
    );
    const row = { event, traces, el, chips, body, traceTab: undefined };
    el.addEventListener('toggle', () => el.open && this.open(row));
    el.hidden = !!this.filter && event.source !== this.filter;
    this.rows.set(event.id, row);
    this.host.prepend(el);
    this.setTraces(event.id, traces);
    while (this.rows.size > this.max) {
      const [id, old] = this.rows.entries().next().value;
      old.el.remove();
      this.rows.delete(id);
    }
    this.empty();
  }

  /** A trace arrived (one sensor's). */
  addTrace(trace) {
    const row = this.rows.get(trace.eventId);
    if (!row) return;
    const others = (row.traces ?? []).filter((t) => t.sensor !== trace.sensor);
    this.setTraces(trace.eventId, [...others, trace]);
  }

  setTraces(id, traces) {
    const row = this.rows.get(id);
    if (!row) return;
    row.traces = traces;
    row.el.dataset.verdict = verdictOf(traces);
    fill(row.chips, verdictChips(traces));
    if (row.el.open) this.renderBody(row);
  }

  async open(row) {
    this.renderBody(row);
    if (row.traces === undefined || row.traces.length === 0) {
      try {
        const t = await this.loadTrace(row.event.id);
        if (t) this.setTraces(row.event.id, t.sensors);
      } catch {
        /* the event may have left the server's buffer; the payload is still shown */
      }
    }
  }

  renderBody(row) {
    const { event, traces } = row;
    fill(
      row.body,
      h(
        'div',
        { class: 'ev-cols' },
        h(
          'section',
          {},
          h(
            'h4',
            {},
            'Payload',
            event.truncated
              ? h('span', { class: 'muted' }, ` (first ${bytes(String(event.data).length)})`)
              : null,
          ),
          event.data === undefined ? h('p', { class: 'muted' }, 'no data') : jsonView(event.data),
          h(
            'dl',
            { class: 'ev-attrs' },
            ...attr('id', event.id),
            ...attr('type', event.type),
            ...attr('time', event.time),
            ...attr('content type', event.datacontenttype),
          ),
        ),
        h('section', { class: 'trace' }, h('h4', {}, 'Filter trace'), traceView(traces)),
      ),
    );
  }
}

function attr(k, v) {
  return v ? [h('dt', {}, k), h('dd', {}, v)] : [];
}

/** The trace of one event: per sensor, per dependency, per filter kind and entry. */
export function traceView(traces) {
  if (traces === undefined) return h('p', { class: 'muted' }, 'Tracing…');
  if (!traces.length) return h('p', { class: 'muted' }, 'No sensor depends on this event.');
  return h('div', {}, ...traces.map(sensorTrace));
}

function sensorTrace(t) {
  return h(
    'div',
    { class: 'tr-sensor' },
    h('div', { class: 'tr-head' }, h('span', { class: 'kind' }, 'sensor'), h('b', {}, t.sensor)),
    t.error ? h('p', { class: 'tr-err' }, t.error) : null,
    ...t.dependencies.map(dependencyTrace),
    t.triggers.length ? h('div', { class: 'tr-triggers' }, ...t.triggers.map(triggerVerdict)) : null,
  );
}

function dependencyTrace(d) {
  const kinds = d.filters?.kinds ?? [];
  return h(
    'div',
    { class: `tr-dep ${d.passed ? 'pass' : 'fail'}` },
    h(
      'div',
      { class: 'tr-line' },
      h('span', { class: 'mark' }, d.passed ? '✓' : '✗'),
      h('b', {}, d.dependency),
      // with filters the kinds below say why; otherwise the dependency's own reason does
      kinds.length ? null : h('span', { class: 'reason' }, d.reason),
    ),
    d.transform
      ? h(
          'div',
          { class: 'tr-kind' },
          h('span', { class: 'kind' }, 'transform'),
          d.transform.error ?? (d.transform.applied ? 'applied' : 'no change'),
        )
      : null,
    ...kinds.map(kindView),
  );
}

/** One filter kind: its entries when it has a list (data, exprs), else its reason. */
function kindView(k) {
  const items = k.items ?? [];
  const line = (pass, text) => [h('span', { class: `mark ${pass ? 'ok' : 'no'}` }, pass ? '✓' : '✗'), text];
  return h(
    'div',
    { class: `tr-kind ${k.pass ? 'pass' : 'fail'}` },
    h('span', { class: 'kind' }, k.kind),
    items.length
      ? h('ul', {}, ...items.map((it) => h('li', {}, ...line(it.pass, it.error ?? it.reason))))
      : h('span', {}, ...line(k.pass, k.error ?? k.reason)),
  );
}

function triggerVerdict(v) {
  return h(
    'div',
    { class: `tr-trig ${v.wouldFire ? 'pass' : ''}` },
    h('span', { class: 'kind' }, 'trigger'),
    h('b', {}, v.trigger),
    h('code', {}, v.conditions),
    h('span', { class: 'reason' }, v.reason),
  );
}
