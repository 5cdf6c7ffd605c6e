/**
 * One MQTT message → one event `{"topic", "messageId", "body", "metadata"}` (upstream `MQTTEventData`;
 * `messageId` is 0 for QoS 0 deliveries, as paho reports it).
 * @module
 */
import type { IPublishPacket } from 'mqtt';
import { LOG_FIELDS } from '../../api/index.js';
import type { MQTTEventSource } from '../../api/index.js';
import type { ListenerContext } from '../types.js';
import { bodyJson, jsonObject, metadataJson } from '../broker/index.js';
import { traceOptions } from '../trace-context.js';

/** `ok`: stored; `drop`: never storable (not JSON under `jsonBody`); `retry`: the bus refused it. */
export type Outcome = 'ok' | 'drop' | 'retry';

export function mqttHandler(ctx: ListenerContext<MQTTEventSource>): (p: IPublishPacket) => Promise<Outcome> {
  const cfg = ctx.config;
  const metadata = metadataJson(cfg.metadata);
  return async (p) => {
    const started = performance.now();
    const payload = typeof p.payload === 'string' ? Buffer.from(p.payload) : p.payload;
    try {
      const body = bodyJson(payload, cfg.jsonBody);
      if (body === undefined) {
        ctx.metrics.processingFailed();
        ctx.logger.error(
          { topic: p.topic },
          'failed to marshal the event data, rejecting the event: not JSON (jsonBody)',
        );
        return 'drop';
      }
      await ctx.dispatch(
        jsonObject([
          ['topic', JSON.stringify(p.topic)],
          ['messageId', String(p.messageId ?? 0)],
          ['body', body],
          ['metadata', metadata],
        ]),
        // MQTT v5 user properties carry the producer's trace context
        traceOptions((k) => p.properties?.userProperties?.[k]),
      );
      return 'ok';
    } catch (err) {
      ctx.logger.error({ topic: p.topic, [LOG_FIELDS.error]: err }, 'failed to dispatch MQTT event...');
      return 'retry';
    } finally {
      ctx.metrics.observeSince(started);
    }
  };
}
