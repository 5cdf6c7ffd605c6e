// The dashboard: loads state from the API, then follows the live stream (/api/v1/stream). On every
// reconnect it reloads everything, so nothing missed while disconnected stays missing.
import { api } from './api.js';
import { fill, h } from './dom.js';
import { EventList } from './events.js';
import { FlowGraph } from './graph.js';
import { renderExecutions, renderTriggers } from './triggers.js';

const $ = (sel) => document.querySelector(sel);
const state = { resources: null, executions: [], triggers: [], seen: 0 };

const graph = new FlowGraph($('#graph'), { onSelect: select });
const list = new EventList($('#events'), { loadTrace: api.trace });

function select(node) {
  if (node.kind === 'trigger') {
    const card = document.querySelector(`[data-trigger="${CSS.escape(node.ref)}"]`);
    card?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    card?.classList.add('focus');
    setTimeout(() => card?.classList.remove('focus'), 1500);
    return;
  }
  const source = node.kind === 'dependency' ? node.source : node.ref;
  $('#source-filter').value = source;
  applyFilter();
  $('#events-card').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function applyFilter() {
  list.setFilter($('#source-filter').value);
}

function renderHeader(res) {
  const bus = res.eventBus;
  const busEl = $('#bus');
  if (!bus) {
    busEl.className = 'pill bad';
    busEl.textContent = 'EventBus not started';
  } else {
    const nodes = bus.nodes.length
      ? ` · ${bus.nodes.filter((n) => n.healthy).length}/${bus.nodes.length} nodes`
      : '';
    busEl.className = `pill ${bus.ready ? 'ok' : 'bad'}`;
    busEl.textContent = `EventBus ${bus.name}${nodes}`;
    busEl.title = bus.conditions
      .map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`)
      .join('\n');
  }
  const ready = $('#ready');
  ready.className = `pill ${res.ready ? 'ok' : 'bad'}`;
  ready.textContent = res.ready ? 'Ready' : `Not ready · ${res.notReady.length}`;
  const notice = $('#not-ready');
  notice.hidden = res.ready;
  fill(notice, res.ready ? [] : h('ul', {}, ...res.notReady.map((r) => h('li', {}, r))));
  const sel = $('#source-filter');
  const names = [
    ...new Set([
      ...res.eventSources.map((s) => s.name),
      ...res.sensors.flatMap((s) => s.dependencies.map((d) => d.eventSourceName)),
    ]),
  ];
  const have = [...sel.options].map((o) => o.value);
  for (const n of names) if (!have.includes(n)) sel.append(h('option', { value: n }, n));
}

function render() {
  if (!state.resources) return;
  renderHeader(state.resources);
  graph.render(state.resources);
  renderTriggers($('#triggers'), state.triggers);
  renderExecutions($('#executions'), state.executions);
  $('#event-count').textContent = state.seen ? String(state.seen) : '';
}

async function refresh() {
  const res = await api.resources();
  const triggers = await Promise.all(
    res.sensors.map((s) => api.triggers(s.name).catch(() => ({ sensor: s.name, triggers: [] }))),
  );
  state.resources = res;
  state.triggers = triggers;
  state.seen = res.eventSources.reduce((a, s) => a + s.events.reduce((b, e) => b + e.received, 0), 0);
  render();
}

async function loadAll() {
  const [events, execs] = await Promise.all([api.events(100), api.executions(50)]);
  list.reset(events.events);
  state.executions = execs.executions;
  await refresh();
}

let timer;
function scheduleRefresh(ms = 250) {
  if (timer) return;
  timer = setTimeout(() => {
    timer = undefined;
    refresh().catch(() => setLive('error'));
  }, ms);
}

function setLive(s) {
  const el = $('#live');
  el.dataset.state = s;
  el.querySelector('span').textContent = { live: 'live', connecting: 'connecting', error: 'reconnecting' }[s];
}

function connect() {
  const es = new EventSource('/api/v1/stream');
  // (re)load on every open: the first load, and whatever was missed while disconnected
  es.addEventListener('open', () => {
    setLive('live');
    loadAll().catch(() => setLive('error'));
  });
  es.addEventListener('error', () => setLive('error'));
  es.addEventListener('event', (m) => {
    const ev = JSON.parse(m.data);
    list.add(ev, undefined);
    graph.flash(`s:${ev.source}`);
    graph.flash(`e:${ev.source}/${ev.subject}`);
    scheduleRefresh();
  });
  es.addEventListener('trace', (m) => {
    const t = JSON.parse(m.data);
    list.addTrace(t);
    for (const d of t.dependencies)
      graph.flash(`d:${t.sensor}/${d.dependency}`, d.passed ? 'flash' : 'flash-warn');
    scheduleRefresh();
  });
  es.addEventListener('execution', (m) => {
    const e = JSON.parse(m.data);
    state.executions = [e, ...state.executions].slice(0, 100);
    renderExecutions($('#executions'), state.executions);
    graph.flash(`t:${e.sensor}/${e.trigger}`, e.outcome === 'failed' ? 'flash-bad' : 'flash');
    scheduleRefresh();
  });
  es.addEventListener('status', () => scheduleRefresh(0));
}

$('#source-filter').addEventListener('change', applyFilter);
addEventListener('resize', () => state.resources && graph.render(state.resources));
setInterval(() => state.resources && renderTriggers($('#triggers'), state.triggers), 10_000);
connect();
