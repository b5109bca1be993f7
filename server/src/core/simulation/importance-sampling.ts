/**
 * Variance reduction for highly available designs: regenerative simulation with balanced
 * failure biasing (importance sampling), for when plain Monte Carlo would need ~1e8 years.
 *
 * The system regenerates whenever every element is up and no failover is in progress (the
 * exponential clocks are memoryless), so U = E[D] / E[C] over i.i.d. cycles, D the system's
 * downtime in a cycle and C its length. A cycle is: the time to the first failure, Exp(Λ) with
 * Λ the summed failure rates (its mean 1/Λ is added exactly, not simulated), then a busy period
 * from that failure until everything is up again. The first failure is drawn from the true
 * distribution; during the busy period every up element's failure rate is raised by a factor b
 * so that a failure is about as likely as a repair ("balanced failure biasing"), and each path is
 * weighted by its likelihood ratio L. E_IS[D·L] = E[D] exactly (the estimator of the numerator is
 * unbiased); the ratio to the estimated E[C] = 1/Λ + E_IS[B·L] is consistent, with a bias of
 * order 1/cycles, far below its standard error. Failover windows are deterministic and untouched:
 * each lasts the T_fo of the first standby up as it opens (the machine's rules, spec section 7).
 */
import { Machine, type MachineListener } from './machine';
import { analyticFigure, tQuantile975 } from './batch-means';
import { Rng } from './rng';
import type { Structure } from './structure';
import type { AnalyticFigure, ImportanceSamplingResult } from './types';
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';

/** Failures this many times as likely as repairs in a busy period: 0.25 tested best on k-of-n designs. */
export const DEFAULT_BIAS = 0.25;

/** A busy period longer than this many events is abandoned (counted in `abandonedCycles`). */
const MAX_EVENTS_PER_CYCLE = 1_000_000;

export interface ImportanceSamplingOptions {
  cycles: number;
  seed: number;
  /** Target ratio of the biased failure rate to the repair rate in a busy period (default 0.25). */
  bias?: number;
}

/** One busy period's weighted observations. */
interface Cycle {
  downSeconds: number;
  busySeconds: number;
  outages: number;
  likelihood: number;
}

/** Runs `cycles` regenerative cycles with failure biasing; deterministic for a seed. */
export class RegenerativeImportanceSampler implements MachineListener {
  private readonly machine: Machine;
  private readonly rng: Rng;
  private readonly failureRate: Float64Array;
  private readonly repairRate: Float64Array;
  private readonly failoverEnd: Float64Array;
  private readonly totalFailureRate: number;
  private readonly bias: number;
  private now = 0;
  private outages = 0;
  private done = 0;
  private readonly sums = { down: 0, busy: 0, outages: 0, downSquared: 0, busySquared: 0, cross: 0, abandoned: 0 };

  constructor(private readonly s: Structure, private readonly options: ImportanceSamplingOptions) {
    this.machine = new Machine(s);
    this.machine.listener = this;
    this.rng = new Rng(options.seed, 0x15);
    this.failureRate = Float64Array.from(s.mtbfSeconds, (m) => (Number.isFinite(m) && m > 0 ? 1 / m : 0));
    this.repairRate = Float64Array.from(s.mttrSeconds, (m) => 1 / m);
    this.failoverEnd = new Float64Array(s.layers.length).fill(Infinity);
    this.totalFailureRate = this.failureRate.reduce((a, b) => a + b, 0);
    this.bias = options.bias ?? DEFAULT_BIAS;
  }

  /** Share of the cycles done, 0..1. */
  get progress(): number {
    return this.options.cycles > 0 ? this.done / this.options.cycles : 1;
  }

  /** Runs up to `maxCycles` more cycles; returns true when all are done. */
  run(maxCycles: number): boolean {
    if (!(this.totalFailureRate > 0)) {
      // Nothing ever fails: U = 0 exactly, and there is no cycle to simulate.
      this.done = this.options.cycles;
      return true;
    }
    const stop = Math.min(this.options.cycles, this.done + maxCycles);
    while (this.done < stop) {
      const c = this.cycle();
      const sums = this.sums;
      const down = c.downSeconds * c.likelihood;
      const busy = c.busySeconds * c.likelihood;
      sums.down += down;
      sums.busy += busy;
      sums.outages += c.outages * c.likelihood;
      sums.downSquared += down * down;
      sums.busySquared += busy * busy;
      sums.cross += down * busy;
      this.done++;
    }
    return this.done >= this.options.cycles;
  }

