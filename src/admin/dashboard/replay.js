// The replay form of a trigger's panel: from/to, "Check" (how many stored events match, nothing fires),
// then "Replay N events" (fires them, marked as a replay). One form per trigger, kept across re-renders
// so what is typed and the last answer survive the panel's refreshes.
import { api } from './api.js';
import { fill, h } from './dom.js';

const forms = new Map();

/** The (persistent) replay form of `sensor`/`trigger`. */
export function replayForm(sensor, trigger) {
  const key = `${sensor}/${trigger}`;
  let f = forms.get(key);
  if (!f) forms.set(key, (f = build(sensor, trigger)));
  return f;
}

function build(sensor, trigger) {
  const from = h('input', { name: 'from', placeholder: '-1h, RFC 3339 or sequence', value: '-1h', size: 18 });
  const to = h('input', { name: 'to', placeholder: 'now', size: 18 });
  const out = h('div', { class: 'replay-out', 'aria-live': 'polite' });
  const confirm = h('button', { type: 'button', class: 'replay-confirm', hidden: true }, 'Replay');
  const check = h('button', { type: 'button', class: 'replay-check' }, 'Check');
  let planned;
  const body = () => ({ from: from.value.trim(), ...(to.value.trim() && { to: to.value.trim() }) });
  const busy = (on) => {
    check.disabled = on;
    confirm.disabled = on;
  };
  check.addEventListener('click', async () => {
    busy(true);
    confirm.hidden = true;
    try {
      const p = await api.replay(sensor, trigger, body());
      planned = body();
      fill(out, [
        h('p', {}, `${p.matched} of ${p.scanned} stored events match; ${p.fired} execution(s) would fire.`),
        h(
          'ul',
          { class: 'replay-samples' },
          ...p.events.map((e) =>
            h(
              'li',
              { class: e.dependencies.some((d) => d.passed) ? 'pass' : 'fail' },
              `#${e.seq} ${e.eventId ?? ''} `,
              ...e.dependencies.map((d) =>
                h('span', { title: d.reason }, `${d.dependency}: ${d.passed ? '✓' : '✗'} `),
              ),
            ),
          ),
        ),
      ]);
      confirm.textContent = `Replay ${p.matched} events`;
      confirm.hidden = p.fired === 0;
    } catch (err) {
      fill(out, h('p', { class: 'err' }, err.message));
    } finally {
      busy(false);
    }
  });
  confirm.addEventListener('click', async () => {
    busy(true);
    try {
      const r = await api.replay(sensor, trigger, { ...planned, confirm: true });
      fill(
        out,
        h(
          'p',
          { class: r.failed ? 'err' : 'ok' },
          `Replay ${r.replayId}: fired ${r.fired}, failed ${r.failed}.`,
        ),
      );
      confirm.hidden = true;
    } catch (err) {
      fill(out, h('p', { class: 'err' }, err.message));
    } finally {
      busy(false);
    }
  });
  return h(
    'details',
    { class: 'replay' },
    h('summary', {}, 'Replay'),
    h(
      'div',
      { class: 'replay-row' },
      h('label', {}, 'from ', from),
      h('label', {}, 'to ', to),
      check,
      confirm,
    ),
    out,
  );
}
