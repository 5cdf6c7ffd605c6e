/**
 * Client TLS material of the http, slack and nats triggers: the shared reader in src/api.
 * @module
 */
export { tlsMaterial, type TlsMaterial } from '../../api/index.js';
