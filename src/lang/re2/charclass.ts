/**
 * Character sets of Go's regexp/syntax: Perl classes (`\d \s \w`, ASCII only, `\s` without `\v`), POSIX
 * classes (`[:alpha:]`), Unicode classes (`\pL`, `\p{Greek}`) and case folding orbits for `(?i)`.
 * @module
 */

/** A membership test on one code point. */
export type CharTest = (cp: number) => boolean;

/** One member of a bracket class: a set, possibly negated (`\D`, `[:^alpha:]`, `\P{L}`). */
export interface ClassItem {
  test: CharTest;
  neg: boolean;
}

/** Test for a list of inclusive [lo, hi] ranges, flattened. */
export function rangeTest(ranges: readonly number[]): CharTest {
  return (cp) => {
    for (let i = 0; i < ranges.length; i += 2) if (cp >= ranges[i]! && cp <= ranges[i + 1]!) return true;
    return false;
  };
}

const c = (s: string): number => s.codePointAt(0)!;
const R = (...pairs: string[]): number[] => pairs.flatMap((p) => [c(p[0]!), c(p[p.length - 1]!)]);

/** `\d`, `\s`, `\w` (and their upper-case negations) as Go defines them. */
export const PERL_CLASSES: Record<string, number[]> = {
  d: R('09'),
  s: [9, 10, 12, 13, 32, 32],
  w: R('09', 'AZ', 'az', '__'),
};

/** POSIX bracket classes as Go defines them (ASCII only). */
export const POSIX_CLASSES: Record<string, number[]> = {
  alnum: R('09', 'AZ', 'az'),
  alpha: R('AZ', 'az'),
  ascii: [0, 0x7f],
  blank: [9, 9, 32, 32],
  cntrl: [0, 0x1f, 0x7f, 0x7f],
  digit: R('09'),
  graph: [0x21, 0x7e],
  lower: R('az'),
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [9, 13, 32, 32],
  upper: R('AZ'),
  word: R('09', 'AZ', 'az', '__'),
  xdigit: R('09', 'AF', 'af'),
};

const GO_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);
const propCache = new Map<string, CharTest | undefined>();

/** Go's unicodeTable: categories, scripts and `Any`; undefined for a name Go does not know. */
export function unicodeTest(name: string): CharTest | undefined {
  if (propCache.has(name)) return propCache.get(name);
  let source: string | undefined;
  // Go's C is Cc|Cf|Co|Cs (JS's \p{C} also holds unassigned code points).
  if (name === 'C') source = '[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}]';
  else if (GO_CATEGORIES.has(name)) source = `\\p{${name}}`;
  else if (/^[A-Z][A-Za-z_]*$/.test(name)) source = `\\p{Script=${name}}`;
  let test: CharTest | undefined;
  if (name === 'Any') test = () => true;
  else if (source) {
    try {
      const re = new RegExp(`^${source}$`, 'u');
      test = (cp) => re.test(String.fromCodePoint(cp));
    } catch {
      test = undefined;
    }
  }
  propCache.set(name, test);
  return test;
}

let orbits: Map<number, number[]> | undefined;

function foldKey(cp: number): number {
  // Go's SimpleFold leaves dotted/dotless i alone; everything else folds like lower(upper(c)).
  if (cp === 0x130 || cp === 0x131) return cp;
  const s = String.fromCodePoint(cp);
  const up = s.toUpperCase();
  const low = (Array.from(up).length === 1 ? up : s).toLowerCase();
  return Array.from(low).length === 1 ? low.codePointAt(0)! : cp;
}

/** The case-folding orbit of `cp` (itself included), e.g. k → [K, k, U+212A KELVIN SIGN]. */
export function orbit(cp: number): readonly number[] {
  if (!orbits) {
    // Built once, on first use of (?i): every cased code point lives below U+20000.
    orbits = new Map();
    const groups = new Map<number, number[]>();
    for (let x = 0; x < 0x20000; x++) {
      if (x >= 0xd800 && x < 0xe000) continue;
      const s = String.fromCodePoint(x);
      if (s.toUpperCase() === s && s.toLowerCase() === s) continue; // caseless
      const k = foldKey(x);
      const g = groups.get(k);
      if (g) g.push(x);
      else groups.set(k, [x]);
    }
    for (const g of groups.values()) if (g.length > 1) for (const m of g) orbits.set(m, g);
  }
  return orbits.get(cp) ?? [cp];
}

/** A bracket class (or a single Perl/Unicode class outside brackets): items are OR-ed, then negated. */
export function classTest(items: readonly ClassItem[], negated: boolean, fold: boolean): CharTest {
  return (cp) => {
    let hit = false;
    for (const item of items) {
      // Folding applies inside each item, before the item's own negation, as Go's appendFoldedClass.
      const inside = fold ? orbit(cp).some(item.test) : item.test(cp);
      if (inside !== item.neg) {
        hit = true;
        break;
      }
    }
    return hit !== negated;
  };
}

/** Is `cp` an ASCII word character (for `\b`)? */
export const isWordChar = (cp: number): boolean =>
  (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95;
