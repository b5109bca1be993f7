/** Numbers for people, in hovers, code lenses and inlay hints. */
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../../../../grammar/src/units';

/**
 * An availability as a percent with as many decimals as its nines warrant
 * (99.9389%, 99.99%, 99.99990%), computed from the unavailability so the digits are right.
 */
export function percentText(unavailability: number): string {
  if (!Number.isFinite(unavailability)) return '—';
  if (unavailability <= 0) return '100%';
  if (unavailability >= 1) return '0%';
  const nines = -Math.log10(unavailability);
  // Past 12 decimals the percentage would round to 100.00%: say the nines instead.
  if (Math.floor(nines) + 1 > 12) return `${nines.toFixed(2)} nines`;
  const decimals = Math.max(2, Math.floor(nines) + 1);
  const text = (100 - unavailability * 100).toFixed(decimals);
  return trimZeros(text) + '%';
}

/** A fraction (slo 0.9995) as a percent: 99.95%. */
export function fractionText(fraction: number): string {
  return trimZeros((fraction * 100).toFixed(6)) + '%';
}

function trimZeros(text: string): string {
  if (!text.includes('.')) return text;
  const t = text.replace(/0+$/, '');
  // Keep at least two decimals so neighbouring figures line up (99.90%, not 99.9%).
  const [int, dec = ''] = t.split('.');
  return `${int}.${dec.padEnd(2, '0')}`;
}

/** Nines with two decimals; ∞ when nothing can fail. */
export function ninesText(nines: number): string {
  return Number.isFinite(nines) ? nines.toFixed(2) : '∞';
}

/** A duration for people: 27.3ms, 500ms, 15s, 32.9s, 5m 30s, 5h 22m, 3d 4h; "unbounded" for Infinity. */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unbounded';
  if (seconds <= 0) return '0s';
  // Three significant digits (27.3ms, not 27.312ms); from 999.5ms on, seconds.
  if (seconds < 0.9995) return `${trimTo(seconds * 1000, 3)}ms`;
  if (seconds < 59.95) return `${round(seconds, 1)}s`;
  const units: [string, number][] = [['d', SECONDS_PER_DAY], ['h', SECONDS_PER_HOUR], ['m', SECONDS_PER_MINUTE], ['s', 1]];
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [unit, size] of units) {
    if (rest >= size || (parts.length > 0 && parts.length < 2)) {
      const n = Math.floor(rest / size);
      rest -= n * size;
      if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
    }
    if (parts.length === 2) break;
  }
  // Round the last shown unit (5h 21m 52s → 5h 22m).
  const shownEnd = units.findIndex(([u]) => parts[parts.length - 1]?.endsWith(u));
  const lastSize = units[shownEnd]?.[1] ?? 1;
  if (rest * 2 >= lastSize && parts.length > 0) return durationText(seconds - rest + lastSize);
  return parts.filter((p, i) => i === 0 || !/^0[a-z]$/.test(p)).join(' ');
}

/** A probability in scientific form when small: 1.5e-6. */
export function probabilityText(p: number): string {
  if (p === 0) return '0';
  if (p >= 0.001) return trimTo(p, 4);
  return p.toExponential(2).replace(/\.?0+e/, 'e');
}

function trimTo(x: number, digits: number): string {
  return String(Number(x.toPrecision(digits)));
}

function round(x: number, decimals: number): string {
  return String(Number(x.toFixed(decimals)));
}
