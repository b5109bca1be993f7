/**
 * Figures derived from U (spec section 4): nines, downtime per period, error budget. They are
 * numbers; `../text/format.ts` spells them.
 */
import type { Downtime, ErrorBudget } from './types';
import { SECONDS_PER_MONTH, SECONDS_PER_WEEK, SECONDS_PER_YEAR } from '../../../../grammar/src/units';

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

export type Verdict = 'met' | 'missed' | 'undetermined';

/**
 * Whether an objective (an SLO or SLA of `target` availability) is met, from U and, when U is
 * only bounded, its [lower, upper] bounds (`unavailability` is then the upper one): 'met' only if
 * the floor on availability meets it, 'missed' only if even the lower bound on U misses it, else
 * 'undetermined'. The one rule: diagnostics, reports, hover, lens, diagram and status bar use it.
 */
export function verdictOf(unavailability: number, bounds: readonly [number, number] | undefined, target: number): Verdict {
  if (1 - unavailability >= target) return 'met';
  return bounds && 1 - bounds[0] >= target ? 'undetermined' : 'missed';
}
