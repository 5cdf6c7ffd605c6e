/**
 * Kept for importers of the former sensor-side copy: bus target resolution now lives in src/bus
 * (`resolveBusTarget`), shared by `jetflow eventsource`, `jetflow sensor` and `jetflow run`.
 * @module
 */
export { resolveBusTarget, type BusTarget, type BusTargetOptions } from '../bus/index.js';
