/**
 * KV buckets (one per Sensor, spec/sensor.md §6.4) with compare-and-set helpers, so several processes
 * running the same Sensor can share trigger state safely.
 * @module
 */
import { JetStreamApiError, StorageType, type JetStreamClient } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Empty, headers, type NatsConnection } from '@nats-io/nats-core';
import { BusError } from '../api/index.js';

const WRONG_LAST_SEQUENCE = 10071;
const BUCKET_NAME = /^[A-Za-z0-9_-]+$/;

/** A compare-and-set write lost: the key changed (or exists) since the revision the caller read. */
export class KvConflictError extends BusError {
  override readonly code = 'BUS_KV_CONFLICT';
  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly expectedRevision: number,
    options?: ErrorOptions,
  ) {
    super(
      expectedRevision === 0
        ? `KV ${bucket}/${key}: already exists`
        : `KV ${bucket}/${key}: changed since revision ${expectedRevision}`,
      0,
      options,
    );
  }
}

/** A value and the revision to pass to {@link kvUpdate}. */
export interface KvValue {
  value: Uint8Array;
  revision: number;
}

/**
 * Open bucket `bucket`, creating it (history 1, file storage) when missing. Bucket names allow only
 * `[A-Za-z0-9_-]`; anything else is refused with a clear error instead of a server error later.
 */
export async function openKv(
  conn: NatsConnection | JetStreamClient,
  bucket: string,
  opts: { replicas?: number } = {},
): Promise<KV> {
  if (!BUCKET_NAME.test(bucket)) {
    throw new BusError(`invalid KV bucket name '${bucket}': only letters, digits, '_' and '-' are allowed`);
  }
  try {
    return await new Kvm(conn).create(bucket, {
      history: 1,
      storage: StorageType.File,
      replicas: opts.replicas ?? 1,
    });
  } catch (err) {
    throw new BusError(`cannot open or create KV bucket '${bucket}': ${(err as Error).message}`, 1000, {
      cause: err,
    });
  }
}

/** Current value of `key`, or `null` when it does not exist (or was deleted/purged). */
export async function kvGet(kv: KV, key: string): Promise<KvValue | null> {
  const e = await kv.get(key);
  if (!e || e.operation !== 'PUT') return null;
  return { value: e.value, revision: e.revision };
}

/** Current value of `key` parsed as JSON, or `null`. */
export async function kvGetJson<T>(kv: KV, key: string): Promise<{ value: T; revision: number } | null> {
  const e = await kvGet(kv, key);
  return e ? { value: JSON.parse(new TextDecoder().decode(e.value)) as T, revision: e.revision } : null;
}

function bytes(v: Uint8Array | string): Uint8Array {
  return typeof v === 'string' ? new TextEncoder().encode(v) : v;
}

/** Unconditional write; returns the new revision. */
export function kvPut(kv: KV, key: string, value: Uint8Array | string): Promise<number> {
  return kv.put(key, bytes(value));
}

/** Write only if `key` does not exist (or was deleted); else {@link KvConflictError}. */
export async function kvCreate(kv: KV, key: string, value: Uint8Array | string): Promise<number> {
  try {
    return await kv.create(key, bytes(value));
  } catch (err) {
    throw conflictOr(err, kv, key, 0);
  }
}

/** Write only if `key` is still at `revision`; else {@link KvConflictError}. */
export async function kvUpdate(
  kv: KV,
  key: string,
  value: Uint8Array | string,
  revision: number,
): Promise<number> {
  try {
    return await kv.update(key, bytes(value), revision);
  } catch (err) {
    throw conflictOr(err, kv, key, revision);
  }
}

/** Delete `key`; with `revision`, only if it is still at that revision. Deleting a missing key is fine. */
export async function kvDelete(kv: KV, key: string, revision?: number): Promise<void> {
  if (revision) {
    // same compare-and-delete (the library also skips the check for revision 0)
    await kvDeleteAt(kv, key, revision);
    return;
  }
  try {
    await kv.delete(key);
  } catch (err) {
    throw conflictOr(err, kv, key, 0);
  }
}

/** What the KV library keeps inside a bucket handle (pinned @nats-io/kv 3.4). */
interface BucketInternals {
  js: JetStreamClient;
  subjectForKey(key: string, edit?: boolean): string;
}

/**
 * Like {@link kvDelete} with a revision, but returns the revision of the delete marker, so the next
 * write can be a one-round-trip compare-and-set ({@link kvUpdate}) instead of `create`'s three.
 */
export async function kvDeleteAt(kv: KV, key: string, revision: number): Promise<number> {
  const b = kv as unknown as BucketInternals;
  const h = headers();
  h.set('KV-Operation', 'DEL');
  h.set('Nats-Expected-Last-Subject-Sequence', String(revision));
  try {
    const ack = await b.js.publish(b.subjectForKey(key, true), Empty, { headers: h });
    return ack.seq;
  } catch (err) {
    throw conflictOr(err, kv, key, revision);
  }
}

function conflictOr(err: unknown, kv: KV, key: string, revision: number): Error {
  const bucket = (kv as { bucket?: string }).bucket ?? '?';
  if (err instanceof JetStreamApiError && err.code === WRONG_LAST_SEQUENCE) {
    return new KvConflictError(bucket, key, revision, { cause: err });
  }
  return new BusError(`KV ${bucket}/${key}: ${(err as Error).message}`, 1000, { cause: err });
}
