/** Test support for the sqs source: the test key, its secrets, a config aimed at the local SQS. */
import type { SQSEventSource } from '../../api/index.js';
import type { SqsServer } from '../../../test/harness/aws/sqs-server.js';
import { secretEnv } from '../broker/testing.js';

export const KEY = { accessKeyId: 'AKIDJETFLOWTEST', secretAccessKey: 'sqs-test-secret-key-value' };
export const ENV = secretEnv('aws-secret', { accesskey: KEY.accessKeyId, secretkey: KEY.secretAccessKey });

export function sqsConfig(
  sqs: SqsServer,
  queue: string,
  extra: Partial<SQSEventSource> = {},
): SQSEventSource {
  return {
    region: 'us-east-1',
    queue,
    endpoint: sqs.endpoint,
    waitTimeSeconds: 1,
    accessKey: { name: 'aws-secret', key: 'accesskey' },
    secretKey: { name: 'aws-secret', key: 'secretkey' },
    ...extra,
  };
}
