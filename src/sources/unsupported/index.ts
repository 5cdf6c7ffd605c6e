/**
 * Types jetflow accepts (lint validates them) but cannot run yet: their driver refuses to start with an
 * UnsupportedError, which the runtime does not retry. The broker types among them name the broker that
 * could not be tested against here, so the message says why.
 * @module
 */
import { UnsupportedError } from '../../api/index.js';
import type { SourceType } from '../../api/index.js';
import type { SourceDriver } from '../types.js';

const placeholders = new WeakSet<SourceDriver>();

/** Why a broker type is not supported yet: there is no such broker to test against. */
export const UNTESTED_BROKERS = {
  nsq: 'NSQ daemon',
  pulsar: 'Pulsar broker',
  emitter: 'Emitter broker',
} as const satisfies Partial<Record<SourceType, string>>;

/**
 * A driver for a type jetflow cannot run yet. Its start fails with
 * `"<type>" event sources are not supported yet in jetflow` (plus `(<why>)` when given); the runtime
 * reports it with the event source and event name and gives up at once.
 */
export function unsupportedDriver(type: SourceType, why?: string): SourceDriver {
  const message = `"${type}" event sources are not supported yet in jetflow${why ? ` (${why})` : ''}`;
  const d: SourceDriver = { type, start: () => Promise.reject(new UnsupportedError(message)) };
  placeholders.add(d);
  return d;
}

/** The placeholder of a broker type without a broker to test against (see {@link UNTESTED_BROKERS}). */
export function untestedBrokerDriver(type: keyof typeof UNTESTED_BROKERS): SourceDriver {
  return unsupportedDriver(type, `no ${UNTESTED_BROKERS[type]} to test against`);
}

/** Whether `driver` is an unsupported placeholder. */
export function isPlaceholder(driver: SourceDriver): boolean {
  return placeholders.has(driver);
}
