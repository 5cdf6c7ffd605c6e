/**
 * Client TLS material of a broker source from its `tls` block: the shared reader in src/api.
 * @module
 */
export { tlsMaterial as brokerTls, type TlsMaterial as BrokerTls } from '../../api/index.js';
