/**
 * One Monte Carlo stream: a run of simulated years driven by one seeded generator. Every element
 * alternates up and down with exponential times (mean MTBF, then mean MTTR), starting from its
 * steady state; failover windows follow the machine's rules (spec section 7), each lasting the
 * T_fo of the first standby up as it opens. The stream records batch statistics that
 * `mergeStreams` combines into a confidence interval.
 *
 * Simulated time is kept relative to the current batch (every key is shifted back at each batch
 * boundary), so float64 times keep sub-millisecond precision over millions of years.
 */
import { IndexedHeap } from './heap';
import { Machine, type MachineListener } from './machine';
import { Rng } from './rng';
import type { Structure } from './structure';
import { SECONDS_PER_YEAR } from '../../../../grammar/src/units';

/** How many standard exponential draws the stream takes from its generator at a time. */
const EXPONENTIAL_BATCH = 512;



export interface StreamOptions {
  years: number;
  seed: number;
  /** Stream index: streams of one seed draw independent numbers. */
  stream: number;
  /** Equal-length batches the years are cut into (for the confidence interval). */
  batches: number;
}

/** What one stream observed; plain data, so a worker thread can post it. */
export interface StreamStats {
  stream: number;
  simulatedSeconds: number;
  downSeconds: number;
  outages: number;
  longestOutageSeconds: number;
  elementEvents: number;
  batchSeconds: number[];
  batchDownSeconds: number[];
}

/** One seeded stream of simulated years, run in chunks, with its batch statistics. */
export class MonteCarloStream implements MachineListener {
  private readonly machine: Machine;
  private readonly heap: IndexedHeap;
  private readonly rng: Rng;
  private readonly elementCount: number;
  private readonly batchSeconds: number;
  private readonly totalSeconds: number;
  private now = 0;
  private clock = 0;
  private batchIndex = 0;
  private downSince = 0;
  private batchDown = 0;
  private readonly stats: StreamStats;
  /**
   * Per element, the mean of its next interval by the state it enters: [2e] its MTBF (it comes
   * up), [2e + 1] its MTTR (it goes down). One indexed load instead of a branch on the state.
   */
  private readonly meanSeconds: Float64Array;
  /**
   * The generator's next draws as standard exponentials, used in order from `nextExponential`;
   * refilled when used up. Only element events draw after the start, so the sequence of numbers
   * and the event each one goes to are those of one `nextExponential` call per event.
   */
  private readonly exponentials = new Float64Array(EXPONENTIAL_BATCH);
  private nextExponential = EXPONENTIAL_BATCH;

  constructor(private readonly s: Structure, private readonly options: StreamOptions) {
    this.rng = new Rng(options.seed, options.stream);
    this.elementCount = s.elementNames.length;
    this.totalSeconds = options.years * SECONDS_PER_YEAR;
    this.batchSeconds = this.totalSeconds / options.batches;
    this.heap = new IndexedHeap(this.elementCount + s.layers.length);
    this.machine = new Machine(s);
    this.meanSeconds = new Float64Array(2 * this.elementCount);
    for (let e = 0; e < this.elementCount; e++) {
      this.meanSeconds[2 * e] = s.mtbfSeconds[e] as number;
      this.meanSeconds[2 * e + 1] = s.mttrSeconds[e] as number;
    }
    this.stats = {
      stream: options.stream, simulatedSeconds: 0, downSeconds: 0, outages: 0, longestOutageSeconds: 0,
      elementEvents: 0, batchSeconds: [], batchDownSeconds: [],
    };
    this.startInSteadyState();
  }

  /** Draws each element's initial state (down with probability U) and its residual time. */
  private startInSteadyState(): void {
    const initial = new Uint8Array(this.elementCount);
    for (let e = 0; e < this.elementCount; e++) {
      const down = this.rng.nextOpenUnit() <= (this.s.unavailability[e] as number) ? 1 : 0;
      initial[e] = down;
      this.heap.set(e, this.rng.nextExponential(down ? (this.s.mttrSeconds[e] as number) : (this.s.mtbfSeconds[e] as number)));
    }
    this.machine.reset(initial);
    this.machine.listener = this;
    if (!this.machine.systemUp) {
      this.stats.outages++;
      this.downSince = 0;
    }
  }

  get done(): boolean {
    return this.batchIndex >= this.options.batches;
  }

