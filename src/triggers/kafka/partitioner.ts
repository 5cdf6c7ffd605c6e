/**
 * Upstream's partitioner (Sarama's default hash partitioner), so a `partitioningKey` lands on the same
 * partition as with argo-events: FNV-1a 32 of the key read as a signed int32, modulo the partition
 * count, made non-negative. A message without a key goes to a random partition, as in Sarama.
 * @module
 */
import type { ICustomPartitioner } from 'kafkajs';

/** Partition of `key` among `count` partitions. */
export function saramaPartition(key: Buffer | string, count: number): number {
  const h = fnv1a32Bytes(typeof key === 'string' ? Buffer.from(key, 'utf8') : key) | 0;
  return Math.abs(h % count); // abs also turns -0 into 0
}

/** FNV-1a 32 over bytes (names.ts hashes JS strings by char code; keys are UTF-8 bytes). */
function fnv1a32Bytes(b: Buffer): number {
  let h = 0x811c9dc5;
  for (const byte of b) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

export const saramaHashPartitioner: ICustomPartitioner =
  () =>
  ({ partitionMetadata, message }) => {
    const ids = partitionMetadata.map((p) => p.partitionId).sort((a, b) => a - b);
    if (message.key === null || message.key === undefined)
      return ids[Math.floor(Math.random() * ids.length)] ?? 0;
    return ids[saramaPartition(message.key, ids.length)] ?? 0;
  };
