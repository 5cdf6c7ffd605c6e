/**
 * The `slack` trigger driver (spec/sensor.md §10 `slack`; argo-events `pkg/sensors/triggers/slack`
 * through notifications-engine): posts with `chat.postMessage`. Messages with the same
 * `thread.messageAggregationKey` for the same channel go into one thread (the first message's `ts`,
 * kept in memory for the process, as upstream). A rate-limited post waits for `Retry-After` and tries
 * again within the attempt, as upstream does, up to a bound; beyond it the attempt fails, retryable.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SlackTrigger } from '../../api/index.js';
import { applyParameters } from '../../sensors/index.js';
import { describeError, isTransientNetworkError, triggerError } from '../http/index.js';
import type { PreparedTrigger, TriggerContext, TriggerDriver, TriggerEvent } from '../types.js';
import { postMessage, SLACK_API_URL, SLACK_API_URL_ENV } from './api.js';
import { messageBody } from './message.js';

const TYPE = 'slack';
/** Thread keys remembered (oldest forgotten first). */
const MAX_THREADS = 10_000;

export interface SlackDriverOptions {
  /** Web API base URL. @default `$JETFLOW_SLACK_API_URL`, else https://slack.com/api/ */
  apiUrl?: string;
  /** Per request. @default 60000 */
  timeoutMs?: number;
  /** Total time one attempt may wait for rate limits before it fails. @default 30000 */
  maxRateLimitWaitMs?: number;
}

/** Create the `slack` driver; thread timestamps are shared by all triggers it prepares. */
export function createSlackDriver(opts: SlackDriverOptions = {}): TriggerDriver<SlackTrigger> {
  const threads = new Map<string, string>();
  return {
    type: TYPE,
    async prepare(template, ctx) {
      if (!template.slackToken) throw triggerError(TYPE, ctx, "slack token can't be empty", false);
      let token: string;
      try {
        token = ctx.secrets.secret(template.slackToken);
      } catch (err) {
        throw triggerError(TYPE, ctx, `failed to retrieve the slack token: ${describeError(err)}`, false);
      }
      const apiUrl = opts.apiUrl ?? process.env[SLACK_API_URL_ENV] ?? SLACK_API_URL;
      return new PreparedSlack(token, apiUrl, opts, threads);
    },
  };
}

/** The default instance registered for `slack`. */
export const slackDriver = createSlackDriver();

class PreparedSlack implements PreparedTrigger<SlackTrigger> {
  constructor(
    private readonly token: string,
    private readonly apiUrl: string,
    private readonly opts: SlackDriverOptions,
    private readonly threads: Map<string, string>,
  ) {}

  async execute(resolved: SlackTrigger, events: Record<string, TriggerEvent>, ctx: TriggerContext) {
    let t: SlackTrigger;
    let body: Record<string, unknown>;
    try {
      t = applyParameters(resolved, resolved.parameters, events);
      if (!t.channel) throw new Error('no slack channel provided');
      if (!t.message && !t.attachments && !t.blocks)
        throw new Error('no text to post: At least one of message/attachments/blocks should be provided');
      body = messageBody(t, (msg) => ctx.logger.warn(msg));
    } catch (err) {
      throw triggerError(TYPE, ctx, describeError(err), false, err);
    }
    const channel = t.channel.replace(/^#/, '');
    const key = t.thread?.messageAggregationKey ?? '';
    const threadKey = `${channel}\u0000${key}`;
    const ts = key ? this.threads.get(threadKey) : undefined;
    body.channel = channel;
    if (ts) {
      body.thread_ts = ts;
      if (t.thread?.broadcastMessageToChannel) body.reply_broadcast = true;
    }
    ctx.logger.info({ channelName: channel }, 'posting to channel...');
    const posted = await this.post(body, channel, ctx);
    if (key && !ts && posted.ts) this.remember(threadKey, posted.ts);
    ctx.logger.info({ channelName: channel }, 'message successfully sent to channel');
    return { summary: `posted to ${channel}` };
  }

  /** Post, waiting out rate limits within the budget. */
  private async post(body: Record<string, unknown>, channel: string, ctx: TriggerContext) {
    const timeoutMs = this.opts.timeoutMs ?? 60_000;
    let budget = this.opts.maxRateLimitWaitMs ?? 30_000;
    for (;;) {
      const timeout = AbortSignal.timeout(timeoutMs);
      let r;
      try {
        r = await postMessage(this.apiUrl, this.token, body, AbortSignal.any([ctx.signal, timeout]));
      } catch (err) {
        const why = timeout.aborted
          ? `timed out after ${timeoutMs} ms`
          : ctx.signal.aborted
            ? 'stopping'
            : describeError(err);
        const transient =
          timeout.aborted || ctx.signal.aborted || isTransientNetworkError((err as Error).cause ?? err);
        throw triggerError(TYPE, ctx, `failed to post to channel ${channel}: ${why}`, transient);
      }
      if (r.ok) return r;
      const wait = r.retryAfterMs;
      if (r.error === 'ratelimited' && wait !== undefined && wait <= budget && !ctx.signal.aborted) {
        ctx.logger.warn({ channelName: channel, retryAfterMs: wait }, 'rate limited by slack, waiting');
        budget -= wait;
        await sleep(wait, undefined, { signal: ctx.signal }).catch(() => {});
        continue;
      }
      throw triggerError(
        TYPE,
        ctx,
        `failed to post to channel ${channel}: ${r.error}`,
        r.retryable,
        undefined,
        wait,
      );
    }
  }

  private remember(key: string, ts: string) {
    if (this.threads.size >= MAX_THREADS) this.threads.delete(this.threads.keys().next().value!);
    this.threads.set(key, ts);
  }

  async close() {}
}
