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
  rto: { targetSeconds: number | null; worstOutageSeconds: number; met: boolean };
  rpo: { targetSeconds: number | null; dataLossSeconds: number; met: boolean };
  /** Layers that ran without redundancy, and for how long. */
  unprotected: { layer: string; seconds: number }[];
}

export interface MonteCarloOptions {
  years: number;
  seed: number;
}

export interface MonteCarloResult {
  years: number;
  seed: number;
  unavailability: { mean: number; ci95: [number, number] };
  analytic: { unavailability: number };
  outagesPerYear: number;
  meanOutageSeconds: number;
  longestOutageSeconds: number;
  downtimeSecondsPerYear: number;
  /** Set when the interval is too wide to mean much (e.g. too few outages observed). */
  warning?: string;
}
