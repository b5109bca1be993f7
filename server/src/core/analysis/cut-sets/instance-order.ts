/**
 * The order in which a node layer's search tries its instances: most unavailable first, then by
 * id. A fixed order: the element ids, and so the order of each set's elements, follow it.
 */
import type { InstanceSpec } from '../compile';
import type { CutSetScratch } from './scratch';

/** Up to this many instances (or domains) are sorted by (binary) insertion. */
export const INSERTION_SORT_MAX = 256;

/**
 * Instance indices, most unavailable first, then by id (as `<` compares strings). Ids are compared
 * as numbers built from a few characters after the prefix they all share (enough to tell most
 * apart), and as strings only where those agree. `byU` receives them; `scratch` lends the keys.
 */
export function orderByUnavailability(inst: InstanceSpec[], byU: Int32Array, scratch: CutSetScratch): void {
  const n = inst.length;
  for (let idx = 0; idx < n; idx++) byU[idx] = idx;
  if (n < 2) return;
  if (n > INSERTION_SORT_MAX) {
    byU.subarray(0, n).sort((x, y) => (instanceBefore(inst, x, y) ? -1 : 1));
    return;
  }
  const u = scratch.unavailabilities(n);
  const idKey = scratch.idKeys(n);
  const first = inst[0]!.id;
  let prefix = first.length;
  for (let idx = 0; idx < n; idx++) {
    const id = inst[idx]!.id;
    u[idx] = inst[idx]!.unavailability;
    let p = 0;
    const end = Math.min(prefix, id.length);
    while (p < end && id.charCodeAt(p) === first.charCodeAt(p)) p++;
    prefix = p;
  }
  for (let idx = 0; idx < n; idx++) idKey[idx] = idOrderKey(inst[idx]!.id, prefix);
  // Binary insertion: few comparisons, cheap moves.
  for (let a = 1; a < n; a++) {
    const x = byU[a]!;
    let lo = 0;
    let hi = a;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const y = byU[mid]!;
      const du = u[y]! - u[x]!;
      const kx = idKey[x]!;
      const ky = idKey[y]!;
      // (NaN, like equal keys, falls through to the strings.)
      const before = du > 0 || du < 0 ? du < 0 : kx < ky ? true : kx > ky ? false : inst[x]!.id < inst[y]!.id;
      if (before) hi = mid;
      else lo = mid + 1;
    }
    for (let b = a; b > lo; b--) byU[b] = byU[b - 1]!;
    byU[lo] = x;
  }
}

/**
 * A number that orders ids as their characters `from…from + 5` do (a character below 255 counts
 * one more than its code, the end of the id 0), so that a smaller number means an earlier id; NaN
 * when a character does not fit, which sends every comparison to the strings.
 */
function idOrderKey(id: string, from: number): number {
  let key = 0;
  for (let p = from; p < from + ID_KEY_CHARS; p++) {
    const code = p < id.length ? id.charCodeAt(p) + 1 : 0;
    if (code > 255) return NaN;
    key = key * 256 + code;
  }
  return key;
}

const ID_KEY_CHARS = 6;

/** Instance `a` comes before `b`: more unavailable first, then by id. */
function instanceBefore(inst: InstanceSpec[], a: number, b: number): boolean {
  const x = inst[a]!;
  const y = inst[b]!;
  return (y.unavailability - x.unavailability || (x.id < y.id ? -1 : 1)) < 0;
}
