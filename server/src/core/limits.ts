/**
 * The bounds of every option a person types — CLI flags, language-server requests and settings,
 * the extension's input boxes — once, so the adapters accept the same values and say the same
 * thing about the others. Bounds keep a typo from hanging a core: a Monte Carlo run of 1e8
 * years of the spec example takes about 17 minutes on one core.
 */
import { SECONDS_PER_YEAR } from '../../../grammar/src/units';
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

/**
 * The latest time a scenario may fail something (`--fail NAME@T`, `fail X at T`): 100,000 years.
 *
 * A timeline keeps its times as float64 seconds from 0, and a double has 53 bits: between 2^e
 * and 2^(e+1) seconds its values lie 2^(e−52) s apart, so every sum `T + MTTR` or `T + T_fo`
 * is rounded to that. The limit, 3.16e12 s, is below 2^42 s, where they lie at most 2^-11 s
 * (0.49 ms) apart: each time is within a quarter of a millisecond of the exact one, and the
 * few sums of a timeline keep its durations exact to the millisecond, the language's finest
 * unit. Ten times further, near 2^45 s, they lie 3.9 ms apart and a 500ms failover is off;
 * at 1e12 years they lie 4,096 s apart and a 1h outage comes out as 4,096 s or vanishes. Times
 * past the limit are refused, never rounded (the Monte Carlo keeps its clock relative to each
 * batch and needs no such limit).
 */
export const MAX_FAILURE_YEARS = 100_000;
export const MAX_FAILURE_SECONDS = MAX_FAILURE_YEARS * SECONDS_PER_YEAR;

/**
 * Why `seconds` cannot be the time of a failure — it is past `MAX_FAILURE_SECONDS` — with the
 * time named as the person wrote it (`shown`); undefined when it can be one.
 */
export function checkFailureTime(seconds: number, shown: string): string | undefined {
  if (!(seconds > MAX_FAILURE_SECONDS)) return undefined;
  return `the failure time ${shown} is past the simulation's limit of ${MAX_FAILURE_YEARS.toLocaleString('en-US')} years, beyond which its clock of float64 seconds loses the millisecond`;
}

/**
 * The most instance boxes a diagram draws. A layer of more than `perLayer` instances is drawn
 * summarised, one box per node and zone (`app ×33,334 (az1)`, or per zone alone when that is
 * still more than `perLayer` boxes); then, while the whole diagram would draw more than `total`
 * boxes, its largest layers are summarised too. Past a few hundred boxes a layer is a texture, not
 * a picture, and the view model, the SVG and the page grow with every box: 200,000 instances
 * drawn one by one made a 66 MB view model. Applies to what is drawn only; the figures are
 * computed over every instance.
 */
export const DIAGRAM_LIMITS = { perLayer: 500, total: 2_000 } as const;

/**
 * The most common causes that may cover part of one layer (canary shares, node groups among
 * several nodes, docs/language.md "Common causes"): the engine mixes over their states, 2^n
 * variants of the layer. One more is error `limit` on its line, and the system has no figures.
 */
export const PARTIAL_COMMON_CAUSES_PER_LAYER = 10;

/**
 * The bounds of an estate (docs/language.md, "Estates"): the files one document may import, transitively,
 * and their text together, so that an import of a huge tree or a generated loop stays quick.
 */
export const ESTATE_LIMITS = {
  files: 200,
  textLength: 4 * 1024 * 1024,
  /** Services in one composite (a system with its dependencies, or a journey). */
  services: 1000,
} as const;

/**
 * The bounds of `topo import` (docs/import.md): the text of a source file (the CLI's bounded read
 * stops there) and of all the files of one import, the YAML documents read, the services or
 * workloads one draft may hold, and the replicas of one of them, so a generated or hostile file
 * gives a clear error instead of a draft too large to analyse.
 */
export const IMPORT_LIMITS = {
  textLength: 1024 * 1024,
  services: 1000,
  replicas: 10_000,
  /** The text of every file of one import together (`topo import k8s DIR` reads many). */
  totalTextLength: 8 * 1024 * 1024,
  /** YAML documents of one import (a Kubernetes manifest is one document, a `kind: List` item one more). */
  documents: 10_000,
  /** The longest health-check interval, timeout or replication lag a draft takes (seconds): a day. */
  durationSeconds: 86_400,
  /** The largest failure count (`unhealthy`), capacity or load a draft takes. */
  count: 1_000_000,
} as const;

/**
 * What `topo diff` (issue 22, `core/diff/`) lists of each system or journey that changed: the
 * cut sets whose probability changed most (the reports list five too), and the layers whose own U
 * moved, in the text and Markdown reports (the JSON carries every layer that moved; a file's
 * layers are bounded by its model). `relativeChange` is the smallest relative change of a U
 * that counts as a change: the engine's own relative error bound (ARCHITECTURE.md: exact within
 * 1e-9), below which two figures are the same figure. The editor's "Compare with…" offers the
 * `revisions` latest commits that changed the file (`topo/revisions`; at most `maxRevisions` when
 * asked for more), and takes a revision of at most `revisionLength` characters.
 */
export const DIFF_LIMITS = { cutSets: 5, layers: 10, relativeChange: 1e-9, revisions: 20, maxRevisions: 200, revisionLength: 1000 } as const;
