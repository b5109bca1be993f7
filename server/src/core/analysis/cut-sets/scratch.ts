/**
 * The scratch memory of one cut-set computation: the buffer that holds every layer's cut sets as
 * element ids, and the typed arrays the steps reuse. Typed arrays cost more to allocate than a
 * small layer takes to walk, so a computation reuses them from layer to layer; one computation's
 * scratch is never another's while it runs (`run.ts` takes a free one, or a new one, for each run
 * and gives it back when the run ends), so computations can interleave and nest.
 */

/** A new length of at least `n` for an array of `length`. */
export function grown(length: number, n: number): number {
  return Math.max(n, 2 * length);
}

/** A copy of `a`, with room for `n`, the rest −1. */
export function grownFilled(a: Int32Array, n: number): Int32Array {
  const out = new Int32Array(grown(a.length, n)).fill(-1);
  out.set(a);
  return out;
}

/**
 * The id buffer and the reused arrays of one computation. Each array is used by one step at a
 * time (the steps are synchronous and never re-entered within a computation).
 */
export class CutSetScratch {
  /**
   * The ids of the computation's cut sets are `ids[0 … top)`, one set after another. Growing the
   * buffer copies them; `LayerCuts` made before keep the old buffer, which still holds theirs.
   */
  ids = new Int32Array(1024);
  top = 0;
  private flagArray = new Uint8Array(256);
  private layerIndexArray = new Int32Array(256);
  private rankArray = new Int32Array(64);
  private unavailabilityArray = new Float64Array(64);
  private idKeyArray = new Float64Array(64);

  /** The id buffer, with room for `n` more ids at `top`. */
  room(n: number): Int32Array {
    if (this.top + n > this.ids.length) {
      const next = new Int32Array(grown(this.ids.length, this.top + n));
      next.set(this.ids.subarray(0, this.top));
      this.ids = next;
    }
    return this.ids;
  }

  /** `n` zeroed element flags. */
  elementFlags(n: number): Uint8Array {
    if (this.flagArray.length < n) this.flagArray = new Uint8Array(grown(this.flagArray.length, n));
    else this.flagArray.fill(0, 0, n);
    return this.flagArray;
  }

  /** `n` layer indices, all −1. */
  layerIndices(n: number): Int32Array {
    if (this.layerIndexArray.length < n) this.layerIndexArray = new Int32Array(grown(this.layerIndexArray.length, n));
    this.layerIndexArray.fill(-1, 0, n);
    return this.layerIndexArray;
  }

  /** At least `n` integers, contents undefined (for a domain renumbering or fill positions). */
  ranks(n: number): Int32Array {
    if (this.rankArray.length < n) this.rankArray = new Int32Array(grown(this.rankArray.length, n));
    return this.rankArray;
  }

  /** At least `n` numbers, contents undefined (instances' unavailabilities while sorting them). */
  unavailabilities(n: number): Float64Array {
    if (this.unavailabilityArray.length < n) this.unavailabilityArray = new Float64Array(grown(this.unavailabilityArray.length, n));
    return this.unavailabilityArray;
  }

  /** At least `n` numbers, contents undefined (instances' id order keys while sorting them). */
  idKeys(n: number): Float64Array {
    if (this.idKeyArray.length < n) this.idKeyArray = new Float64Array(grown(this.idKeyArray.length, n));
    return this.idKeyArray;
  }
}
