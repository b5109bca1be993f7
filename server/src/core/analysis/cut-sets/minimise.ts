/**
 * Subsumption: which cut sets contain another one. `minimise` keeps the minimal ones of any list;
 * `cutKey` and `holdsSubset` are the set keys and the subset test that `minimiseLayers` shares.
 */
import type { Cut } from './layer-cuts';

/**
 * Numeric keys for sets of up to 3 ids: base 2^10 while every id fits (keys stay small integers,
 * which hash fast), else 2^17 (3 · 17 bits still fit a double exactly).
 */
export const SMALL_BASE = 1 << 10;
export const LARGE_BASE = 1 << 17;

/**
 * A key that identifies a sorted set of ids, for one `base`: a number for sets of up to 3 ids
 * below base − 1 (hot: no strings), else the ids joined. A function of the set alone, so subsets
 * and supersets agree.
 */
export function cutKey(c: Cut, base: number): number | string {
  const n = c.length;
  if (n <= 3) {
    if (n === 0) return 0;
    const a = c[0]! + 1;
    const last = c[n - 1]! + 1;
    if (last < base) {
      if (n === 1) return a;
      if (n === 2) return a * base + last;
      return (a * base + c[1]! + 1) * base + last;
    }
  }
  return c.join(',');
}

/** Whether `kept` holds a proper, non-empty subset of the sorted set `c` (hot: no arrays for ≤ 3). */
export function holdsSubset(kept: Set<number | string>, c: Cut, base: number): boolean {
  const n = c.length;
  if (n <= 1) return false;
  if (n <= 3 && c[n - 1]! + 1 < base) {
    // The numeric keys of cutKey, written out.
    const a = c[0]! + 1;
    const b = c[1]! + 1;
    if (n === 2) return kept.has(a) || kept.has(b);
    const d = c[2]! + 1;
    return kept.has(a) || kept.has(b) || kept.has(d)
      || kept.has(a * base + b) || kept.has(a * base + d) || kept.has(b * base + d);
  }
  for (let mask = 1; mask < (1 << n) - 1; mask++) if (kept.has(cutKey(c.filter((_, i) => (mask >> i) & 1), base))) return true;
  return false;
}

/** Keeps the cut sets that contain no other one (sets of at most a few elements), shortest first. */
export function minimise(cuts: Cut[]): Cut[] {
  // Shortest first, in input order within a length (a stable sort by length, by buckets).
  const byLength: Cut[][] = [];
  let maxId = -1;
  for (const c of cuts) {
    (byLength[c.length] ??= []).push(c);
    if (c.length > 0) maxId = Math.max(maxId, c[c.length - 1]!);
  }
  const base = maxId + 1 < SMALL_BASE ? SMALL_BASE : LARGE_BASE;
  const kept = new Set<number | string>();
  // Small ids (hot): kept single elements, and elements of kept pairs, as flags, so that most
  // subset checks of pairs and triples are array reads rather than set lookups.
  const flags = base === SMALL_BASE ? new Uint8Array(maxId + 1) : undefined;
  const SINGLE = 1;
  const IN_PAIR = 2;
  const out: Cut[] = [];
  for (const bucket of byLength) {
    if (!bucket) continue;
    for (const c of bucket) {
      const k = cutKey(c, base);
      if (flags && c.length >= 1 && c.length <= 3) {
        const a = c[0]!;
        const fa = flags[a]!;
        if (c.length === 1) {
          if (fa & SINGLE) continue;
          flags[a] = fa | SINGLE;
        } else {
          const b = c[1]!;
          const fb = flags[b]!;
          if ((fa | fb) & SINGLE) continue;
          if (c.length === 2) {
            if (fa & fb & IN_PAIR && kept.has(k)) continue;
            flags[a] = fa | IN_PAIR;
            flags[b] = fb | IN_PAIR;
          } else {
            const d = c[2]!;
            const fd = flags[d]!;
            if (fd & SINGLE) continue;
            // The numeric keys of cutKey, written out.
            if (fa & fb & IN_PAIR && kept.has((a + 1) * base + b + 1)) continue;
            if (fa & fd & IN_PAIR && kept.has((a + 1) * base + d + 1)) continue;
            if (fb & fd & IN_PAIR && kept.has((b + 1) * base + d + 1)) continue;
            if (kept.has(k)) continue;
          }
        }
      } else if (kept.has(k) || holdsSubset(kept, c, base)) continue;
      kept.add(k);
      out.push(c);
    }
  }
  return out;
}
