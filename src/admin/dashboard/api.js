// Calls to the admin API (same origin; a token session travels as a cookie).
async function get(path) {
  const r = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  // the session is gone (e.g. the process restarted with a new token): the page shows the login form
  if (r.status === 401) location.reload();
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

// JSON POST; an error answer's message is thrown as is (the replay form shows it)
async function post(path, body) {
  const r = await fetch(path, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  if (r.status === 401) location.reload();
  const answer = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(answer.error ?? `${path}: HTTP ${r.status}`);
  return answer;
}

export const api = {
  resources: () => get('/api/v1/resources'),
  events: (limit = 100) => get(`/api/v1/events?limit=${limit}&traces=1`),
  executions: (limit = 50) => get(`/api/v1/executions?limit=${limit}`),
  triggers: (sensor) => get(`/api/v1/sensors/${encodeURIComponent(sensor)}/triggers`),
  trace: (id) => get(`/api/v1/events/${encodeURIComponent(id)}/trace`),
  spans: (traceId) => get(`/api/v1/traces/${encodeURIComponent(traceId)}`),
  replay: (sensor, trigger, body) =>
    post(
      `/api/v1/sensors/${encodeURIComponent(sensor)}/triggers/${encodeURIComponent(trigger)}/replay`,
      body,
    ),
};
