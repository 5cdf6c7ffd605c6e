/** Webhook-based services: `slack`, `stripe`, `sns`, `storageGrid` (spec/eventsource.md §3.17, §3.18, §4). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { obj, secretKeySelector, tlsConfig } from '../common.js';
import { checkFilter, checkTls } from './checks.js';
import { eventSourceFilter, required, userMetadata } from './shared.js';
import { checkWebhookContext, webhookContext } from './webhook.js';

export const slackEventSource = obj({
  /** Signing secret used to verify every request (failure → 401). Required. */
  signingSecret: secretKeySelector,
  /** Bot token. Required. */
  token: secretKeySelector,
  webhook: webhookContext,
  /** Not copied into Slack event data (upstream ignores it). */
  metadata: userMetadata.optional(),
  filter: eventSourceFilter.optional(),
});
export type SlackEventSource = z.infer<typeof slackEventSource>;

/** Semantic rules of `spec.slack.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkSlack(cfg: SlackEventSource, at: PathSeg[], sink: IssueSink): void {
  if (cfg.metadata && Object.keys(cfg.metadata).length > 0)
    sink.warn([...at, 'metadata'], 'metadata is ignored: slack events carry the Slack payload only');
  checkWebhookContext(cfg.webhook, [...at, 'webhook'], sink);
  checkFilter(cfg.filter, at, sink);
}

export const stripeEventSource = obj({
  webhook: webhookContext,
  /** Create a Stripe webhook endpoint for `webhook.url` + `endpoint` on activation (needs `apiKey`). */
  createWebhook: z.boolean().optional(),
  /** Stripe API key, used only with `createWebhook`. */
  apiKey: secretKeySelector.optional(),
  /** Stripe event types to accept, e.g. `charge.succeeded`; empty accepts all. */
  eventFilter: z.array(z.string()).optional(),
  metadata: userMetadata.optional(),
});
export type StripeEventSource = z.infer<typeof stripeEventSource>;

/** Semantic rules of `spec.stripe.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkStripe(cfg: StripeEventSource, at: PathSeg[], sink: IssueSink): void {
  if (cfg.createWebhook && !cfg.apiKey)
    sink.error(
      [...at, 'apiKey'],
      'apiKey is required when createWebhook is true (upstream: api key K8s secret selector not provided)',
    );
  if (cfg.createWebhook && !cfg.webhook.url)
    sink.error(
      [...at, 'webhook', 'url'],
      'webhook.url is required when createWebhook is true: it is the public base URL Stripe will call',
    );
  checkWebhookContext(cfg.webhook, [...at, 'webhook'], sink);
}

export const snsEventSource = obj({
  webhook: webhookContext,
  /** Topic to subscribe `webhook.url` + `endpoint` to. Required. */
  topicArn: required('must specify topic arn'),
  accessKey: secretKeySelector.optional(),
  secretKey: secretKeySelector.optional(),
  /** AWS region. Required. */
  region: required('must specify region'),
  /** Role to assume for the API calls. */
  roleARN: z.string().optional(),
  metadata: userMetadata.optional(),
  /** Verify the SNS message signature. */
  validateSignature: z.boolean().optional(),
  filter: eventSourceFilter.optional(),
  /** SNS API endpoint override (e.g. a local emulator). */
  endpoint: z.string().optional(),
});
export type SNSEventSource = z.infer<typeof snsEventSource>;

/** Semantic rules of `spec.sns.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkSns(cfg: SNSEventSource, at: PathSeg[], sink: IssueSink): void {
  if ((cfg.accessKey === undefined) !== (cfg.secretKey === undefined))
    sink.error(
      at,
      'accessKey and secretKey must be set together (or neither, for the default AWS credentials)',
    );
  checkWebhookContext(cfg.webhook, [...at, 'webhook'], sink);
  checkFilter(cfg.filter, at, sink);
}

export const storageGridFilter = obj({
  /** Object key prefix. */
  prefix: z.string().optional(),
  /** Object key suffix. */
  suffix: z.string().optional(),
});

export const storageGridEventSource = obj({
  webhook: webhookContext,
  /** S3 event names, e.g. `s3:ObjectCreated:*`. Required. */
  events: z.array(z.string()),
  /** Filter on the key of the object that caused the notification (not an expression filter). */
  filter: storageGridFilter.optional(),
  topicArn: required('topic arn must be provided'),
  /** Bucket to register notifications for. */
  bucket: required('bucket name must be provided'),
  /** S3 region. @default "us-east-1" */
  region: z.string().optional(),
  /** Token for the StorageGRID API. Required. */
  authToken: secretKeySelector,
  /** StorageGRID management API URL. Required. */
  apiURL: required('api url must be provided'),
  metadata: userMetadata.optional(),
  tls: tlsConfig.optional(),
});
export type StorageGridEventSource = z.infer<typeof storageGridEventSource>;

/** Semantic rules of `spec.storageGrid.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkStorageGrid(cfg: StorageGridEventSource, at: PathSeg[], sink: IssueSink): void {
  checkTls(cfg.tls, [...at, 'tls'], sink);
  checkWebhookContext(cfg.webhook, [...at, 'webhook'], sink);
}
