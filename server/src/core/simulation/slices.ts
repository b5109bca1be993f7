/**
 * Long work in slices (a Monte Carlo run can take hours): each adapter runs the work a slice at a
 * time and between two slices serves its event loop, so a cancel (Ctrl-C, `$/cancelRequest`) and
 * progress get their turn. The policy is here, once; the waiting between slices is the adapter's.
 */

/** The length of one slice of work between two turns of the event loop, in milliseconds (the CLI's; the language server, which answers other requests between slices, takes shorter ones). */
export const SLICE_MS = 100;

/**
 * Years in the first slice of a Monte Carlo run: a small share of a year, since one simulated year
 * of a layer of 10,000 replicas can take half a minute; the slices then grow to about their length.
 */
export const FIRST_SLICE_YEARS = 1 / 1024;

export interface SliceOptions {
  /** Units (years, cycles) of the first slice. */
  initialUnits: number;
  /** Read after each slice: true stops the work there. */
  stop: () => boolean;
  /** A clock in milliseconds. */
  now: () => number;
  /** After each slice that did not finish the work (progress). */
  onSlice?: () => void;
  /** The length the slices aim at (default SLICE_MS). */
  sliceMs?: number;
}

/**
 * Runs `step(units)` until it returns true (finished) or `stop()` says so after a slice, yielding
 * between two slices; returns whether the work finished. The units per slice start at
 * `initialUnits` and double or halve to stay near `sliceMs` by `now()`.
 */
export function* slices(step: (units: number) => boolean, o: SliceOptions): Generator<void, boolean> {
  const target = o.sliceMs ?? SLICE_MS;
  for (let units = o.initialUnits; ; ) {
    const t0 = o.now();
    if (step(units)) return true;
    o.onSlice?.();
    if (o.stop()) return false;
    const ms = o.now() - t0;
    if (ms < target / 2) units *= 2;
    else if (ms > target * 2) units = Math.max(o.initialUnits / 1024, units / 2);
    yield;
  }
}
