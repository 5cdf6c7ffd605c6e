/**
 * A webhook-style listener: its route, plus (for types that register hooks with a provider) a
 * {@link HookManager}. Stopping closes the route first, then cleans up the hooks, as upstream's
 * `PostInactivate`.
 * @module
 */
import type { Listener, ListenerContext } from '../types.js';
import { HookManager, type HookManagerOptions } from './hook-manager.js';
import { openWebhookRoute, type WebhookRouteOptions } from './route.js';

/** A started webhook listener; `hooks` is exposed so tests can wait for the first registration. */
export interface WebhookListener extends Listener {
  port: number;
  hooks?: HookManager;
}

/** Open the route, then start managing hooks (when `hooks` is given). */
export async function startWebhookListener(
  ctx: ListenerContext<unknown>,
  route: WebhookRouteOptions,
  hooks?: Omit<HookManagerOptions, 'logger'>,
): Promise<WebhookListener> {
  const r = await openWebhookRoute(ctx, route);
  const mgr = hooks ? new HookManager({ ...hooks, logger: ctx.logger }) : undefined;
  mgr?.start();
  return {
    port: r.port,
    hooks: mgr,
    async stop() {
      await r.close();
      await mgr?.stop();
    },
  };
}
