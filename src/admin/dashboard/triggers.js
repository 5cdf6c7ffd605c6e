// Per trigger: its conditions and which dependencies are satisfied (and since when); and the list of
// recent executions with outcome, duration and error.
import { ago, clock, fill, h } from './dom.js';
import { replayForm } from './replay.js';
import { traceDetails } from './traces.js';

/** Render every sensor's triggers (answers of /api/v1/sensors/:name/triggers). */
export function renderTriggers(host, answers) {
  const cards = answers.flatMap((a) =>
    a.triggers.map((t) => {
      const last = t.lastExecution;
      return h(
        'article',
        {
          class: `trig ${t.failed > 0 && last?.outcome === 'failed' ? 'is-bad' : ''}`,
          id: `trigger-${a.sensor}/${t.name}`,
          'data-trigger': `${a.sensor}/${t.name}`,
        },
        h(
          'header',
          {},
          h('div', {}, h('b', {}, t.name), h('span', { class: 'muted' }, ` · ${a.sensor}`)),
          h('span', { class: 'tag' }, t.type ?? '?'),
        ),
        h('code', { class: 'cond', title: 'conditions' }, t.conditions),
        h(
          'ul',
          { class: 'deps' },
          ...t.dependencies.map((d) =>
            h(
              'li',
              { class: d.satisfied ? 'sat' : '', title: d.lastReason ?? '' },
              h('span', { class: 'dot', 'aria-hidden': 'true' }),
              h('span', { class: 'dep-name' }, d.name),
              h(
                'span',
                { class: 'dep-when' },
                d.satisfied
                  ? `satisfied ${clock(d.satisfiedAt)}`
                  : d.lastPassedAt
                    ? `last passed ${ago(d.lastPassedAt)}`
                    : d.lastFilteredAt
                      ? `filtered ${ago(d.lastFilteredAt)}`
                      : 'waiting',
              ),
            ),
          ),
        ),
        h(
          'footer',
          {},
          h('span', { class: 'ok' }, `✓ ${t.succeeded}`),
          h('span', { class: t.failed ? 'bad' : 'muted' }, `✗ ${t.failed}`),
          last
            ? h(
                'span',
                { class: 'muted', title: last.finishedAt },
                `last ${last.outcome} ${ago(last.finishedAt)} · ${last.durationMs} ms`,
              )
            : h('span', { class: 'muted' }, 'not run yet'),
        ),
        last?.error ? h('p', { class: 'err', title: last.error }, last.error) : null,
        replayForm(a.sensor, t.name),
      );
    }),
  );
  fill(host, cards.length ? cards : h('p', { class: 'muted empty-note' }, 'No sensors.'));
}

/** Render the executions (newest first). */
export function renderExecutions(host, execs) {
  if (!execs.length) return fill(host, h('p', { class: 'muted empty-note' }, 'No trigger has run yet.'));
  fill(
    host,
    h(
      'table',
      { class: 'execs' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Time'),
          h('th', {}, 'Trigger'),
          h('th', {}, 'Outcome'),
          h('th', { class: 'num' }, 'Duration'),
        ),
      ),
      h(
        'tbody',
        {},
        ...execs
          .slice(0, 50)
          .map((e) =>
            h(
              'tr',
              { class: `o-${e.outcome}` },
              h('td', { title: e.finishedAt }, clock(e.finishedAt)),
              h(
                'td',
                {},
                h('b', {}, e.trigger),
                h('span', { class: 'muted' }, ` · ${e.sensor}`),
                e.deadLetter ? h('span', { class: 'tag' }, 'dlq') : null,
                e.error ? h('div', { class: 'err', title: e.error }, e.error) : null,
                e.traceId ? traceDetails(e.traceId) : null,
              ),
              h('td', {}, h('span', { class: `pill o-${e.outcome}` }, e.outcome)),
              h('td', { class: 'num' }, `${e.durationMs} ms`),
            ),
          ),
      ),
    ),
  );
}
