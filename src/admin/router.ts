/** A tiny router: exact segments and `:param` segments, per method; 404/405 come from errors.ts. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, MethodNotAllowedError, NotFoundError } from './errors.js';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
}

export type Handler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: split(pattern), handler });
    return this;
  }

  /** The handler and params for a request. @throws NotFoundError, MethodNotAllowedError */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } {
    const parts = split(path);
    const allowed: string[] = [];
    for (const r of this.routes) {
      const params = matchSegments(r.segments, parts);
      if (!params) continue;
      if (r.method === method || (method === 'HEAD' && r.method === 'GET'))
        return { handler: r.handler, params };
      allowed.push(r.method);
    }
    if (allowed.length) throw new MethodNotAllowedError(allowed);
    throw new NotFoundError();
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, p] of pattern.entries()) {
    const part = parts[i]!;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(part);
      } catch {
        throw new BadRequestError(`malformed path segment "${part}"`);
      }
    } else if (p !== part) return undefined;
  }
  return params;
}
