/** Numbers for the view model: JSON (and so postMessage and JSON-RPC) turns NaN and Infinity into null. */

/** `x` when finite, else null. */
export function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}
