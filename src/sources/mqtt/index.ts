/** The `mqtt` EventSource type. */
export { mqttDriver, createMqttDriver, REDELIVER_PAUSE_MS, type MqttDriverOptions } from './driver.js';
export { mqttUrl } from './connect.js';
