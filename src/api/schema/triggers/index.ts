/**
 * Trigger types: one schema and one check per key of `TriggerTemplate` (spec/sensor.md §10).
 * @module
 */
import type { z } from 'zod';
import type { TriggerType } from '../../source-types.js';
import { argoWorkflowTrigger, checkArgoWorkflow } from './argo-workflow.js';
import { awsLambdaTrigger, checkAwsLambda } from './aws-lambda.js';
import { azureEventHubsTrigger, checkAzureEventHubs } from './azure-event-hubs.js';
import { azureServiceBusTrigger, checkAzureServiceBus } from './azure-service-bus.js';
import type { TriggerCheck } from './context.js';
import { checkCustom, customTrigger } from './custom.js';
import { checkEmail, emailTrigger } from './email.js';
import { checkHttp, httpTrigger } from './http.js';
import { checkK8s, standardK8sTrigger } from './k8s.js';
import { checkKafka, kafkaTrigger } from './kafka.js';
import { checkLog, logTrigger } from './log.js';
import { checkNats, natsTrigger } from './nats.js';
import { checkOpenWhisk, openWhiskTrigger } from './open-whisk.js';
import { checkPulsar, pulsarTrigger } from './pulsar.js';
import { checkSlack, slackTrigger } from './slack.js';

export const triggerSchemas = {
  argoWorkflow: argoWorkflowTrigger,
  awsLambda: awsLambdaTrigger,
  azureEventHubs: azureEventHubsTrigger,
  azureServiceBus: azureServiceBusTrigger,
  custom: customTrigger,
  email: emailTrigger,
  http: httpTrigger,
  k8s: standardK8sTrigger,
  kafka: kafkaTrigger,
  log: logTrigger,
  nats: natsTrigger,
  openWhisk: openWhiskTrigger,
  pulsar: pulsarTrigger,
  slack: slackTrigger,
} satisfies { [K in TriggerType]: z.ZodType };

/** The parsed object of each trigger type. */
export type TriggerOf<K extends TriggerType> = z.infer<(typeof triggerSchemas)[K]>;

/** Per-type semantic checks. */
export const triggerChecks: { [K in TriggerType]: (t: TriggerOf<K>, c: TriggerCheck) => void } = {
  argoWorkflow: checkArgoWorkflow,
  awsLambda: checkAwsLambda,
  azureEventHubs: checkAzureEventHubs,
  azureServiceBus: checkAzureServiceBus,
  custom: checkCustom,
  email: checkEmail,
  http: checkHttp,
  k8s: checkK8s,
  kafka: checkKafka,
  log: checkLog,
  nats: checkNats,
  openWhisk: checkOpenWhisk,
  pulsar: checkPulsar,
  slack: checkSlack,
};

/** Which type upstream uses when several are set (first wins); jetflow refuses that case. */
export const TRIGGER_PRIORITY: readonly TriggerType[] = [
  'k8s',
  'argoWorkflow',
  'http',
  'awsLambda',
  'azureEventHubs',
  'azureServiceBus',
  'kafka',
  'pulsar',
  'nats',
  'slack',
  'openWhisk',
  'custom',
  'log',
  'email',
];

export type { TriggerCheck, ParamOptions } from './context.js';
export type { ArgoWorkflowTrigger } from './argo-workflow.js';
export type { AWSLambdaTrigger } from './aws-lambda.js';
export type { AzureEventHubsTrigger } from './azure-event-hubs.js';
export type { AzureServiceBusTrigger } from './azure-service-bus.js';
export type { CustomTrigger } from './custom.js';
export type { EmailTrigger } from './email.js';
export type { HTTPTrigger } from './http.js';
export type { StandardK8STrigger } from './k8s.js';
export type { KafkaTrigger } from './kafka.js';
export type { LogTrigger } from './log.js';
export type { NATSTrigger } from './nats.js';
export type { OpenWhiskTrigger } from './open-whisk.js';
export type { PulsarTrigger } from './pulsar.js';
export type { SlackTrigger } from './slack.js';
export { HTTP_METHODS } from './http.js';
export { K8S_OPERATIONS, PATCH_STRATEGIES } from './k8s.js';
export { ARGO_WORKFLOW_OPERATIONS } from './argo-workflow.js';
export { INVOCATION_TYPES } from './aws-lambda.js';
export { EMAIL_ADDRESS } from './email.js';
