/**
 * The only place a figure is spelt. The reports, the analysis diagnostics, the editor (hovers,
 * code lenses, inlay hints), the simulation timelines, the diagram and the CLI all print numbers
 * and durations through these functions, so a figure reads the same everywhere.
 *
 * - **Availability** is printed from the unavailability U, with enough decimals that four
 *   significant digits of U are visible (99.93880% for U = 6.11957e-4, 99.98800% for 1.2e-4):
 *   99.99% and 99.994% differ by a third of their downtime, and rounding must never hide that,
 *   nor round up to a 100% the system does not have. Where that needs more than 12 decimals
 *   (U < 1e-11) the nines are printed instead (`12.30 nines`).
 * - **An objective** (slo/sla) is the percentage as written: up to 6 decimals, no trailing zeros
 *   (`99.95%`, `99.9%`).
 * - **A duration for a person** has one spelling, the number and its unit written together:
 *   `0s` (the one spelling of zero), `450ms`, `12.5s` under a minute (three significant digits);
 *   from a minute on, two units with the smaller one rounded, not truncated (`1m 30s`, `43m 48s`,
 *   `5h 22m`, `2d 8h`; the second dropped when it rounds to zero: `1h`, `2d`); from a year
 *   (365.25 days) on, years with three significant digits (`1.5y`). Rounding that reaches the
 *   next unit carries into it (59.95 s is `1m`, 3599.9 s is `1h`). Negative durations take a
 *   minus sign, Infinity is `unbounded`, anything else not finite is `?`.
 * - **A bound.** When the analysis stops at its work limit, U is known only between two bounds
 *   and the figure shown is the upper one: a floor on availability and nines, a ceiling on
 *   downtime. Each then says so, `at least 99.98229%`, `≥ 3.75 nines`, `at most 1h 33m`, and
 *   the bounds are named beside it, `bounded: the analysis stopped at its work limit; U between
 *   1.01e-63 and 1.77e-4`: an upper bound never reads as an exact U.
 * - **A `.topo` duration** (an rto/rpo target or a window, as written) is a literal of the
 *   language: the largest unit that divides it exactly (`5m`, `1h`, `90s`, `500ms`), else up to
 *   six significant digits of seconds or milliseconds (`61.4s`, `999.6ms`); zero is `0s` here too.
 */
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE, SECONDS_PER_YEAR } from '../../../../grammar/src/units';

/** Significant digits of U kept visible in a percentage. */
const VISIBLE_DIGITS_OF_U = 4;
/** Past this many decimals a percentage is a wall of 9s: the nines are printed instead. */
const MAX_DECIMALS = 12;

/**
 * An availability as a percentage, from its unavailability: `99.93880%`, `100%`, `0%`; past
 * 12 decimals, the nines (`12.30 nines`); `?` when U is not a number.
 */
