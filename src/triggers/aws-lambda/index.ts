/** The `awsLambda` trigger. */
export { awsLambdaDriver, createAwsLambdaDriver, type AwsLambdaDriverOptions } from './driver.js';
