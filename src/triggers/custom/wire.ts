/**
 * The protobuf wire format, just enough for upstream's `triggers` messages (fields of type bytes,
 * string and bool): hand-written so no `.proto` asset has to ship next to the compiled code.
 * @module
 */

/** A field value as decoded: length-delimited fields as bytes, varints as bigint. */
export type WireValue = Buffer | bigint;

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

/** Encode fields in order; proto3 leaves out empty bytes/strings and `false`. */
export function encode(fields: [number, Buffer | string | boolean | undefined][]): Buffer {
  const parts: Buffer[] = [];
  for (const [no, value] of fields) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'boolean') {
      parts.push(varint(no << 3), varint(1));
      continue;
    }
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    if (bytes.length === 0) continue;
    parts.push(varint((no << 3) | 2), varint(bytes.length), bytes);
  }
  return Buffer.concat(parts);
}

/** Decode a message into field number → last value (unknown wire types 1 and 5 are skipped). */
export function decode(buf: Buffer): Map<number, WireValue> {
  const out = new Map<number, WireValue>();
  let i = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const key = Number(readVarint());
    const no = key >>> 3;
    switch (key & 7) {
      case 0:
        out.set(no, readVarint());
        break;
      case 1:
        i += 8;
        break;
      case 2: {
        const len = Number(readVarint());
        if (i + len > buf.length) throw new Error('truncated field');
        out.set(no, buf.subarray(i, i + len));
        i += len;
        break;
      }
      case 5:
        i += 4;
        break;
      default:
        throw new Error(`unsupported wire type ${key & 7}`);
    }
  }
  return out;
}

/** A bytes field (empty when absent). */
export function bytesField(m: Map<number, WireValue>, no: number): Buffer {
  const v = m.get(no);
  return Buffer.isBuffer(v) ? Buffer.from(v) : Buffer.alloc(0);
}
