/**
 * Trigger drivers by type: a typed map keyed by TriggerType, so a type without an entry is a compile
 * error. Types not implemented yet get a placeholder that fails at `prepare` with a clear message.
 * @module
 */
import { TRIGGER_TYPES, UnsupportedError, type TriggerType } from '../api/index.js';
import type { TriggerOf } from '../api/index.js';
import { argoWorkflowDriver } from './argo-workflow/index.js';
import { awsLambdaDriver } from './aws-lambda/index.js';
import { logDriver } from './log/index.js';
import { customDriver } from './custom/index.js';
import { emailDriver } from './email/index.js';
import { httpDriver } from './http/index.js';
import { k8sDriver } from './k8s/index.js';
import { kafkaDriver } from './kafka/index.js';
import { natsDriver } from './nats/index.js';
import { slackDriver } from './slack/index.js';
import type { TriggerDriver } from './types.js';

export type TriggerRegistry = { [K in TriggerType]: TriggerDriver<TriggerOf<K>> };

/** The drivers made by {@link unsupportedDriver} (what {@link supportedTriggerTypes} leaves out). */
const placeholders = new WeakSet<TriggerDriver>();

/** A driver for a type jetflow cannot run yet. */
export function unsupportedDriver<K extends TriggerType>(type: K): TriggerDriver<TriggerOf<K>> {
  const driver: TriggerDriver<TriggerOf<K>> = {
    type,
    prepare(_template, ctx) {
      return Promise.reject(
        new UnsupportedError(
          `trigger "${ctx.triggerName}" uses type "${type}", which is not supported yet in jetflow`,
        ),
      );
    },
  };
  placeholders.add(driver);
  return driver;
}

const drivers: TriggerRegistry = {
  argoWorkflow: argoWorkflowDriver,
  awsLambda: awsLambdaDriver,
  azureEventHubs: unsupportedDriver('azureEventHubs'),
  azureServiceBus: unsupportedDriver('azureServiceBus'),
  custom: customDriver,
  email: emailDriver,
  http: httpDriver,
  k8s: k8sDriver,
  kafka: kafkaDriver,
  log: logDriver,
  nats: natsDriver,
  openWhisk: unsupportedDriver('openWhisk'),
  pulsar: unsupportedDriver('pulsar'),
  slack: slackDriver,
};

/** The driver of `type`. */
export function triggerDriver<K extends TriggerType>(type: K): TriggerDriver<TriggerOf<K>> {
  return drivers[type];
}

/** Every type with a real (not placeholder) driver. */
export function supportedTriggerTypes(): TriggerType[] {
  return TRIGGER_TYPES.filter((t) => !placeholders.has(drivers[t]));
}

/**
 * Test hook: use `driver` for `type` until the returned function is called (then the previous driver
 * is restored). Only for tests that run a sensor in-process.
 */
export function overrideTriggerDriverForTests<K extends TriggerType>(
  type: K,
  driver: TriggerDriver<TriggerOf<K>>,
): () => void {
  const previous = drivers[type];
  (drivers as Record<TriggerType, TriggerDriver>)[type] = driver;
  return () => {
    (drivers as Record<TriggerType, TriggerDriver>)[type] = previous;
  };
}
