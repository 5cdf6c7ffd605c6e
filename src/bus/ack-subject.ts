/**
 * The sequence numbers of a JetStream message, read from its ack subject without the client library's
 * `info` (which splits the subject and parses every token into a fresh object: ~2% of the pipeline's
 * CPU). Formats (nats-server):
 * - `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>` (9 tokens)
 * - `$JS.ACK.<domain>.<account hash>.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>.<token>`
 *   (12 tokens)
 * @module
 */

/** Stream and delivery sequence of a message; `undefined` when `reply` is not a JetStream ack subject. */
export interface AckSequences {
  streamSeq: number;
  deliverySeq: number;
}

const PREFIX = '$JS.ACK.';

/** Dot positions of the last subject parsed (reused: one subject at a time, synchronously). */
const dots: number[] = new Array<number>(12).fill(0);

export function ackSequences(reply: string): AckSequences | undefined {
  if (!reply.startsWith(PREFIX)) return undefined;
  let n = 0;
  for (let i = reply.indexOf('.'); i >= 0 && n < 12; i = reply.indexOf('.', i + 1)) dots[n++] = i;
  // tokens = n + 1; the delivered count is token 4 (9 tokens) or token 6 (12 tokens)
  const first = n + 1 === 9 ? 4 : n + 1 === 12 ? 6 : -1;
  if (first < 0) return undefined;
  const streamSeq = digits(reply, dots[first]! + 1, dots[first + 1]!);
  const deliverySeq = digits(reply, dots[first + 1]! + 1, dots[first + 2]!);
  if (streamSeq < 0 || deliverySeq < 0) return undefined;
  return { streamSeq, deliverySeq };
}

/** The decimal number in s[from, to), or -1 when it is empty or not all digits. */
function digits(s: string, from: number, to: number): number {
  if (to <= from) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
