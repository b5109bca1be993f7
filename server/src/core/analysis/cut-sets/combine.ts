/**
 * The cut sets of a layer of sites (spec section 5): unions of cut sets of T different sites, of
 * at most the maximum order, minimised. Order 1 stays complete when the work limit stops the rest.
 */
import { CUT_SET_WORK_LIMIT, type Cut } from './layer-cuts';
import { minimise } from './minimise';

/** The state of `combine`'s walk. */
interface Combination {
  perMember: Cut[][];
  T: number;
  order: number;
  out: Cut[];
  work: number;
  complete: boolean;
}

/** Unions of cut sets of `T` different members, of at most `order` elements, minimised. */
export function combine(perMember: Cut[][], T: number, order: number): { cuts: Cut[]; complete: boolean } {
  if (T <= 0) return { cuts: [[]], complete: true };
  if (T > perMember.length) return { cuts: [], complete: true };
  const s: Combination = { perMember, T, order, out: [], work: 0, complete: true };
  combineWalk(s, 0, 0, []);
  if (!s.complete) {
    // Order 1 stays complete: an element that alone takes down T members.
    const singles = new Map<number, number>();
    for (const list of perMember) for (const c of list) if (c.length === 1) singles.set(c[0]!, (singles.get(c[0]!) ?? 0) + 1);
    for (const [id, n] of singles) if (n >= T) s.out.push([id]);
  }
  return { cuts: minimise(s.out), complete: s.complete };
}

function combineWalk(s: Combination, member: number, chosen: number, acc: Cut): void {
  if (!s.complete) return;
  if (chosen === s.T) {
    s.out.push(acc);
    return;
  }
  if (s.perMember.length - member < s.T - chosen) return;
  combineWalk(s, member + 1, chosen, acc);
  for (const c of s.perMember[member]!) {
    if (++s.work > CUT_SET_WORK_LIMIT) {
      s.complete = false;
      return;
    }
    const u = union(acc, c);
    if (u.length <= s.order) combineWalk(s, member + 1, chosen + 1, u);
  }
}

/** The union of two sorted sets, sorted. */
function union(a: Cut, b: Cut): Cut {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else if (i >= a.length || b[j]! < a[i]!) out.push(b[j++]!);
    else {
      out.push(a[i++]!);
      j++;
    }
  }
  return out;
}