export function formatAvailability(unavailability: number): string {
  if (Number.isNaN(unavailability)) return '?';
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

/** An availability known only as a floor (its U is an upper bound): `at least 99.98229%`. */
export function formatAvailabilityFloor(unavailabilityUpper: number): string {
  return `at least ${formatAvailability(unavailabilityUpper)}`;
}

/** Nines known only as a floor (from an upper bound on U): `≥ 3.75`. */
export function formatNinesFloor(nines: number): string {
  return `≥ ${formatNines(nines)}`;
}

/** A duration known only as a ceiling (from an upper bound on U): `at most 1h 33m`. */
export function formatDurationCeiling(seconds: number): string {
  return `at most ${formatDuration(seconds)}`;
}

/** A share known only as a ceiling (from an upper bound on U): `at most 122%`. */
export function formatShareCeiling(fraction: number): string {
  return `at most ${formatShare(fraction)}`;
}

/** Two bounds on a probability (U), to `digits` significant digits: `between 1.01e-63 and 1.77e-4`. */
export function formatBetween(bounds: readonly [number, number], digits = 3): string {
  return `between ${formatProbability(bounds[0], digits)} and ${formatProbability(bounds[1], digits)}`;
}

/** Why a figure is a bound, and its bounds: `bounded: the analysis stopped at its work limit; U between 1.01e-63 and 1.77e-4`. */
export function formatBoundNote(bounds: readonly [number, number]): string {
  return `bounded: the analysis stopped at its work limit; U ${formatBetween(bounds)}`;
}

/** An objective (slo/sla, a fraction) as a percentage as written: `99.95%`, `99.9%`; up to 6 decimals, no trailing zeros. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '?';
  return `${Number((fraction * 100).toFixed(6))}%`;
}

/** A ratio as a share, for budgets: two significant digits under 10% (`0.4%`, `4.5%`), whole percents above (`122%`); `∞` for Infinity. */
export function formatShare(fraction: number): string {
  if (Number.isNaN(fraction)) return '?';
  if (!Number.isFinite(fraction)) return fraction > 0 ? '∞' : '-∞';
  const percent = fraction * 100;
  return Math.abs(percent) >= 10 ? `${Math.round(percent)}%` : `${Number(percent.toPrecision(2))}%`;
}

/** Nines (−log10 U) with two decimals: `3.21`; `∞` when nothing can fail. */
export function formatNines(nines: number): string {
  if (Number.isNaN(nines)) return '?';
  return Number.isFinite(nines) ? nines.toFixed(2) : '∞';
}

/**
 * A probability with `digits` significant digits: plain from 0.01 on (`0.5`, `0.123`), in
 * scientific notation below, significant zeros kept (`6.11e-4`, `1.50e-6`); `0` for zero.
 */
export function formatProbability(p: number, digits = 3): string {
  if (p === 0) return '0';
  if (!Number.isFinite(p)) return '?';
  if (Math.abs(p) >= 0.01) return formatNumber(p, digits);
  return formatScientific(p, digits);
}

/** Always scientific notation with `digits` significant digits, zeros kept, so figures compare digit by digit: `6.1150e-4`, `7.0000e-2`; `0` for zero. */
export function formatScientific(x: number, digits: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return '?';
  const [mantissa, exponent] = x.toExponential(digits - 1).split('e');
  return `${mantissa}e${Number(exponent)}`;
}

/** A plain number (a rate, a count, a capacity) with up to `digits` significant digits, no trailing zeros: `1.23`, `2000`. */
export function formatNumber(x: number, digits = 6): string {
  if (Number.isNaN(x)) return '?';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  return String(Number(x.toPrecision(digits)));
}

/** A count for a person, with thousands separators: `40,000`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A duration for a person (see the header): `0s`, `450ms`, `12.5s`, `1m 30s`, `5h 22m`, `2d 8h`, `1.5y`, `unbounded`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return seconds === Infinity ? 'unbounded' : '?';
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds === 0) return '0s';
  if (seconds < 1 && significant(seconds * 1000) < 1000) return `${sig(seconds * 1000)}ms`;
  if (significant(seconds) < SECONDS_PER_MINUTE) return `${sig(seconds)}s`;
  for (const [big, bigUnit, small, smallUnit, below] of TWO_UNITS) {
    const rounded = Math.round(seconds / small) * small;
    if (rounded < below) return twoUnits(rounded, big, bigUnit, small, smallUnit);
  }
  return `${sig(seconds / SECONDS_PER_YEAR)}y`;
}

/** The two-unit spellings, each up to where the next takes over: [big, unit, small, unit, below]. */
const TWO_UNITS: readonly [number, string, number, string, number][] = [
  [SECONDS_PER_MINUTE, 'm', 1, 's', SECONDS_PER_HOUR],
  [SECONDS_PER_HOUR, 'h', SECONDS_PER_MINUTE, 'm', SECONDS_PER_DAY],
  [SECONDS_PER_DAY, 'd', SECONDS_PER_HOUR, 'h', SECONDS_PER_YEAR],
];

/** `rounded` (a whole number of `small`) as `5h 22m`, or `5h` when the small unit is zero. */
function twoUnits(rounded: number, big: number, bigUnit: string, small: number, smallUnit: string): string {
  const whole = Math.floor(rounded / big);
  const rest = Math.round((rounded - whole * big) / small);
  return rest === 0 ? `${whole}${bigUnit}` : `${whole}${bigUnit} ${rest}${smallUnit}`;
}

/** The largest unit of the language that divides a duration exactly, largest first. */
const TOPO_UNITS: readonly [number, string][] = [[SECONDS_PER_YEAR, 'y'], [SECONDS_PER_DAY, 'd'], [SECONDS_PER_HOUR, 'h'], [SECONDS_PER_MINUTE, 'm'], [1, 's']];

/** A duration as a `.topo` literal, exact when possible: `15s`, `1h`, `90m`, `30d`, `1y`, `500ms`; for rto/rpo targets and windows as written. */
export function formatTopoDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return seconds === Infinity ? 'unbounded' : '?';
  if (seconds < 0) return `-${formatTopoDuration(-seconds)}`;
  if (seconds === 0) return '0s';
  for (const [size, unit] of TOPO_UNITS) if (seconds >= size && Number.isInteger(seconds / size)) return `${seconds / size}${unit}`;
  // Not a whole number of seconds: six significant digits, as many as a person writes.
  return seconds < 1 ? `${formatNumber(seconds * 1000)}ms` : `${formatNumber(seconds)}s`;
}

/** Three significant digits as a number: 43.8, 120, 0.5. */
function significant(x: number): number {
  return Number(x.toPrecision(3));
}

/** Three significant digits, no trailing zeros: `43.8`, `120`, `0.5`. */
function sig(x: number): string {
  return String(significant(x));
}

/** Pads cells into aligned columns; cells in `right` columns (numbers) are right-aligned. */
export function formatTable(header: string[], rows: string[][], right: Set<number> = new Set()): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (right.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

// ── Changes (`topo diff`): the figure spelt as above, with its sign ─────────────────────────

/** U+2212 for a fall, `+` for a rise, nothing for zero. */
function signOf(x: number): string {
  return x > 0 ? '+' : x < 0 ? '\u2212' : '';
}

/** A change in percentage points with a sign and three significant digits: `−0.00511`, `+0.0599`, `0`. */
export function formatSignedPoints(points: number): string {
  if (points === 0) return '0';
  return `${signOf(points)}${formatNumber(Math.abs(points), 3)}`;
}

/** A change of duration with a sign: `+26m 48s`, `−1h`, `0s`. */
export function formatSignedDuration(seconds: number): string {
  return `${signOf(seconds)}${formatDuration(Math.abs(seconds))}`;
}
