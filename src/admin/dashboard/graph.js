// The flow graph: event sources → events → dependencies → triggers, in four columns of SVG nodes with
// live counts. The structure is rebuilt only when it changes; counts and states update in place so the
// "flash" of a node that just saw traffic is not cut short by a refresh.
import { h, s } from './dom.js';

const COLUMNS = ['Event sources', 'Events', 'Dependencies', 'Triggers'];
const NODE_H = 50;
const GAP_Y = 12;
const TOP = 34;

/** Nodes and edges from the /api/v1/resources answer. */
export function graphModel(res) {
  const nodes = new Map();
  const edges = [];
  const add = (n) => (nodes.has(n.id) ? nodes.get(n.id) : (nodes.set(n.id, n), n));
  for (const src of res.eventSources) {
    const total = src.events.reduce((a, e) => a + e.received, 0);
    add({
      id: `s:${src.name}`,
      col: 0,
      title: src.name,
      sub: `${src.events.length} event${src.events.length === 1 ? '' : 's'}`,
      status: src.ready ? 'ok' : src.state === 'failed' ? 'bad' : 'wait',
      counts: [['', total]],
      tip: src.message,
      kind: 'source',
      ref: src.name,
    });
    for (const ev of src.events) {
      add({
        id: `e:${src.name}/${ev.eventName}`,
        col: 1,
        title: ev.eventName,
        sub: ev.type,
        status: ev.ok ? 'ok' : ev.state === 'failed' ? 'bad' : 'wait',
        counts: [['', ev.received]],
        tip: ev.message,
        kind: 'event',
        ref: src.name,
      });
      edges.push([`s:${src.name}`, `e:${src.name}/${ev.eventName}`]);
    }
  }
  for (const sensor of res.sensors) {
    for (const d of sensor.dependencies) {
      const evId = `e:${d.eventSourceName}/${d.eventName}`;
      add({
        id: evId,
        col: 1,
        title: d.eventName,
        sub: `${d.eventSourceName} · not hosted here`,
        status: 'ext',
        counts: [],
        kind: 'event',
        ref: d.eventSourceName,
      });
      const id = `d:${sensor.name}/${d.name}`;
      add({
        id,
        col: 2,
        title: d.name,
        sub: `sensor ${sensor.name}`,
        kind: 'dependency',
        ref: sensor.name,
        source: d.eventSourceName,
        status: d.filtered > 0 && d.passed === 0 ? 'warn' : 'ok',
        counts: [
          ['pass', d.passed],
          ['filtered', d.filtered],
        ],
      });
      edges.push([evId, id]);
    }
    for (const t of sensor.triggers) {
      const id = `t:${sensor.name}/${t.name}`;
      add({
        id,
        col: 3,
        title: t.name,
        sub: `${sensor.name} · ${t.type ?? '?'}`,
        kind: 'trigger',
        ref: `${sensor.name}/${t.name}`,
        status: !sensor.ready ? 'wait' : t.failed > 0 ? 'bad' : 'ok',
        tip: t.lastError,
        counts: [
          ['ok', t.succeeded],
          ['fail', t.failed],
        ],
      });
      for (const dn of t.dependencies) edges.push([`d:${sensor.name}/${dn}`, id]);
    }
  }
  return { nodes: [...nodes.values()], edges };
}

/** Order each column by the mean position of its inputs (fewer crossings), then lay out. */
function layout(model, width) {
  const cols = [[], [], [], []];
  for (const n of model.nodes) cols[n.col].push(n);
  const pos = new Map();
  cols[0].forEach((n, i) => pos.set(n.id, i));
  for (let c = 1; c < 4; c++) {
    const score = (n) => {
      const ins = model.edges
        .filter(([, to]) => to === n.id)
        .map(([from]) => pos.get(from))
        .filter((v) => v !== undefined);
      return ins.length ? ins.reduce((a, b) => a + b, 0) / ins.length : Infinity;
    };
    cols[c] = cols[c]
      .map((n, i) => ({ n, k: score(n), i }))
      .sort((a, b) => a.k - b.k || a.i - b.i)
      .map((x) => x.n);
    cols[c].forEach((n, i) => pos.set(n.id, i));
  }
  const rows = Math.max(1, ...cols.map((c) => c.length));
  const height = TOP + rows * (NODE_H + GAP_Y) + 4;
  const gapX = Math.max(28, width * 0.05);
  const nodeW = Math.max(140, (width - gapX * 3 - 2) / 4);
  const at = new Map();
  cols.forEach((col, c) => {
    const offset = ((rows - col.length) * (NODE_H + GAP_Y)) / 2;
    col.forEach((n, i) =>
      at.set(n.id, { x: 1 + c * (nodeW + gapX), y: TOP + offset + i * (NODE_H + GAP_Y), n }),
    );
  });
  return { at, height, nodeW, gapX, cols };
}

