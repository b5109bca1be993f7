/**
 * A seeded pseudo-random generator that gives the same numbers on every machine: xoshiro128**
 * (Blackman and Vigna) in pure 32-bit integer arithmetic, seeded through splitmix32.
 */

/** One step of splitmix32 on `state`; returns [next state, output]. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return [next, (z ^ (z >>> 15)) >>> 0];
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/** xoshiro128**: 32-bit state words, period 2^128 − 1. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** A generator for stream `stream` of run `seed`: streams of one seed are independent. */
  constructor(seed: number, stream = 0) {
    // Seeds are 32-bit: the low word of `seed`. The stream index is mixed in after one round.
    let [state, out] = splitmix32(seed >>> 0);
    state = (out ^ Math.imul(stream + 1, 0x85ebca6b)) | 0;
    const words: number[] = [];
    for (let k = 0; k < 4; k++) {
      [state, out] = splitmix32(state);
      words.push(out);
    }
    this.s0 = words[0] as number;
    this.s1 = words[1] as number;
    this.s2 = words[2] as number;
    this.s3 = words[3] as number;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator in a given raw state (for checking against the reference implementation). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Rng {
    const rng = new Rng(0);
    rng.s0 = s0 | 0;
    rng.s1 = s1 | 0;
    rng.s2 = s2 | 0;
    rng.s3 = s3 | 0;
    return rng;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const rotated = Math.imul(s1, 5);
    const result = Math.imul((rotated << 7) | (rotated >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** A uniform number in (0, 1] with 53 random bits (never 0, so its logarithm is finite). */
  nextOpenUnit(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low + 1) / TWO_POW_53;
  }

  /** An exponential variate with the given mean (Infinity stays Infinity). */
  nextExponential(mean: number): number {
    // Infinity × log(1) would be NaN, and a NaN time would stall the event queue.
    if (mean === Infinity) return Infinity;
    return -mean * Math.log(this.nextOpenUnit());
  }

  /**
   * Fills `out` with standard exponential variates, −ln U with U from `nextOpenUnit`, in draw
   * order: `mean * out[k]` equals the matching `nextExponential(mean)` bit for bit (negating is
   * exact and IEEE products are symmetric in sign). A hot loop reads them in turn instead of
   * calling. The generator steps are `nextUint32`'s, run on local copies of the state.
   */
  fillStandardExponentials(out: Float64Array): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let k = 0; k < out.length; k++) {
      let rotated = Math.imul(s1, 5);
      const high = Math.imul((rotated << 7) | (rotated >>> 25), 9) >>> 5;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      rotated = Math.imul(s1, 5);
      const low = Math.imul((rotated << 7) | (rotated >>> 25), 9) >>> 6;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[k] = -Math.log((high * TWO_POW_26 + low + 1) / TWO_POW_53);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }
}
