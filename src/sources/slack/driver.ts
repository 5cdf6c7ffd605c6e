/**
 * The `slack` type (spec/eventsource.md §3.17): every request is verified with the signing secret
 * (401 otherwise). Form posts carry an interaction `payload` or a slash `command`; JSON posts are Events
 * API envelopes (`url_verification` is answered with the challenge). Data is the Slack payload itself.
 * @module
 */
import type { SlackEventSource } from '../../api/index.js';
import type { SourceDriver } from '../types.js';
import { HttpError } from '../webhook/http.js';
import { startWebhookListener } from '../webhook/listener.js';
import { eventsApi, interaction, slashCommand, SlackPayloadError } from './payloads.js';
import { verifySlackSignature } from './verify.js';

export const slackDriver: SourceDriver<SlackEventSource> = {
  type: 'slack',
  async start(ctx) {
    const cfg = ctx.config;
    const token = ctx.secrets.secret(cfg.token);
    const signingSecret = ctx.secrets.secret(cfg.signingSecret);
    return startWebhookListener(ctx, {
      webhook: cfg.webhook,
      handler: async (req) => {
        const body = await req.body();
        if (signingSecret) {
          try {
            verifySlackSignature(
              req.header('x-slack-signature'),
              req.header('x-slack-request-timestamp'),
              body,
              signingSecret,
            );
          } catch (err) {
            throw new HttpError(401, (err as Error).message, true);
          }
        }
        let data: string | undefined;
        let reply: { body: string; contentType: string } | undefined;
        try {
          if (req.header('content-type') === 'application/x-www-form-urlencoded') {
            const form = new URLSearchParams(body.toString('utf8'));
            if (form.get('payload')) data = interaction(form.get('payload')!);
            else if (form.get('command')) data = JSON.stringify(slashCommand(form));
            else throw new SlackPayloadError('could not determine slack type from form parameters');
          } else {
            const r = eventsApi(body.toString('utf8'), token);
            if (r.kind === 'event') data = r.data;
            else if (r.kind === 'challenge') reply = { body: r.challenge, contentType: 'text' };
          }
        } catch (err) {
          if (err instanceof SlackPayloadError) throw new HttpError(500, err.message, true);
          throw err;
        }
        if (data !== undefined) await ctx.dispatch(Buffer.from(data, 'utf8'));
        return reply;
      },
    });
  },
};
