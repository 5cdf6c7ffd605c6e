/**
 * The plugin contract of a trigger type. The sensor engine defines it (it calls the drivers), so it lives
 * in src/sensors; drivers import it from here.
 * @module
 */
export type * from '../sensors/trigger-contract.js';
