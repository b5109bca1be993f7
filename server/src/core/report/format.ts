/**
 * Number formatters shared by the text and Markdown reports, the language server (hovers, code
 * lenses) and the diagram, so a figure reads the same everywhere.
 *
 * Availabilities are printed from the unavailability, with enough digits that four significant
 * digits of U are visible (99.93885% for U = 6.114987e-4, 99.98800% for 1.2e-4): 99.99% and
 * 99.994% differ by a third of their downtime, and rounding must never hide that.
 */
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE, SECONDS_PER_YEAR } from '../../../../grammar/src/units';

export { SECONDS_PER_MONTH, SECONDS_PER_WEEK, SECONDS_PER_YEAR } from '../../../../grammar/src/units';

/** Significant digits of U kept visible in a percentage. */
const VISIBLE_DIGITS_OF_U = 4;
const MAX_DECIMALS = 12;

/**
 * An availability as a percentage, from its unavailability: `99.93885%`, `100%`. When four
 * digits of U would need more than 12 decimals (U < 1e-11), a percentage is a wall of 9s that
 * rounds to 100%: the nines are printed instead, the way an SRE reads them (`12.30 nines`).
 */
export function formatAvailability(unavailability: number): string {
  if (!Number.isFinite(unavailability)) return '?';
  if (unavailability <= 0) return '100%';
  if (unavailability >= 1) return '0%';
  const uPercent = unavailability * 100;
  const wanted = VISIBLE_DIGITS_OF_U - 1 - Math.floor(Math.log10(uPercent));
  if (wanted > MAX_DECIMALS) return `${formatNines(-Math.log10(unavailability))} nines`;
  const decimals = Math.min(MAX_DECIMALS, Math.max(1, wanted));
  const text = (100 - uPercent).toFixed(decimals);
  // Never round up to a perfect 100% that the system does not have.
  return (text.startsWith('100') ? (100 - Math.pow(10, -decimals)).toFixed(decimals) : text) + '%';
}

/** A percentage as written in a `.topo` file (slo/sla): up to 6 decimals, no trailing zeros. */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(6))}%`;
}

/** A ratio as a whole percentage for budgets: `122%`, `0.4%`. */
export function formatShare(fraction: number): string {
  if (!Number.isFinite(fraction)) return '∞';
  const percent = fraction * 100;
  return percent >= 10 ? `${Math.round(percent)}%` : `${Number(percent.toPrecision(2))}%`;
}

/** Nines = −log10(U), two decimals; `∞` when U = 0. */
export function formatNines(nines: number): string {
  return Number.isFinite(nines) ? nines.toFixed(2) : '∞';
}

/** A probability in scientific notation with `digits` significant digits: `6.12e-4`. */
export function formatProbability(p: number, digits = 3): string {
  if (p === 0) return '0';
  if (!Number.isFinite(p)) return '?';
  if (p >= 0.01) return String(Number(p.toPrecision(digits)));
  const [mantissa, exponent] = p.toExponential(digits - 1).split('e');
  return `${mantissa}e${Number(exponent)}`;
}

/**
 * A duration for a person: `0 s` (the one spelling of zero), `450 ms`, `12.5 s`, `43.8 min`, `5h 22m`, `3d 4h`, `1.5 y`;
 * `unbounded` for Infinity. Under an hour, three significant digits; above, two units.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return seconds > 0 ? 'unbounded' : '?';
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds === 0) return '0 s';
  if (seconds < 1) return `${sig(seconds * 1000)} ms`;
  if (seconds < SECONDS_PER_MINUTE) return `${sig(seconds)} s`;
  if (seconds < SECONDS_PER_HOUR) return `${sig(seconds / SECONDS_PER_MINUTE)} min`;
  if (seconds < SECONDS_PER_DAY) return twoUnits(seconds, SECONDS_PER_HOUR, 'h', SECONDS_PER_MINUTE, 'm');
  if (seconds < 365 * SECONDS_PER_DAY) return twoUnits(seconds, SECONDS_PER_DAY, 'd', SECONDS_PER_HOUR, 'h');
  return `${sig(seconds / SECONDS_PER_YEAR)} y`;
}

/** A duration in `.topo` units, exact when possible: `15s`, `1h`, `2.5m`. For RTO/RPO targets. */
export function formatTopoDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unbounded';
  const units: [number, string][] = [[SECONDS_PER_DAY, 'd'], [SECONDS_PER_HOUR, 'h'], [SECONDS_PER_MINUTE, 'm'], [1, 's']];
  // Zero is spelt as everywhere else in a report (`0 s`), not `0ms`.
  if (seconds === 0) return formatDuration(0);
  for (const [size, unit] of units) if (seconds >= size && Number.isInteger(seconds / size)) return `${seconds / size}${unit}`;
  return seconds < 1 ? `${sig(seconds * 1000)}ms` : `${sig(seconds)}s`;
}

function twoUnits(seconds: number, big: number, bigUnit: string, small: number, smallUnit: string): string {
  let whole = Math.floor(seconds / big);
  let rest = Math.round((seconds - whole * big) / small);
  if (rest * small >= big) {
    whole += 1;
    rest = 0;
  }
  return rest === 0 ? `${whole}${bigUnit}` : `${whole}${bigUnit} ${rest}${smallUnit}`;
}

/** Three significant digits, no exponent, no trailing zeros: 43.8, 120, 0.5. */
function sig(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** Pads cells into aligned columns; numbers in `right` columns are right-aligned. */
export function formatTable(header: string[], rows: string[][], right: Set<number> = new Set()): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (right.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
