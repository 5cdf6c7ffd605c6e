/**
 * `consumerGroup.rebalanceStrategy` as kafkajs partition assigners. kafkajs ships only round robin;
 * `range` (upstream's default) is written here with the standard protocol name and member metadata,
 * so it can share a group with Sarama or Java members using "range". kafkajs has no sticky assigner:
 * `sticky` falls back to range (with a warning at start), as upstream falls back for unknown values.
 * @module
 */
import { AssignerProtocol, PartitionAssigners, type PartitionAssigner } from 'kafkajs';

const { MemberMetadata, MemberAssignment } = AssignerProtocol;
const EMPTY = Buffer.alloc(0);

/** Upstream's range assigner: per topic, contiguous partition ranges over the members sorted by id. */
export const rangeAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'range',
  version: 0,
  assign({ members, topics }) {
    const byMember = new Map<string, Record<string, number[]>>();
    const ids = members.map((m) => m.memberId).sort();
    for (const topic of topics) {
      const parts = cluster
        .findTopicPartitionMetadata(topic)
        .map((p) => p.partitionId)
        .sort((a, b) => a - b);
      const per = Math.floor(parts.length / ids.length);
      const extra = parts.length % ids.length;
      let at = 0;
      ids.forEach((id, i) => {
        const n = per + (i < extra ? 1 : 0);
        const a = byMember.get(id) ?? {};
        a[topic] = parts.slice(at, at + n);
        at += n;
        byMember.set(id, a);
      });
    }
    return Promise.resolve(
      ids.map((memberId) => ({
        memberId,
        memberAssignment: MemberAssignment.encode({
          version: 0,
          assignment: byMember.get(memberId) ?? {},
          userData: EMPTY,
        }),
      })),
    );
  },
  protocol({ topics }) {
    return { name: 'range', metadata: MemberMetadata.encode({ version: 0, topics, userData: EMPTY }) };
  },
});

/**
 * An assigner giving `partition` of every topic to the group's members (partition mode: a group of
 * one, so the listener reads exactly that partition).
 */
export function singlePartitionAssigner(partition: number): PartitionAssigner {
  return () => ({
    name: 'jetflow-single-partition',
    version: 0,
    assign({ members, topics }) {
      const assignment = Object.fromEntries(topics.map((t) => [t, [partition]]));
      return Promise.resolve(
        members.map((m, i) => ({
          memberId: m.memberId,
          memberAssignment: MemberAssignment.encode({
            version: 0,
            assignment: i === 0 ? assignment : {},
            userData: EMPTY,
          }),
        })),
      );
    },
    protocol({ topics }) {
      return {
        name: 'jetflow-single-partition',
        metadata: MemberMetadata.encode({ version: 0, topics, userData: EMPTY }),
      };
    },
  });
}

/** The assigners for a strategy, and whether it is one kafkajs lacks (a fallback is used). */
export function assignersFor(strategy: string | undefined): {
  assigners: PartitionAssigner[];
  fallback: boolean;
} {
  if (strategy === 'roundrobin') return { assigners: [PartitionAssigners.roundRobin], fallback: false };
  return { assigners: [rangeAssigner], fallback: strategy === 'sticky' };
}
