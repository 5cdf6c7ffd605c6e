/**
 * Go `time.ParseDuration` compatible parsing ("1h30m", "300ms", "-1.5h"), used for every duration field
 * so a value means the same as it does upstream.
 */
const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const PART = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;

/** Parse a Go duration; returns nanoseconds, or `undefined` when the text is not a valid duration. */
export function parseGoDuration(text: string): number | undefined {
  let s = text.trim();
  if (s === '') return undefined;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  while (s.length > 0) {
    const m = PART.exec(s);
    if (!m) return undefined;
    total += parseFloat(m[1]!) * UNIT_NS[m[2]!]!;
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** Milliseconds of a Go duration, or `undefined` if invalid. */
export function parseDurationMs(text: string): number | undefined {
  const ns = parseGoDuration(text);
  return ns === undefined ? undefined : ns / 1e6;
}

/** Format nanoseconds as a Go duration string ("1h0m0s" style is not needed: we print the shortest form). */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const units: [string, number][] = [
    ['h', 3600e9],
    ['m', 60e9],
    ['s', 1e9],
    ['ms', 1e6],
    ['us', 1e3],
    ['ns', 1],
  ];
  let rest = Math.abs(ns);
  let out = ns < 0 ? '-' : '';
  for (const [u, size] of units) {
    if (rest >= size) {
      const n = Math.floor(rest / size);
      out += `${n}${u}`;
      rest -= n * size;
    }
  }
  return out;
}
