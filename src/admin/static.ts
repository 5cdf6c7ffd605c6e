/**
 * The dashboard's static files (plain HTML/CSS/JS modules, no build step). They live in
 * `src/admin/dashboard/`; this module runs either from `src/admin` (tsx) or from `dist/admin` (tsc),
 * so both `./dashboard` and `../../src/admin/dashboard` are tried. Files are read once and served from
 * memory; only names found in that folder are served (no path from the request reaches the disk).
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['./dashboard/', '../../src/admin/dashboard/'];

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  json: 'application/json',
  ico: 'image/x-icon',
  png: 'image/png',
};

export interface Asset {
  type: string;
  body: Buffer;
}

/** The folder holding the dashboard, or undefined when it is not shipped. */
export function dashboardDir(): string | undefined {
  for (const c of CANDIDATES) {
    const dir = fileURLToPath(new URL(c, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return undefined;
}

/** Every servable file of `dir` by URL path (`/` is `index.html`). */
export function loadAssets(dir: string | undefined = dashboardDir()): Map<string, Asset> {
  const out = new Map<string, Asset>();
  if (!dir) return out;
  for (const name of readdirSync(dir)) {
    const ext = name.slice(name.lastIndexOf('.') + 1);
    const type = TYPES[ext];
    if (!type || name.startsWith('.')) continue;
    out.set(`/${name}`, { type, body: readFileSync(`${dir}${name}`) });
  }
  const index = out.get('/index.html');
  if (index) out.set('/', index);
  return out;
}
