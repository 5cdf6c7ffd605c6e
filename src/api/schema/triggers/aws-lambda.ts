/** `awsLambda` trigger (spec/sensor.md §10). */
import { z } from 'zod';
import { obj, secretKeySelector } from '../common.js';
import { triggerParameters } from '../sensor/parameters.js';
import { requirePayload, requireText, type TriggerCheck } from './context.js';

export const INVOCATION_TYPES = ['RequestResponse', 'Event', 'DryRun'] as const;

export const awsLambdaTrigger = obj({
  functionName: z.string().optional(),
  /** Optional: the default credential chain is used without it. */
  accessKey: secretKeySelector.optional(),
  secretKey: secretKeySelector.optional(),
  region: z.string().optional(),
  payload: triggerParameters.optional(),
  parameters: triggerParameters.optional(),
  /** @default "RequestResponse" */
  invocationType: z.enum(INVOCATION_TYPES).optional(),
  /** Role to assume. */
  roleARN: z.string().optional(),
  /** jetflow extension: Lambda API endpoint override (a local emulator, a VPC endpoint). */
  endpoint: z.string().optional(),
});
export type AWSLambdaTrigger = z.infer<typeof awsLambdaTrigger>;

export function checkAwsLambda(t: AWSLambdaTrigger, c: TriggerCheck): void {
  requireText(c, 'functionName', t.functionName, 'function name is not specified');
  requireText(c, 'region', t.region, 'region in not specified');
  requirePayload(c, t.payload, 'payload parameters are not specified');
  c.params(t.parameters, [...c.at, 'parameters']);
  if (Boolean(t.accessKey) !== Boolean(t.secretKey))
    c.sink.error(
      c.at,
      'expected both accessKey and secretKey, or neither (default credential chain), found only one',
    );
}
