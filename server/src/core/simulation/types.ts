/**
 * Results of the failover simulations (spec section 7, JSON shapes of section 8).
 */

export type SimEventType =
  | 'failure' | 'detected' | 'promoted' | 'degraded' | 'layer-down' | 'layer-up'
  | 'system-down' | 'system-up' | 'data-loss' | 'repaired';

export interface SimEvent {
  /** Seconds since the scenario started. */
  t: number;
  type: SimEventType;
  element?: string;
  layer?: string;
  detail: string;
}

export interface ScenarioFailure {
  element: string;
  /** Seconds. */
  at: number;
}

export interface ScenarioResult {
  failures: ScenarioFailure[];
  events: SimEvent[];
  outages: { start: number; end: number }[];
  systemDowntimeSeconds: number;
  /** `met` is null when the system sets no `rto` (nothing to meet). */
  rto: { targetSeconds: number | null; worstOutageSeconds: number; met: boolean | null };
  /** `met` is null when the system sets no `rpo`; `dataLossSeconds` is Infinity (null in JSON) when unbounded. */
  rpo: { targetSeconds: number | null; dataLossSeconds: number; met: boolean | null };
  /**
   * Layers that ran without redundancy while up (one more failure would take them down), and for
   * how long; time a layer spent down is an outage, not counted here.
   */
  unprotected: { layer: string; seconds: number }[];
  /** Data lost over the whole scenario (rpo.dataLossSeconds is the worst single loss). */
  totalDataLossSeconds?: number;
  /** When the last event happened (every failed element repaired, every failover over). */
  endSeconds?: number;
}

/** A simulation's answer, or why there is none (e.g. an unknown name, with the closest declared one). */
export type SimulationOutcome<T> = { ok: true; result: T } | { ok: false; error: string; suggestion?: string };

export interface MonteCarloOptions {
  years: number;
  seed: number;
  /**
   * Independent streams the years are split into (default 1). The result depends on the seed
   * and the number of streams only, so `--workers N` in threads equals N streams in one thread.
   */
  streams?: number;
}

/**
 * The exact analysis' U beside a simulated one: NaN when there is none; with `bounds` [lower,
 * upper] when the analysis stopped at its work limit (`unavailability` is then the upper bound).
 */
export interface AnalyticFigure {
  unavailability: number;
  bounds?: [number, number];
}

export interface MonteCarloResult {
  years: number;
  seed: number;
  unavailability: { mean: number; ci95: [number, number] };
  analytic: AnalyticFigure;
  outagesPerYear: number;
  meanOutageSeconds: number;
  longestOutageSeconds: number;
  downtimeSecondsPerYear: number;
  /** Set when the interval is too wide to mean much (e.g. too few outages observed). */
  warning?: string;
  /** System outages observed. */
  outages?: number;
  /** Batches behind the interval (batch means). */
  batches?: number;
  streams?: number;
  /** Element up/down transitions simulated. */
  elementEvents?: number;
  /** Set when the run was stopped before its end (Ctrl-C, cancel): `years` is then what was simulated. */
  stopped?: { requestedYears: number };
}

/** Importance-sampling estimate for highly available designs (see importance-sampling.ts). */
export interface ImportanceSamplingResult {
  method: 'importance-sampling';
  /** Regenerative cycles simulated (each from a first failure back to everything up). */
  cycles: number;
  seed: number;
  unavailability: { mean: number; ci95: [number, number] };
  analytic: AnalyticFigure;
  /** Expected system outages per year (weighted). */
  outagesPerYear: number;
  /** The simulated time the cycles stand for, in years. */
  equivalentYears: number;
  /** Cycles cut short at the event limit (their weight is kept as observed). */
  abandonedCycles: number;
  /** Set when the run was stopped before its end (Ctrl-C): `cycles` is then what was simulated. */
  stopped?: { requestedCycles: number };
  warning?: string;
}
