/**
 * The bus of `jetflow run`: a supervised local cluster for `jetstream:`, or a connection to an existing
 * server for `jetstreamExotic:`. NATS Streaming and Kafka buses are refused here (lint only warns).
 * @module
 */
import { UnsupportedError, type EventBus, type SecretStore } from '../../api/index.js';
import {
  DEFAULT_STREAM_SETTINGS,
  exoticConnect,
  mergeStreamConfig,
  ZERO_STREAM_SETTINGS,
  type BusConnectOptions,
  type BusLogger,
  type StreamSettings,
} from '../../bus/index.js';
import { loadControllerConfig, startLocalBus, type LocalBus } from '../../bus/local/index.js';
import type { BusView } from '../../admin/index.js';

export interface HostedBus {
  connect: BusConnectOptions;
  streamSettings: StreamSettings;
  /** JetStream servers (caps the stream's replicas); undefined when unknown (exotic). */
  servers?: number;
  view(): BusView;
  /** Secret values the admin API must never show. */
  secretValues(): string[];
  stop(): Promise<void>;
}

export interface StartBusOptions {
  dataDir: string;
  configFile?: string;
  secrets: SecretStore;
  logger: BusLogger;
}

export async function startBus(bus: EventBus, o: StartBusOptions): Promise<HostedBus> {
  const name = bus.metadata.name;
  if (bus.spec.nats)
    throw new UnsupportedError(
      `EventBus ${name}: NATS Streaming buses are not supported by jetflow, use jetstream`,
    );
  if (bus.spec.kafka)
    throw new UnsupportedError(`EventBus ${name}: Kafka buses are not supported by jetflow, use jetstream`);
  const exotic = bus.spec.jetstreamExotic;
  if (exotic) {
    const connect = exoticConnect(name, exotic, o.secrets);
    return {
      connect,
      streamSettings: mergeStreamConfig(ZERO_STREAM_SETTINGS, exotic.streamConfig).settings,
      view: () => ({ name, ready: true, kind: 'exotic', clientUrls: connect.servers }),
      secretValues: () => [connect.pass, connect.token].filter((v): v is string => !!v),
      stop: async () => undefined,
    };
  }
  const spec = bus.spec.jetstream!;
  const controllerConfig = await loadControllerConfig({ file: o.configFile });
  const local: LocalBus = await startLocalBus({
    name,
    spec,
    dataDir: o.dataDir,
    controllerConfig,
    logger: o.logger,
  });
  const defaults = mergeStreamConfig(
    DEFAULT_STREAM_SETTINGS,
    controllerConfig.streamConfig,
    'controller config streamConfig',
  ).settings;
  const connect = local.connectOptions();
  return {
    connect,
    streamSettings: mergeStreamConfig(defaults, spec.streamConfig, 'spec.jetstream.streamConfig').settings,
    servers: spec.replicas ?? 3,
    view: () => ({ ...local.status(), kind: 'local' }) as BusView,
    secretValues: () => [connect.pass].filter((v): v is string => !!v),
    stop: () => local.stop(),
  };
}
