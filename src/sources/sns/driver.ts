/**
 * The `sns` type (spec/eventsource.md §4): an HTTP endpoint on the shared webhook server that SNS
 * delivers to. `SubscriptionConfirmation` → the subscription is confirmed by a GET of its `SubscribeURL`
 * (what SNS's ConfirmSubscription action with the token does; no event). `Notification` → an event
 * `{"header", "body": <the SNS JSON as received>, "metadata"}`, answered 200 only after JetStream
 * stored it. With `validateSignature`, a message whose signature does not verify (forged, unsigned, a
 * certificate from an untrusted place) is refused with 401 and not published. A message for another
 * topic than `topicArn` is refused with 400. With `webhook.url`, the endpoint is subscribed to the topic
 * once the route is active and unsubscribed on stop (src/sources/sns/subscription.ts); without it the
 * topic owner subscribes `<public url>+endpoint` themselves.
 * @module
 */
import { LOG_FIELDS } from '../../api/index.js';
import type { SNSEventSource } from '../../api/index.js';
import type { ListenerContext, SourceDriver } from '../types.js';
import { HttpError } from '../webhook/http.js';
import { startWebhookListener } from '../webhook/listener.js';
import { headersBodyData, metadataSuffix } from '../webhook/payload.js';
import { SnsSubscription } from './subscription.js';
import { CertCache, signatureProblem, trustedSnsUrl, type SnsMessage } from './verify.js';

const CONFIRM_TIMEOUT_MS = 10_000;

export const snsDriver: SourceDriver<SNSEventSource> = {
  type: 'sns',
  async start(ctx) {
    const cfg = ctx.config;
    const meta = metadataSuffix(cfg.metadata);
    const certs = new CertCache();
    const subscription = cfg.webhook.url ? new SnsSubscription(ctx) : undefined;
    const listener = await startWebhookListener(ctx, {
      webhook: cfg.webhook,
      handler: async (req) => {
        const text = (await req.body()).toString('utf8');
        const m = parse(text);
        if (m.TopicArn !== cfg.topicArn) throw new HttpError(400, 'the message is for another topic', true);
        if (cfg.validateSignature) {
          const problem = await signatureProblem(m, certs, cfg.endpoint);
          if (problem) {
            ctx.logger.warn(
              { messageId: m.MessageId, type: m.Type, reason: problem },
              'refused an SNS message',
            );
            throw new HttpError(401, `invalid SNS message signature: ${problem}`, true);
          }
        }
        switch (m.Type) {
          case 'SubscriptionConfirmation': {
            const arn = await confirm(ctx, m);
            if (subscription && arn) subscription.arn = arn;
            return;
          }
          case 'Notification':
            await ctx.dispatch(headersBodyData('header', req.headers, text, meta));
            return;
          case 'UnsubscribeConfirmation':
            ctx.logger.info({ topicArn: m.TopicArn }, 'the SNS subscription was removed');
            return;
          default:
            throw new HttpError(400, `unknown SNS message type ${JSON.stringify(m.Type ?? null)}`, true);
        }
      },
    });
    if (!subscription) return listener;
    try {
      await subscription.subscribe();
    } catch (err) {
      await listener.stop();
      throw err;
    }
    return {
      async stop() {
        await listener.stop();
        await subscription.close();
      },
    };
  },
};

function parse(text: string): SnsMessage {
  try {
    const v = JSON.parse(text) as unknown;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as SnsMessage;
  } catch {
    // answered below
  }
  throw new HttpError(400, 'failed to parse the notification', true);
}

/** GET the SubscribeURL (trusted places only); a failure answers 500 so SNS sends the confirmation again. */
async function confirm(ctx: ListenerContext<SNSEventSource>, m: SnsMessage): Promise<string | undefined> {
  if (!trustedSnsUrl(m.SubscribeURL, ctx.config.endpoint))
    throw new HttpError(400, 'SubscribeURL is not a trusted SNS location', true);
  let res: Response;
  try {
    res = await fetch(m.SubscribeURL!, {
      signal: AbortSignal.timeout(CONFIRM_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (err) {
    ctx.logger.error({ [LOG_FIELDS.error]: err }, 'failed to confirm the SNS subscription');
    throw new HttpError(500, 'failed to confirm the subscription');
  }
  const body = await res.text();
  if (!res.ok) {
    ctx.logger.error({ status: res.status }, 'failed to confirm the SNS subscription');
    throw new HttpError(500, 'failed to confirm the subscription');
  }
  const arn = /<SubscriptionArn>([^<]*)<\/SubscriptionArn>/.exec(body)?.[1];
  ctx.logger.info({ topicArn: m.TopicArn, subscriptionArn: arn }, 'SNS subscription confirmed');
  return arn;
}
