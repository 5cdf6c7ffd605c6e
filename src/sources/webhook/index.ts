/**
 * The shared webhook HTTP(S) server and the `webhook` type; the building blocks other webhook-style
 * types (github, gitlab, slack, ...) use.
 * @module
 */
export { webhookDriver } from './driver.js';
export {
  openWebhookRoute,
  DEFAULT_MAX_PAYLOAD_SIZE,
  type WebhookRequest,
  type WebhookReply,
  type WebhookHandler,
  type WebhookRoute,
  type WebhookRouteOptions,
} from './route.js';
export { webhookServers, WebhookServers, RouteConflictError, type RouteRegistration } from './servers.js';
export { HttpError, BODY_TOO_LARGE, canonicalHeaderKey, valuesOf } from './http.js';
export { headersBodyData, metadataSuffix, requireJson } from './payload.js';
export { hookUrl, sourceError } from './context.js';
export { ProviderApi, ProviderApiError, type ProviderApiOptions } from './provider-api.js';
export { HookManager, type HookManagerOptions } from './hook-manager.js';
export { startWebhookListener, type WebhookListener } from './listener.js';
