/**
 * The page a browser gets instead of the dashboard when the admin has a token and the browser has no
 * session yet: a form that posts the token once and receives the session cookie. It reveals nothing
 * about the process. Self-contained (inline style) because the dashboard's own files need a session.
 * @module
 */

/** The login page HTML, optionally with an error line. */
export function loginPage(error?: string): string {
  const err = error ? `<p class="err" role="alert">${escapeHtml(error)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>jetflow · sign in</title>
<style>
:root{color-scheme:light dark;--bg:#f6f7f9;--fg:#1c2430;--muted:#5b6675;--card:#fff;--line:#dfe3e8;--accent:#2f6fde;--bad:#c2410c}
@media (prefers-color-scheme:dark){:root{--bg:#0f1318;--fg:#e4e8ee;--muted:#94a0b0;--card:#171c23;--line:#2a313b;--accent:#6ea0ff;--bad:#fb923c}}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
form{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:28px;width:min(360px,90vw)}
h1{font-size:18px;margin:0 0 4px}p{color:var(--muted);margin:0 0 16px}
input{width:100%;box-sizing:border-box;padding:9px 11px;border:1px solid var(--line);border-radius:8px;background:transparent;color:inherit;font:inherit}
button{margin-top:12px;width:100%;padding:9px;border:0;border-radius:8px;background:var(--accent);color:#fff;font:inherit;font-weight:600;cursor:pointer}
.err{color:var(--bad)}
</style></head><body>
<form method="post" action="/login"><h1>jetflow admin</h1><p>Enter the admin token to open the dashboard.</p>${err}
<input type="password" name="token" autocomplete="current-password" aria-label="Admin token" required autofocus>
<button type="submit">Sign in</button></form></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
