/**
 * Figures derived from U (spec section 4): nines, downtime per period, error budget.
 */
import type { Downtime, ErrorBudget } from './types';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MONTH, SECONDS_PER_WEEK, SECONDS_PER_YEAR } from '../../../../grammar/src/units';


/** −log10(U); Infinity when U = 0. */
export function ninesOf(unavailability: number): number {
  return unavailability <= 0 ? Infinity : -Math.log10(unavailability);
}

/** Expected downtime per year, month and week, in seconds. */
export function downtimeOf(unavailability: number): Downtime {
  return { year: unavailability * SECONDS_PER_YEAR, month: unavailability * SECONDS_PER_MONTH, week: unavailability * SECONDS_PER_WEEK };
}

/** Budget (1 − slo) × window, and how much of it the design spends on average. */
export function errorBudgetOf(unavailability: number, slo: number, windowSeconds: number): ErrorBudget {
  const budgetSeconds = (1 - slo) * windowSeconds;
  const expectedDowntimeSeconds = unavailability * windowSeconds;
  return {
    windowSeconds,
    budgetSeconds,
    expectedDowntimeSeconds,
    spentFraction: budgetSeconds > 0 ? expectedDowntimeSeconds / budgetSeconds : expectedDowntimeSeconds > 0 ? Infinity : 0,
  };
}

/** A duration for a person: "8.77 h", "43.8 min", "15 s", "450 ms" (never "0 s" for a positive one). */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unbounded';
  const abs = Math.abs(seconds);
  const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)).replace(/\.?0+$/, '');
  if (abs >= SECONDS_PER_DAY) return `${fmt(seconds / SECONDS_PER_DAY)} d`;
  if (abs >= SECONDS_PER_HOUR) return `${fmt(seconds / SECONDS_PER_HOUR)} h`;
  if (abs >= 60) return `${fmt(seconds / 60)} min`;
  if (abs >= 1 || abs === 0) return `${fmt(seconds)} s`;
  return `${Number((seconds * 1000).toPrecision(3))} ms`;
}

/** Above this many nines a percentage needs more than 12 decimals: the nines are printed instead. */
const MAX_PERCENT_NINES = 11;

/**
 * An availability as a percentage with enough digits to see the nines: "99.93880%"; beyond
 * 11 nines, where a percentage is a wall of 9s, the nines themselves: "12.30 nines".
 */
export function formatAvailability(unavailability: number): string {
  if (unavailability <= 0) return '100%';
  const nines = ninesOf(unavailability);
  if (nines > MAX_PERCENT_NINES) return `${nines.toFixed(2)} nines`;
  const digits = Math.min(12, Math.max(2, Math.ceil(nines) + 1));
  return `${((1 - unavailability) * 100).toFixed(digits)}%`;
}
