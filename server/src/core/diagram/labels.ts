/**
 * Number formatting for the diagram's labels and tooltips. Kept to the few shapes the diagram
 * prints; the report's formatters are the reference for wording.
 */

/** An availability as a percentage with enough digits to show its unavailability: 0.99938804 → "99.9388%". */
export function percentFromUnavailability(unavailability: number): string {
  if (!Number.isFinite(unavailability)) return '—';
  if (unavailability <= 0) return '100%';
  if (unavailability >= 1) return '0%';
  const decimals = Math.min(12, Math.max(1, Math.ceil(-Math.log10(unavailability)) + 1));
  const text = (100 * (1 - unavailability)).toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return `${text}%`;
}

/** A target fraction (slo, sla) as written: 0.9995 → "99.95%". */
export function percentOfTarget(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(10))}%`;
}

/** Nines with two decimals: 3.2133 → "3.21 nines"; Infinity → "∞ nines". */
export function ninesText(nines: number): string {
  return Number.isFinite(nines) ? `${nines.toFixed(2)} nines` : '∞ nines';
}

/** A duration for people: 19293 s → "5.36 h", 43.8 min, 15 s, 500 ms; Infinity → "unbounded". */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unbounded';
  if (seconds === 0) return '0 s';
  if (seconds < 1) return `${round3(seconds * 1000)} ms`;
  if (seconds < 60) return `${round3(seconds)} s`;
  if (seconds < 3600) return `${round3(seconds / 60)} min`;
  if (seconds < 86400 * 2) return `${round3(seconds / 3600)} h`;
  return `${round3(seconds / 86400)} d`;
}

function round3(n: number): number {
  return Number(n.toPrecision(3));
}