  /** Share of the stream's years simulated so far, 0..1. */
  get progress(): number {
    return this.done ? 1 : (this.batchIndex * this.batchSeconds + this.clock) / this.totalSeconds;
  }

  /** Simulates up to `maxYears` more years; returns true when the stream is finished. */
  run(maxYears: number): boolean {
    let budget = maxYears * SECONDS_PER_YEAR;
    while (!this.done) {
      const room = this.batchSeconds - this.clock;
      if (budget < room) {
        this.advance(this.clock + budget);
        break;
      }
      budget -= room;
      this.advance(this.batchSeconds);
      this.closeBatch();
    }
    return this.done;
  }

  result(): StreamStats {
    return this.stats;
  }

  /**
   * The statistics of a stream stopped before its end: the batches completed and, as one more
   * (shorter) batch, the time simulated since, its outage still running counted as seen so far.
   */
  resultSoFar(): StreamStats {
    const length = this.clock;
    if (this.done || length <= 0) return this.stats;
    const ongoing = this.machine.systemUp ? 0 : length - Math.max(this.downSince, 0);
    const down = this.batchDown + ongoing;
    return {
      ...this.stats,
      simulatedSeconds: this.stats.simulatedSeconds + length,
      downSeconds: this.stats.downSeconds + down,
      longestOutageSeconds: Math.max(this.stats.longestOutageSeconds, this.machine.systemUp ? 0 : length - this.downSince),
      batchSeconds: [...this.stats.batchSeconds, length],
      batchDownSeconds: [...this.stats.batchDownSeconds, down],
    };
  }

  private advance(limit: number): void {
    const heap = this.heap;
    const machine = this.machine;
    const elementDown = machine.elementDown;
    const exponentials = this.exponentials;
    const meanSeconds = this.meanSeconds;
    const elementCount = this.elementCount;
    let drawn = this.nextExponential;
    let events = 0;
    for (;;) {
      const t = heap.topKey();
      if (!(t < limit)) break;
      const slot = heap.top();
      this.now = t;
      if (slot < elementCount) {
        const down = (elementDown[slot] as number) ^ 1;
        const mean = meanSeconds[2 * slot + down] as number;
        // Draw the next time first: the machine may reschedule other slots, never this one.
        // A mean of Infinity (never fails) draws nothing, as `Rng.nextExponential` does.
        let next = Infinity;
        if (mean !== Infinity) {
          if (drawn === EXPONENTIAL_BATCH) {
            this.rng.fillStandardExponentials(exponentials);
            drawn = 0;
          }
          next = t + mean * (exponentials[drawn++] as number);
        }
        heap.replaceTop(next);
        machine.setElement(slot, down);
        events++;
      } else {
        heap.set(slot, Infinity);
        machine.completeFailover(slot - elementCount);
      }
    }
    this.nextExponential = drawn;
    this.stats.elementEvents += events;
    this.clock = limit;
  }

  private closeBatch(): void {
    const length = this.batchSeconds;
    if (!this.machine.systemUp) this.batchDown += length - Math.max(this.downSince, 0);
    this.stats.batchSeconds.push(length);
    this.stats.batchDownSeconds.push(this.batchDown);
    this.stats.simulatedSeconds += length;
    this.stats.downSeconds += this.batchDown;
    this.batchDown = 0;
    this.heap.shift(length);
    this.downSince -= length;
    this.now -= length;
    this.clock = 0;
    this.batchIndex++;
    if (this.done && !this.machine.systemUp) {
      // An outage still running at the end counts with the length seen so far.
      this.stats.longestOutageSeconds = Math.max(this.stats.longestOutageSeconds, -this.downSince);
    }
  }

  /** A window's end is one more slot of the heap, keyed by T_fo of the standby it is timed by. */
  failoverStarted(layer: number, _failedUnit: number, _targetUnit: number, windowSeconds: number): void {
    this.heap.set(this.elementCount + layer, this.now + windowSeconds);
  }

  promoted(): void {}

  failedBack(): void {}

  systemChanged(up: boolean): void {
    if (!up) {
      this.downSince = this.now;
      this.stats.outages++;
      return;
    }
    const t = this.now;
    this.batchDown += t - Math.max(this.downSince, 0);
    if (t - this.downSince > this.stats.longestOutageSeconds) this.stats.longestOutageSeconds = t - this.downSince;
  }
}
