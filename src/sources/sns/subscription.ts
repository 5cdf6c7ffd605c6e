/**
 * The SNS subscription of an `sns` event, as upstream manages it: on activation Subscribe
 * `webhook.url + endpoint` to `topicArn` (SNS then sends the SubscriptionConfirmation the route
 * confirms), on stop Unsubscribe the confirmed subscription. Only when `webhook.url` is set: without a
 * public URL there is nothing to subscribe, and the topic owner subscribes the endpoint themselves.
 * @module
 */
import { SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import type { SNSEventSource } from '../../api/index.js';
import { awsClientConfig, awsErrorText } from '../aws/index.js';
import { brokerClientName, connectBackoff, withConnectRetry } from '../broker/index.js';
import type { ListenerContext } from '../types.js';
import { hookUrl, sourceError } from '../webhook/context.js';

export class SnsSubscription {
  /** Set once the route confirmed the subscription (ConfirmSubscription's answer). */
  arn: string | undefined;
  private readonly client: SNSClient;

  constructor(private readonly ctx: ListenerContext<SNSEventSource>) {
    this.client = new SNSClient({
      ...awsClientConfig(ctx.config, ctx.secrets, brokerClientName(ctx)),
      maxAttempts: 1,
    });
  }

  /** Subscribe the hook URL (idempotent at SNS); retried as a broker's first connection. */
  async subscribe(): Promise<void> {
    const cfg = this.ctx.config;
    const endpoint = hookUrl(cfg.webhook.url!, cfg.webhook.endpoint);
    const protocol = endpoint.startsWith('https:') ? 'https' : 'http';
    try {
      await withConnectRetry(
        connectBackoff(undefined),
        this.ctx.signal,
        () =>
          this.client.send(
            new SubscribeCommand({ TopicArn: cfg.topicArn, Protocol: protocol, Endpoint: endpoint }),
            {
              abortSignal: this.ctx.signal,
            },
          ),
        (err, k) =>
          this.ctx.logger.warn(
            { attempt: k + 1, reason: awsErrorText(err) },
            'failed to subscribe to the SNS topic',
          ),
      );
    } catch (err) {
      this.client.destroy();
      throw sourceError(this.ctx, `failed to subscribe ${endpoint} to ${cfg.topicArn}: ${awsErrorText(err)}`);
    }
    this.ctx.logger.info(
      { topicArn: cfg.topicArn, endpoint },
      'subscribed to the SNS topic, waiting for the confirmation',
    );
  }

  /** Unsubscribe the confirmed subscription (a failure is logged: the topic owner can remove it). */
  async close(): Promise<void> {
    try {
      if (this.arn) {
        await this.client.send(new UnsubscribeCommand({ SubscriptionArn: this.arn }));
        this.ctx.logger.info({ subscriptionArn: this.arn }, 'unsubscribed from the SNS topic');
      }
    } catch (err) {
      this.ctx.logger.warn(
        { subscriptionArn: this.arn, reason: awsErrorText(err) },
        'failed to unsubscribe from the SNS topic',
      );
    } finally {
      this.client.destroy();
    }
  }
}
