/**
 * The `email` trigger driver (spec/sensor.md §10 `email`; argo-events `pkg/sensors/triggers/email`,
 * which sends through notifications-engine and gomail): one plain-text message per recipient over
 * SMTP with nodemailer. Port 465 means implicit TLS; on other ports STARTTLS is used when the server
 * offers it; the server certificate is always verified; credentials are used only when both username
 * and password are set (all as gomail does).
 * @module
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { EMAIL_ADDRESS, type EmailTrigger } from '../../api/index.js';
import { applyParameters } from '../../sensors/index.js';
import {
  describeError,
  EVENT_ID_HEADER,
  eventIds,
  idempotencyKey,
  REPLAY_HEADER,
  triggerError,
} from '../http/index.js';
import type { PreparedTrigger, TriggerContext, TriggerDriver, TriggerEvent } from '../types.js';
import { isTransientSmtpError } from './classify.js';

const TYPE = 'email';
/** Recipients already served, per firing: bounds the memory that spares them a repeat on retry. */
const MAX_REMEMBERED = 1000;

export interface EmailDriverOptions {
  /** Connection, greeting and socket inactivity timeout. @default 60000 */
  timeoutMs?: number;
}

/** Create the `email` driver. */
export function createEmailDriver(opts: EmailDriverOptions = {}): TriggerDriver<EmailTrigger> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return {
    type: TYPE,
    async prepare(template, ctx) {
      let password: string | undefined;
      try {
        password = ctx.secrets.optionalSecret(template.smtpPassword);
      } catch (err) {
        throw triggerError(TYPE, ctx, `failed to retrieve the smtp password: ${describeError(err)}`, false);
      }
      return new PreparedEmail(password, timeoutMs);
    },
  };
}

/** The default instance registered for `email`. */
export const emailDriver = createEmailDriver();

class PreparedEmail implements PreparedTrigger<EmailTrigger> {
  /** `<idempotency key> <recipient>` of messages the server accepted. */
  private readonly sent = new Set<string>();

  constructor(
    private readonly password: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  async execute(resolved: EmailTrigger, events: Record<string, TriggerEvent>, ctx: TriggerContext) {
    let t: EmailTrigger;
    try {
      t = applyParameters(resolved, resolved.parameters, events);
      if (!t.to || t.to.length === 0) throw new Error("to can't be empty");
      if (!t.body) throw new Error("body can't be empty");
      if (!t.subject) throw new Error("subject can't be empty");
    } catch (err) {
      throw triggerError(TYPE, ctx, describeError(err), false, err);
    }
    const transport = nodemailer.createTransport({
      host: t.host,
      port: t.port || undefined,
      secure: t.port === 465,
      auth: t.username && this.password ? { user: t.username, pass: this.password } : undefined,
      connectionTimeout: this.timeoutMs,
      greetingTimeout: this.timeoutMs,
      socketTimeout: this.timeoutMs,
    });
    const key = idempotencyKey(ctx, events);
    const invalid: string[] = [];
    const failed: { to: string; err: unknown }[] = [];
    ctx.logger.info({ to: t.to }, 'sending emails...');
    try {
      for (const to of t.to) {
        if (!EMAIL_ADDRESS.test(to)) {
          ctx.logger.error({ to }, 'invalid emailId');
          invalid.push(to);
          continue;
        }
        // A retry after a partial failure does not mail the recipients that already got it.
        if (this.sent.has(`${key} ${to}`)) continue;
        try {
          await this.bounded(
            transport.sendMail({
              from: t.from,
              to,
              subject: t.subject,
              text: t.body,
              messageId: messageId(key, to),
              headers: {
                [EVENT_ID_HEADER]: eventIds(events).join(','),
                ...(ctx.replayId && { [REPLAY_HEADER]: ctx.replayId }),
              },
            }),
            ctx,
          );
          this.remember(`${key} ${to}`);
        } catch (err) {
          ctx.logger.error({ to, err: describeError(err) }, 'unable to send emails to emailId');
          failed.push({ to, err });
        }
      }
    } finally {
      transport.close();
    }
    if (invalid.length > 0 || failed.length > 0) throw this.failure(invalid, failed, ctx);
    ctx.logger.info({ to: t.to }, 'message successfully sent to emailIds');
    return { summary: `sent to ${t.to.length} recipient(s)` };
  }

  /** Invalid recipients stay invalid: not retryable; otherwise retry if every failure was transient. */
  private failure(invalid: string[], failed: { to: string; err: unknown }[], ctx: TriggerContext) {
    const parts = [
      ...invalid.map((a) => `to emailId can't be invalid ${a}`),
      ...failed.map((f) => `failed to send emails to emailId ${f.to}: ${describeError(f.err)}`),
    ];
    const retryable = invalid.length === 0 && failed.every((f) => isTransientSmtpError(f.err));
    return triggerError(TYPE, ctx, parts.join('; '), retryable, failed[0]?.err);
  }

  private remember(entry: string) {
    if (this.sent.size >= MAX_REMEMBERED) this.sent.delete(this.sent.values().next().value!);
    this.sent.add(entry);
  }

  /** nodemailer cannot cancel a send: a stopping sensor stops waiting for it. */
  private async bounded<T>(p: Promise<T>, ctx: TriggerContext): Promise<T> {
    if (ctx.signal.aborted) throw Object.assign(new Error('stopping'), { code: 'ECONNECTION' });
    let onAbort!: () => void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(Object.assign(new Error('stopping'), { code: 'ECONNECTION' }));
      ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([p, aborted]);
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  }

  async close() {}
}

/** The same Message-ID for every attempt of a firing, so mail systems can spot a repeat. */
function messageId(key: string, to: string): string {
  const r = createHash('sha256').update(to).digest('hex').slice(0, 12);
  return `<${key.slice(0, 32)}.${r}@jetflow>`;
}
