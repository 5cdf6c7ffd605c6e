/**
 * The `mqtt` type (spec/eventsource.md §3.11): subscribe to `topic` and turn each message into
 * `{"topic", "messageId", "body", "metadata"}`. At QoS 0 (upstream) a message is at most once. At QoS 1
 * (jetflow extension) it is acknowledged (PUBACK) only after the bus stored its event; when the bus
 * refuses it the link is dropped after a pause so the broker delivers it again. The first connection
 * follows `connectionBackoff`; a lost one is re-opened with backoff, forever.
 * @module
 */
import type { IConnackPacket, MqttClient } from 'mqtt';
import { LOG_FIELDS } from '../../api/index.js';
import type { MQTTEventSource } from '../../api/index.js';
import type { Listener, ListenerContext, SourceDriver } from '../types.js';
import {
  connectBackoff,
  InFlight,
  linkReporter,
  reconnectDelayMs,
  redactUrl,
  withConnectRetry,
  type ConnectBackoff,
} from '../broker/index.js';
import { connectOnce, mqttOptions } from './connect.js';
import { mqttHandler } from './handler.js';

/** Pause before the link is dropped to get a message the bus refused delivered again. */
export const REDELIVER_PAUSE_MS = 1000;
/** Longest wait for the DISCONNECT to go out when stopping. */
const END_WAIT_MS = 2000;

export interface MqttDriverOptions {
  /** Test hook: the listener's client (to cut its socket from the client side). */
  onClient?(c: MqttClient): void;
}

/** An mqtt driver; `mqttDriver` is the one without hooks. */
export function createMqttDriver(o: MqttDriverOptions = {}): SourceDriver<MQTTEventSource> {
  return {
    type: 'mqtt',
    async start(ctx) {
      const cfg = ctx.config;
      const backoff = connectBackoff(cfg.connectionBackoff);
      const opts = mqttOptions(cfg, ctx.secrets);
      const intake = new Intake(ctx);
      ctx.logger.info(
        { broker: `mqtt ${redactUrl(cfg.url)}`, qos: cfg.qos ?? 0 },
        'connecting to mqtt broker...',
      );
      const client = await withConnectRetry(
        backoff,
        ctx.signal,
        () => connectOnce(cfg.url, opts, (c) => intake.attach(c)),
        (err, k) =>
          ctx.logger.warn(
            { [LOG_FIELDS.error]: err, attempt: k + 1 },
            'failed to connect to the mqtt broker',
          ),
      );
      if (!client) return { stop: () => Promise.resolve() };
      o.onClient?.(client);
      return intake.run(client, backoff);
    },
  };
}

export const mqttDriver = createMqttDriver();

/** Message intake, link supervision and stop of one listener. */
class Intake {
  private stopping = false;
  private readonly inFlight = new InFlight();
  private readonly handle;

  constructor(private readonly ctx: ListenerContext<MQTTEventSource>) {
    this.handle = mqttHandler(ctx);
  }

  /** Take over message handling of a new client (before it reads anything). */
  attach(client: MqttClient): void {
    client.handleMessage = (packet, callback) => {
      if (this.stopping) return; // not acked: a QoS 1 message comes again with the next session
      if (packet.qos === 0) {
        this.inFlight.track(this.handle(packet));
        callback();
        return;
      }
      // QoS 1: the PUBACK goes out when the callback is called without an error
      this.inFlight.track(
        this.handle(packet).then((outcome) => {
          if (outcome !== 'retry') return callback();
          callback(new Error('not stored on the bus'));
          setTimeout(() => {
            if (!this.stopping && client.connected) client.stream.destroy(); // the broker resends the unacked
          }, REDELIVER_PAUSE_MS).unref();
        }),
      );
    };
  }

  /** Subscribe, keep the link up, and hand out the listener. */
  async run(client: MqttClient, backoff: ConnectBackoff): Promise<Listener> {
    const { ctx } = this;
    const cfg = ctx.config;
    const qos = cfg.qos ?? 0;
    const link = linkReporter(ctx, `mqtt ${redactUrl(cfg.url)}`);
    let attempt = 0;
    let timer: NodeJS.Timeout | undefined;
    client.on('error', (err: Error) => link.down(err));
    client.on('close', () => {
      if (this.stopping) return;
      if (link.isUp) link.down(new Error('connection closed'));
      clearTimeout(timer);
      timer = setTimeout(() => client.reconnect(), reconnectDelayMs(backoff, ++attempt));
    });
    client.on('connect', (connack: IConnackPacket) => {
      attempt = 0;
      // reconnects are ours (mqtt.js would only resubscribe with its own fixed-period reconnect)
      if (!connack.sessionPresent)
        client.subscribe(cfg.topic, { qos }, (err) => {
          if (err) link.down(err);
        });
      link.up();
    });
    try {
      const granted = await client.subscribeAsync(cfg.topic, { qos });
      if (granted.some((g) => g.qos === 128))
        throw new Error(`the broker refused the subscription to ${cfg.topic}`);
    } catch (err) {
      this.stopping = true;
      client.end(true);
      throw err;
    }
    link.up();
    if (cfg.jsonBody) ctx.logger.info('assuming all events have a json body...');
    ctx.logger.info({ topic: cfg.topic, qos }, 'subscribed to the topic');
    return {
      stop: async () => {
        this.stopping = true;
        clearTimeout(timer);
        await this.inFlight.idle(); // their PUBACKs are queued before the DISCONNECT
        await Promise.race([
          new Promise<void>((r) => client.end(false, {}, () => r())),
          new Promise<void>((r) => setTimeout(r, END_WAIT_MS).unref()),
        ]);
        client.end(true);
        ctx.logger.info('event source is stopped');
      },
    };
  }
}
