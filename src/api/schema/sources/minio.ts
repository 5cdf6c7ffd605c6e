/** `minio`: S3 bucket notifications (upstream `S3Artifact`; spec/eventsource.md §4). */
import { z } from 'zod';
import type { IssueSink, PathSeg } from '../../issues.js';
import { obj, secretKeySelector } from '../common.js';
import { required, userMetadata } from './shared.js';

export const s3Bucket = obj({
  /** Object key (unused by the event source). */
  key: z.string().optional(),
  name: required("bucket name can't be empty"),
});

/** Key prefix/suffix the notifications are restricted to (not an expression filter). */
export const s3Filter = obj({
  prefix: z.string().optional(),
  suffix: z.string().optional(),
});

export const minioEventSource = obj({
  /** Server `host:port` (no scheme). Required. */
  endpoint: required("endpoint url can't be empty"),
  bucket: s3Bucket,
  region: z.string().optional(),
  /** Plain HTTP instead of HTTPS. */
  insecure: z.boolean().optional(),
  accessKey: secretKeySelector,
  secretKey: secretKeySelector,
  /** S3 event names, e.g. `s3:ObjectCreated:Put`, `s3:ObjectRemoved:*`. */
  events: z.array(z.string()).optional(),
  filter: s3Filter.optional(),
  metadata: userMetadata.optional(),
  /** CA certificate for a server with a private CA. */
  caCertificate: secretKeySelector.optional(),
});
export type MinioEventSource = z.infer<typeof minioEventSource>;

const S3_EVENT = /^s3:[A-Za-z]+:(\*|[A-Za-z]+)$/;

/** Semantic rules of `spec.minio.<event>`: upstream's validation plus what it accepts but cannot work. */
export function checkMinio(cfg: MinioEventSource, at: PathSeg[], sink: IssueSink): void {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(cfg.endpoint))
    sink.error(
      [...at, 'endpoint'],
      `expected "host:port" without a scheme, found ${JSON.stringify(cfg.endpoint)} (use insecure: true for plain HTTP)`,
    );
  cfg.events?.forEach((e, i) => {
    if (!S3_EVENT.test(e))
      sink.error(
        [...at, 'events', i],
        `unknown event ${JSON.stringify(e)}: expected an S3 event name such as "s3:ObjectCreated:Put"`,
      );
  });
}
