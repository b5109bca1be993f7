/**
 * The bounds of every option a person types — CLI flags, language-server requests and settings,
 * the extension's input boxes — once, so the adapters accept the same values and say the same
 * thing about the others. Bounds keep a typo from hanging a core: a Monte Carlo run of 1e8
 * years of the spec example takes about 17 minutes on one core.
 */
import { DEFAULT_ANALYSIS_OPTIONS } from './analysis/types';

export interface IntegerLimit {
  min: number;
  max: number;
  /** The value when the option is not given (an adapter may offer another, within the bounds). */
  default: number;
}

export const LIMITS = {
  /** Largest minimal cut set order (spec section 5). */
  maxOrder: { min: 1, max: 6, default: DEFAULT_ANALYSIS_OPTIONS.maxOrder },
  /** Simulated years of one Monte Carlo run. */
  years: { min: 1, max: 1e8, default: 10_000 },
  /** A run's seed: the generator's 32-bit state. */
  seed: { min: 0, max: 0xffff_ffff, default: 1 },
  /** Monte Carlo streams run in parallel (`topo montecarlo --workers`). */
  workers: { min: 1, max: 64, default: 1 },
  /** Regenerative cycles of importance sampling. */
  cycles: { min: 1, max: 1e9, default: 100_000 },
} as const satisfies Record<string, IntegerLimit>;

export type OptionName = keyof typeof LIMITS;

/** `value` as the option's whole number within its bounds, or a sentence saying why it is not one. */
export function checkOption(name: OptionName, value: unknown): { ok: true; value: number } | { ok: false; error: string } {
  const { min, max } = LIMITS[name];
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return { ok: true, value };
  const shown = typeof value === 'string' ? `'${value}'` : String(value);
  return { ok: false, error: `${name} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, not ${shown}` };
}
