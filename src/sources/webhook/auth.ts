/**
 * `authSecret`: a bearer token every request must carry (spec/eventsource.md §2.6), with upstream's
 * reply texts. The token is read once at start; if it cannot be read, each request retries the read and
 * is answered 500 `Error loading auth token` while it still fails.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import { LOG_FIELDS } from '../../api/index.js';
import type { SecretKeySelector } from '../../api/index.js';
import type { ListenerContext } from '../types.js';

export interface AuthState {
  ref?: SecretKeySelector;
  token?: Buffer;
}

/** Read the token now (a failure is logged and answered per request, as upstream). */
export function resolveAuth(ctx: ListenerContext<unknown>, ref: SecretKeySelector | undefined): AuthState {
  if (!ref) return {};
  const state: AuthState = { ref };
  load(ctx, state);
  return state;
}

function load(ctx: ListenerContext<unknown>, state: AuthState): boolean {
  try {
    state.token = Buffer.from(ctx.secrets.secret(state.ref!), 'utf8');
    return true;
  } catch (err) {
    ctx.logger.error({ [LOG_FIELDS.error]: err }, 'failed to get auth secret');
    return false;
  }
}

/** `undefined` when the header carries the token; else the refusal to send. */
export function checkBearer(
  ctx: ListenerContext<unknown>,
  state: AuthState,
  header: string | undefined,
): { status: number; message: string } | undefined {
  if (!state.token && !load(ctx, state)) return { status: 500, message: 'Error loading auth token' };
  if (!header?.startsWith('Bearer ')) return { status: 401, message: 'Invalid Authorization Header' };
  const given = Buffer.from(header.slice(7), 'utf8');
  const want = state.token!;
  if (given.length !== want.length || !timingSafeEqual(given, want))
    return { status: 401, message: 'Invalid Auth token' };
  return undefined;
}