  /** U with a 95% interval (delta method on the ratio of means over i.i.d. cycles). */
  result(analyticUnavailability: number | AnalyticFigure = NaN): ImportanceSamplingResult {
    const n = this.totalFailureRate > 0 ? this.done : 0;
    const { down, busy, outages, downSquared, busySquared, cross, abandoned } = this.sums;
    const meanDown = n > 0 ? down / n : 0;
    const meanCycle = n > 0 ? 1 / this.totalFailureRate + busy / n : Infinity;
    const u = this.totalFailureRate > 0 && n > 0 ? meanDown / meanCycle : 0;
    // Var(D·L − U·B·L) per cycle, from the running sums.
    const varDown = downSquared / n - meanDown * meanDown;
    const meanBusy = n > 0 ? busy / n : 0;
    const varBusy = busySquared / n - meanBusy * meanBusy;
    const covariance = cross / n - meanDown * meanBusy;
    const residual = Math.max(0, varDown - 2 * u * covariance + u * u * varBusy) * (n / Math.max(1, n - 1));
    const halfWidth = n > 1 ? (tQuantile975(n - 1) * Math.sqrt(residual / n)) / meanCycle : Infinity;
    const years = n > 0 ? (n * meanCycle) / SECONDS_PER_YEAR : 0;
    const result: ImportanceSamplingResult = {
      method: 'importance-sampling',
      cycles: n,
      seed: this.options.seed,
      unavailability: { mean: u, ci95: [Math.max(0, u - halfWidth), u + halfWidth] },
      analytic: analyticFigure(analyticUnavailability),
      outagesPerYear: n > 0 ? (outages / n / meanCycle) * SECONDS_PER_YEAR : 0,
      equivalentYears: years,
      abandonedCycles: abandoned,
    };
    if (!(this.totalFailureRate > 0)) {
      result.unavailability.ci95 = [0, 0];
      result.warning = 'no element of this system can fail: U = 0 exactly';
    } else if (!(u > 0)) result.warning = 'no downtime observed in any cycle: the unavailability is too small to estimate this way';
    else if (halfWidth / u > 0.5) result.warning = `the 95% interval is ±${Math.round((100 * halfWidth) / u)}% of the mean: run more cycles`;
    return result;
  }

  failoverStarted(layer: number, _failedUnit: number, _targetUnit: number, windowSeconds: number): void {
    this.failoverEnd[layer] = this.now + windowSeconds;
  }

  promoted(): void {}

  failedBack(): void {}

  systemChanged(up: boolean): void {
    if (!up) this.outages++;
  }

  /** One busy period, from the first failure back to everything up and no failover running. */
  private cycle(): Cycle {
    const m = this.machine;
    const elementCount = this.failureRate.length;
    m.reset(new Uint8Array(elementCount));
    this.failoverEnd.fill(Infinity);
    this.now = 0;
    this.outages = 0;
    let likelihood = 1;
    let downSeconds = 0;
    let downCount = 1;
    // The first failure, drawn from the true distribution: which element fails first.
    this.toggle(this.pick((e) => this.failureRate[e] as number, this.totalFailureRate));
    for (let events = 0; ; events++) {
      const nextFailover = Math.min(...this.failoverEnd);
      if (downCount === 0 && nextFailover === Infinity) break;
      if (events >= MAX_EVENTS_PER_CYCLE) {
        this.sums.abandoned++;
        break;
      }
      let upRate = 0;
      let downRate = 0;
      for (let e = 0; e < elementCount; e++) {
        if (m.elementDown[e]) downRate += this.repairRate[e] as number;
        else upRate += this.failureRate[e] as number;
      }
      // Balanced failure biasing: failures about `bias` times as likely as repairs while busy.
      const b = downRate > 0 && upRate > 0 ? Math.max(1, (this.bias * downRate) / upRate) : 1;
      const biasedRate = b * upRate + downRate;
      const step = biasedRate > 0 ? this.rng.nextExponential(1 / biasedRate) : Infinity;
      const until = Math.min(this.now + step, nextFailover);
      const elapsed = until - this.now;
      // Path density ratio over the interval: exp(−(true − biased total rate) · elapsed).
      likelihood *= Math.exp((b - 1) * upRate * elapsed);
      if (!m.systemUp) downSeconds += elapsed;
      this.now = until;
      if (until === nextFailover) {
        for (let l = 0; l < this.failoverEnd.length; l++) {
          if (this.failoverEnd[l] === until) {
            this.failoverEnd[l] = Infinity;
            m.completeFailover(l);
          }
        }
        continue;
      }
      const e = this.pick((x) => (m.elementDown[x] ? (this.repairRate[x] as number) : b * (this.failureRate[x] as number)), biasedRate);
      if (!m.elementDown[e]) likelihood /= b;
      downCount += m.elementDown[e] ? -1 : 1;
      this.toggle(e);
    }
    return { downSeconds, busySeconds: this.now, outages: this.outages, likelihood };
  }

  private toggle(e: number): void {
    this.machine.setElement(e, this.machine.elementDown[e] ? 0 : 1);
  }

  /** An element drawn with probability weight(e) / total. */
  private pick(weight: (e: number) => number, total: number): number {
    let target = this.rng.nextOpenUnit() * total;
    const count = this.failureRate.length;
    let last = 0;
    for (let e = 0; e < count; e++) {
      const w = weight(e);
      if (w <= 0) continue;
      last = e;
      target -= w;
      if (target <= 0) return e;
    }
    return last;
  }
}
