/**
 * The `generic` type (spec/eventsource.md §3.6): a gRPC client of a user's `generic.Eventing` server.
 * It calls `StartEventSource({name: <eventName>, config: <config text>})` and dispatches every streamed
 * `Event` as `{"body", "metadata"}` (body: raw JSON with `jsonBody`, else base64). Until the server is
 * up, and after the stream fails or ends, it reconnects every 5 s. `insecure: false` means TLS with the
 * system roots (upstream cannot connect at all then). `authSecret` is sent as `authorization: Bearer`.
 * @module
 */
import { Client, credentials, Metadata, type ClientReadableStream } from '@grpc/grpc-js';
import { LOG_FIELDS } from '../../api/index.js';
import type { GenericEventSource } from '../../api/index.js';
import { sleep } from '../runtime/retry.js';
import type { ListenerContext, SourceDriver } from '../types.js';
import { deserializeEvent, serializeRequest, START_EVENT_SOURCE_PATH, type GenericEvent } from './codec.js';

export interface GenericDriverOptions {
  /** Wait between connection attempts. @default 5000 (upstream) */
  reconnectMs?: number;
}

/** A generic driver; `genericDriver` is the one with upstream's timings. */
export function createGenericDriver(o: GenericDriverOptions = {}): SourceDriver<GenericEventSource> {
  const reconnectMs = o.reconnectMs ?? 5000;
  return {
    type: 'generic',
    start(ctx) {
      const stopped = new AbortController();
      let current: { client: Client; call?: ClientReadableStream<GenericEvent> } | undefined;
      const onAbort = () => {
        stopped.abort();
        current?.call?.cancel();
        current?.client.close();
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const handle = eventHandler(ctx);

      const streamOnce = async () => {
        const cfg = ctx.config;
        const client = new Client(
          cfg.url,
          cfg.insecure ? credentials.createInsecure() : credentials.createSsl(),
        );
        current = { client };
        try {
          await new Promise<void>((resolve, reject) => {
            // waitForReady ignores close(): give up on stop ourselves.
            const onStop = () => reject(new Error('stopped'));
            stopped.signal.addEventListener('abort', onStop, { once: true });
            client.waitForReady(Date.now() + reconnectMs, (err) => {
              stopped.signal.removeEventListener('abort', onStop);
              if (err) reject(err);
              else resolve();
            });
          });
          const md = new Metadata();
          if (cfg.authSecret) md.set('authorization', `Bearer ${ctx.secrets.secret(cfg.authSecret)}`);
          const request = { name: ctx.eventName, config: Buffer.from(cfg.config, 'utf8') };
          const call = client.makeServerStreamRequest(
            START_EVENT_SOURCE_PATH,
            serializeRequest,
            deserializeEvent,
            request,
            md,
          );
          current.call = call;
          ctx.setHealth({ ok: true });
          ctx.logger.info('connected to eventsource server successfully, started event stream...');
          for await (const ev of call as AsyncIterable<GenericEvent>) await handle(ev);
          throw new Error('the event stream ended');
        } finally {
          current.call?.cancel();
          client.close();
        }
      };

      const loop = async () => {
        while (!stopped.signal.aborted) {
          const next = Date.now() + reconnectMs;
          try {
            await streamOnce();
          } catch (err) {
            if (stopped.signal.aborted) break;
            const message = `failed to receive events from ${ctx.config.url}: ${(err as Error).message}`;
            ctx.setHealth({ ok: false, message });
            ctx.logger.error(
              { [LOG_FIELDS.error]: err },
              'eventsource server stream failed, reconnecting...',
            );
          }
          // One attempt per period: waiting for the server to be ready counts towards it.
          if (!(await sleep(Math.max(0, next - Date.now()), stopped.signal))) break;
        }
      };

      const running = loop().finally(() => ctx.signal.removeEventListener('abort', onAbort));
      return Promise.resolve({
        async stop() {
          onAbort();
          await running;
        },
        done: running.then(() => {
          if (!stopped.signal.aborted) throw new Error('generic listener ended unexpectedly');
        }),
      });
    },
  };
}

export const genericDriver = createGenericDriver();

/** Dispatch one streamed event; a payload that is not JSON under `jsonBody` is a processing failure. */
function eventHandler(ctx: ListenerContext<GenericEventSource>): (ev: GenericEvent) => Promise<void> {
  const cfg = ctx.config;
  const meta =
    cfg.metadata && Object.keys(cfg.metadata).length > 0 ? `,"metadata":${JSON.stringify(cfg.metadata)}` : '';
  return async (ev) => {
    const started = performance.now();
    try {
      // Go marshals a nil []byte / nil json.RawMessage as null: an empty payload is `null` either way.
      let body = 'null';
      if (ev.payload.length > 0 && cfg.jsonBody) {
        body = ev.payload.toString('utf8');
        try {
          JSON.parse(body);
        } catch (err) {
          ctx.metrics.processingFailed();
          ctx.logger.error(
            { [LOG_FIELDS.error]: err },
            'failed to process a Generics event: the payload is not JSON',
          );
          return;
        }
      } else if (ev.payload.length > 0) body = JSON.stringify(ev.payload.toString('base64'));
      await ctx.dispatch(Buffer.from(`{"body":${body}${meta}}`, 'utf8'));
    } catch (err) {
      ctx.logger.error({ [LOG_FIELDS.error]: err }, 'failed to process a Generics event');
    } finally {
      ctx.metrics.observeSince(started);
    }
  };
}