function fit(text, px) {
  const max = Math.max(4, Math.floor(px / 7.2));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export class FlowGraph {
  constructor(host, { onSelect } = {}) {
    this.host = host;
    this.onSelect = onSelect;
    this.key = '';
    this.els = new Map();
    this.width = 0;
  }

  render(res) {
    const model = graphModel(res);
    const cs = getComputedStyle(this.host);
    const inner = this.host.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const width = Math.max(720, Math.floor(inner));
    const key = JSON.stringify([width, model.nodes.map((n) => n.id), model.edges]);
    if (key !== this.key) this.build(model, width);
    this.key = key;
    for (const n of model.nodes) this.update(n);
    if (!model.nodes.length) {
      this.key = '';
      this.host.replaceChildren(h('p', { class: 'empty-note' }, 'No EventSource or Sensor is running.'));
    }
  }

  build(model, width) {
    const L = layout(model, width);
    const svg = s('svg', {
      viewBox: `0 0 ${width} ${L.height}`,
      width,
      height: L.height,
      role: 'img',
      'aria-label': 'Flow graph',
    });
    COLUMNS.forEach((label, c) =>
      svg.append(
        s('text', { class: 'col-label', x: 1 + c * (L.nodeW + L.gapX), y: 14 }, label.toUpperCase()),
      ),
    );
    const edgeLayer = s('g', { class: 'edges' });
    svg.append(edgeLayer);
    for (const [from, to] of model.edges) {
      const a = L.at.get(from);
      const b = L.at.get(to);
      if (!a || !b) continue;
      const x1 = a.x + L.nodeW,
        y1 = a.y + NODE_H / 2,
        x2 = b.x,
        y2 = b.y + NODE_H / 2,
        mx = (x1 + x2) / 2;
      edgeLayer.append(
        s('path', {
          d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`,
          class: 'edge',
          'data-to': to,
          'data-from': from,
        }),
      );
    }
    this.els.clear();
    for (const { x, y, n } of L.at.values()) {
      const g = s('g', { class: 'node', transform: `translate(${x},${y})`, 'data-id': n.id, tabindex: 0 });
      const tip = s('title');
      const counts = s('text', { class: 'counts', x: L.nodeW - 12, y: 30, 'text-anchor': 'end' });
      g.append(
        tip,
        s('rect', { width: L.nodeW, height: NODE_H, rx: 9 }),
        s('rect', { class: 'bar', width: 4, height: NODE_H - 16, x: 0, y: 8, rx: 2 }),
        s('text', { class: 'title', x: 14, y: 21 }, fit(n.title, L.nodeW - 80)),
        s('text', { class: 'sub', x: 14, y: 38 }, fit(n.sub, L.nodeW - 80)),
        counts,
      );
      g.addEventListener('click', () => this.onSelect?.(n));
      g.addEventListener('keydown', (e) => e.key === 'Enter' && this.onSelect?.(n));
      svg.append(g);
      this.els.set(n.id, { g, tip, counts });
    }
    this.host.replaceChildren(svg);
  }

  update(n) {
    const el = this.els.get(n.id);
    if (!el) return;
    const flashing = [...el.g.classList].filter((c) => c.startsWith('flash'));
    el.g.setAttribute('class', ['node', `st-${n.status}`, ...flashing].join(' '));
    el.tip.textContent = [`${n.title} (${n.sub})`, n.tip].filter(Boolean).join('\n');
    el.counts.replaceChildren(
      ...n.counts.flatMap(([label, v], i) => [
        s(
          'tspan',
          { class: `c-${label || 'n'}${v === 0 ? ' zero' : ''}`, dx: i ? 10 : 0 },
          label === 'ok' || label === 'pass'
            ? `✓ ${v}`
            : label === 'fail' || label === 'filtered'
              ? `✗ ${v}`
              : String(v),
        ),
      ]),
    );
    for (const p of this.host.querySelectorAll(`path[data-to="${CSS.escape(n.id)}"]`))
      p.classList.toggle('st-bad', n.status === 'bad');
  }

  /** Briefly highlight a node and its incoming edges (traffic just passed). */
  flash(id, kind = 'flash') {
    const el = this.els.get(id);
    if (!el) return;
    const targets = [el.g, ...this.host.querySelectorAll(`path[data-to="${CSS.escape(id)}"]`)];
    for (const t of targets) {
      t.classList.remove('flash', 'flash-bad', 'flash-warn');
      void t.getBoundingClientRect(); // restart the animation
      t.classList.add(kind);
    }
  }
}
