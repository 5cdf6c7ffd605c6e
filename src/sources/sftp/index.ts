/** The `sftp` EventSource type. */
export { sftpDriver, diffRemote, pollIntervalMs, DEFAULT_POLL_INTERVAL_MS } from './driver.js';
