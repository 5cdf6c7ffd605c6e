/**
 * The local JetStream cluster supervisor: runs an EventBus `spec.jetstream` as supervised nats-server
 * processes on this machine (TLS, generated credentials, encryption at rest, restarts, health, state file).
 * @module
 */
export { startLocalBus, type StartLocalBusOptions } from './supervisor.js';
export {
  LocalBus,
  type BusEvent,
  type BusConnectOptions,
  type LocalBusStatus,
  type NodeStatus,
} from './local-bus.js';
export {
  loadControllerConfig,
  resolveVersion,
  resolveImage,
  availableVersions,
  DEFAULT_IMAGE_VERSIONS,
  type NatsImageVersion,
  DEFAULT_SETTINGS,
  DEFAULT_STREAM_CONFIG,
  CONFIG_ENV,
  type ControllerConfig,
  type LoadControllerConfigOptions,
  type NatsServerVersion,
} from './controller-config.js';
export { discoverNatsServers, readNatsServerVersion, INSTALL_HINT } from './nats-binary.js';
export { readBusState, stopBusByState, DEFAULT_STOP_TIMEOUT_MS, type StopByStateResult } from './stop.js';
export { probeBusState, type BusProbe } from './probe.js';
export { type BusState, type BusStateNode, isAlive, listBusNames } from './state.js';
export { busLayout, DEFAULT_DATA_DIR, type BusLayout } from './layout.js';
export { LocalBusError, type BusConditionReason } from './errors.js';
export {
  conditionsForError,
  type Condition,
  type ConditionStatus,
  type ConditionType,
} from './conditions.js';
export { probeNode, type NodeProbe } from './health.js';
export { type BusLogger, silentLogger } from './logger.js';
export { type NodePorts } from './ports.js';
export { loadEventBusFile, type LoadedEventBus } from './eventbus-file.js';
export {
  generateBusCertificates,
  type BusCertificates,
  type BusCertificateSans,
  type CertSans,
} from './certs.js';
export { randomString, authConf, clientAuthYaml, type BusSecrets } from './secrets.js';
export { checkServerSpec, LAME_DUCK_DURATION } from './server-config.js';
