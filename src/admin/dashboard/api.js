// Calls to the admin API (same origin; a token session travels as a cookie).
async function get(path) {
  const r = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  // the session is gone (e.g. the process restarted with a new token): the page shows the login form
  if (r.status === 401) location.reload();
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

export const api = {
  resources: () => get('/api/v1/resources'),
  events: (limit = 100) => get(`/api/v1/events?limit=${limit}&traces=1`),
  executions: (limit = 50) => get(`/api/v1/executions?limit=${limit}`),
  triggers: (sensor) => get(`/api/v1/sensors/${encodeURIComponent(sensor)}/triggers`),
  trace: (id) => get(`/api/v1/events/${encodeURIComponent(id)}/trace`),
};
