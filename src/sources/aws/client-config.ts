/**
 * How jetflow's AWS clients (sqs source, awsLambda trigger) authenticate and where they connect, from the
 * upstream fields: `accessKey`/`secretKey` (+ `sessionToken`) from secrets, else the SDK's default chain
 * (environment, profile, web identity, instance metadata); `roleARN` assumed through STS on top of either;
 * `endpoint` overrides the service URL (a local emulator or a VPC endpoint). The key values stay inside the
 * credential object: nothing here logs or formats them.
 * @module
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { SecretKeySelector, SecretStore } from '../../api/index.js';

/** The upstream fields every AWS-backed type shares. */
export interface AwsAccessFields {
  region?: string;
  endpoint?: string;
  roleARN?: string;
  accessKey?: SecretKeySelector;
  secretKey?: SecretKeySelector;
  sessionToken?: SecretKeySelector;
}

/** Keys given in the config. */
interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What an SDK v3 client constructor takes from {@link awsClientConfig}. */
export interface AwsClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: StaticCredentials | ReturnType<typeof fromTemporaryCredentials>;
}

/**
 * The client config of `f`; `sessionName` names an assumed-role session (who assumed it).
 * @throws {SecretNotFoundError} when a referenced key is missing
 */
export function awsClientConfig(
  f: AwsAccessFields,
  secrets: SecretStore,
  sessionName: string,
): AwsClientConfig {
  const stat =
    f.accessKey && f.secretKey
      ? {
          accessKeyId: secrets.secret(f.accessKey),
          secretAccessKey: secrets.secret(f.secretKey),
          sessionToken: secrets.optionalSecret(f.sessionToken),
        }
      : undefined;
  const credentials = f.roleARN
    ? fromTemporaryCredentials({
        params: { RoleArn: f.roleARN, RoleSessionName: roleSessionName(sessionName) },
        ...(stat && { masterCredentials: stat }),
        clientConfig: { region: f.region, ...(f.endpoint && { endpoint: stsEndpoint(f.endpoint) }) },
      })
    : stat;
  return {
    region: f.region,
    ...(f.endpoint && { endpoint: f.endpoint }),
    ...(credentials && { credentials }),
  };
}

/**
 * With a custom endpoint (an emulator), STS is asked at the same place: emulators serve every service on
 * one port, and a real VPC endpoint setup sets `AWS_ENDPOINT_URL_STS` anyway (read by the SDK).
 */
function stsEndpoint(endpoint: string): string | undefined {
  return process.env.AWS_ENDPOINT_URL_STS ? undefined : endpoint;
}

/** STS allows `[\w+=,.@-]{2,64}`. */
function roleSessionName(name: string): string {
  const s = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return s.length >= 2 ? s : `jetflow-${s}`;
}

/** An SDK error's name and message, without request ids (stable log lines) and never a credential. */
export function awsErrorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return `${err.name}: ${err.message}${status ? ` (HTTP ${status})` : ''}`;
}
