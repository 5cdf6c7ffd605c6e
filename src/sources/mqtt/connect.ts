/**
 * The MQTT client of an `mqtt` listener: URL (Go paho schemes mapped to mqtt.js ones), client id,
 * basic auth and TLS from secrets, MQTT 3.1.1. QoS 1 (jetflow extension) uses a persistent session
 * (clean session off) so the broker keeps what arrives while the source is down and redelivers what
 * was not acked. Reconnecting is done by the listener (mqtt.js only knows a fixed period).
 * @module
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { MQTTEventSource } from '../../api/index.js';
import type { SecretStore } from '../../api/index.js';
import { brokerTls } from '../broker/index.js';

/** How long one connection attempt may take. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Paho accepts `tcps://`; mqtt.js calls it `mqtts://`. */
export function mqttUrl(url: string): string {
  return url.replace(/^tcps:\/\//i, 'mqtts://');
}

/** Client options (reads secrets); `qos` decides the session kind. */
export function mqttOptions(cfg: MQTTEventSource, secrets: SecretStore): IClientOptions {
  const opts: IClientOptions = {
    clientId: cfg.clientId,
    protocolVersion: 4,
    clean: (cfg.qos ?? 0) === 0,
    reconnectPeriod: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    resubscribe: false, // the listener resubscribes after its own reconnects
  };
  if (cfg.auth) {
    opts.username = secrets.optionalSecret(cfg.auth.username) ?? '';
    opts.password = secrets.optionalSecret(cfg.auth.password) ?? '';
  }
  const tls = brokerTls(cfg.tls, secrets);
  if (tls) Object.assign(opts, tls); // used by mqtts/ssl/tls URLs, as paho does
  return opts;
}

/**
 * One connection attempt: resolves with the connected client, rejects (and ends it) on failure.
 * `prepare` runs before any packet is read: a persistent session delivers right after the CONNACK.
 */
export function connectOnce(
  url: string,
  opts: IClientOptions,
  prepare: (c: MqttClient) => void,
): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(mqttUrl(url), opts);
    prepare(client);
    const fail = (err: Error) => {
      cleanup();
      client.end(true);
      reject(err);
    };
    const onError = (err: Error) => fail(err);
    const onClose = () => fail(new Error('connection closed before CONNACK'));
    const onConnect = () => {
      cleanup();
      resolve(client);
    };
    const cleanup = () => {
      client.off('error', onError);
      client.off('close', onClose);
      client.off('connect', onConnect);
    };
    client.on('error', onError);
    client.on('close', onClose);
    client.on('connect', onConnect);
  });
}
