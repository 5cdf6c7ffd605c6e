/** The bus area's logger surface (pino-compatible); the supervisor uses the same one as the client side. */
export { silentLogger, type BusLogger } from '../logger.js';
