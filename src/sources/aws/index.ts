/** AWS access shared by the sqs source and the awsLambda trigger: credentials, endpoint, error text. */
export {
  awsClientConfig,
  awsErrorText,
  type AwsAccessFields,
  type AwsClientConfig,
} from './client-config.js';
