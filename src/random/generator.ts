/**
 * Seeded pseudo-random number generation, the counterpart of NumPy's `np.random.Generator`.
 *
 * The bit stream is xoroshiro128+ (the same stream as `pure-rand`'s `xoroshiro128plus`, whose state layout
 * {@link Generator.state} keeps), with 53-bit floats built as `pure-rand`'s `uniformFloat64` builds them;
 * on top of it are the distributions an environment needs (uniform, normal, exponential, Poisson,
 * permutations). The generator is written out here, its state in an `Int32Array`, so that the hot loops
 * ({@link Generator.poissonFill}) keep the state in local variables instead of calling out per draw.
 *
 * @example
 * ```ts
 * const rng = new Generator(42);
 * rng.random();        // float in [0, 1)
 * rng.integers(0, 10); // integer in [0, 10)
 * rng.poisson(0.7);    // Poisson draw
 * ```
 * @module
 */
import { randomBytes } from 'node:crypto';

/** 2^-26 and 2^-53: a float in [0, 1) is (26 bits)·2^-26 + (27 bits)·2^-53. */
const SCALE26 = 1.4901161193847656e-8;
const SCALE53 = 1.1102230246251565e-16;
const MASK26 = 0x3ffffff;
const MASK27 = 0x7ffffff;

/**
 * One xoroshiro128+ step on `s` (the 128-bit state as four 32-bit words, in the order of
 * `Generator.state`: high and low word of the first 64-bit half, then of the second), returning the
 * 32-bit output.
 */
function nextInt32(s: Int32Array): number {
  const s01 = s[0]!;
  const s00 = s[1]!;
  const s11 = s[2]!;
  const s10 = s[3]!;
  const a0 = s10 ^ s00;
  const a1 = s11 ^ s01;
  s[0] = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
  s[1] = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
  s[2] = (a0 << 5) ^ (a1 >>> 27);
  s[3] = (a1 << 5) ^ (a0 >>> 27);
  return (s00 + s10) | 0;
}

/** A uniform float in [0, 1) with 53 random bits from two steps of `s`. */
function uniformFloat64(s: Int32Array): number {
  const hi = nextInt32(s) & MASK26;
  const lo = nextInt32(s) & MASK27;
  return hi * SCALE26 + lo * SCALE53;
}

/** Largest seed accepted: seeds are non-negative safe integers. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * Checks that `seed` is a non-negative safe integer and returns it.
 *
 * @throws {TypeError} naming the offending value and the accepted range.
 */
export function checkSeed(seed: unknown, field = 'seed'): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new TypeError(
      `${field} must be a non-negative integer no larger than ${MAX_SEED}, got ${String(seed)}. ` +
        'Pass an integer such as 42, or leave it undefined for a random seed.',
    );
  }
  return seed;
}

/** Draws a fresh seed from the operating system's entropy source. */
export function entropySeed(): number {
  const bytes = randomBytes(8);
  return Number(bytes.readBigUInt64LE() & BigInt(MAX_SEED));
}

/**
 * Expands a seed into the 128-bit generator state with SplitMix64 (the seeding recommended for the
 * xoroshiro family), so that nearby seeds give unrelated streams from the first draw on.
 */
function stateFromSeed(seed: number): number[] {
  const mask = (1n << 64n) - 1n;
  let z = BigInt(seed);
  const words: number[] = [];
  for (let k = 0; k < 2; k++) {
    z = (z + 0x9e3779b97f4a7c15n) & mask;
    let x = z;
    x = ((x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
    x = ((x ^ (x >> 27n)) * 0x94d049bb133111ebn) & mask;
    x ^= x >> 31n;
    words.push(Number(x >> 32n) | 0, Number(x & 0xffffffffn) | 0);
  }
  if (!words.some((v) => v !== 0)) words[0] = 1; // xoroshiro must not start from the all-zero state
  return words;
}

/**
 * A seeded random generator with NumPy-like distributions.
 *
 * Two generators built from the same seed produce the same stream; {@link Generator.state} and
 * {@link Generator.setState} save and restore the stream position.
 */
export class Generator {
  /** The xoroshiro128+ state (see `nextInt32`). */
  private readonly rng = new Int32Array(4);
  private spareNormal: number | null = null;

  /**
   * @param seed non-negative integer; omitted, the generator is seeded from OS entropy.
   */
  constructor(seed?: number) {
    const s = seed === undefined ? entropySeed() : checkSeed(seed);
    this.rng.set(stateFromSeed(s));
  }

  /** Restores a generator from {@link Generator.state}. */
  static fromState(state: readonly number[]): Generator {
    const g = new Generator(0);
    g.setState(state);
    return g;
  }

  /** The generator's current position (five numbers); equal states produce equal streams. */
  get state(): number[] {
    return [this.rng[0]!, this.rng[1]!, this.rng[2]!, this.rng[3]!, this.spareNormal ?? Number.NaN];
  }

  /** Moves the generator to a position previously read from {@link Generator.state}. */
  setState(state: readonly number[]): void {
    if (state.length !== 5) throw new TypeError('Generator state must have 5 entries (from Generator.state).');
    this.rng.set(state.slice(0, 4));
    this.spareNormal = Number.isNaN(state[4]) ? null : state[4]!;
  }

  /** An independent copy at the same position. */
  clone(): Generator {
    return Generator.fromState(this.state);
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  random(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * uniformFloat64(this.rng);
  }

  /** Uniform integer in [low, high) (high exclusive, as NumPy's `integers`). */
  integers(low: number, high: number): number {
    if (!(high > low)) throw new RangeError(`integers(low, high) needs high > low, got low=${low}, high=${high}.`);
    return low + Math.floor(uniformFloat64(this.rng) * (high - low));
  }

  /**
   * Normal draw with the given mean and standard deviation (Marsaglia polar method).
   * @throws {RangeError} when `std` is negative or NaN (NumPy raises too).
   */
  normal(mean = 0, std = 1): number {
    if (!(std >= 0)) throw new RangeError(`normal std must be a number ≥ 0; got ${std}.`);
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return mean + std * v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * uniformFloat64(this.rng) - 1;
      v = 2 * uniformFloat64(this.rng) - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + std * u * f;
  }

  /**
   * Exponential draw with the given scale (mean).
   * @throws {RangeError} when `scale` is negative or NaN.
   */
  exponential(scale = 1): number {
    if (!(scale >= 0)) throw new RangeError(`exponential scale must be a number ≥ 0; got ${scale}.`);
    return -scale * Math.log1p(-uniformFloat64(this.rng));
  }

  /**
   * Poisson draw with mean `lam` ≥ 0: multiplication method below 10, Hörmann's PTRS above (as NumPy).
   * @throws {RangeError} when `lam` is negative, NaN or infinite (NumPy raises too; a NaN would never stop).
   */
  poisson(lam: number): number {
    if (!(lam >= 0 && lam < Infinity)) throw new RangeError(`poisson lam must be a finite number ≥ 0; got ${lam}.`);
    if (lam === 0) return 0;
    if (lam < 10) {
      const limit = Math.exp(-lam);
      let k = 0;
      let p = uniformFloat64(this.rng);
      while (p > limit) {
        k++;
        p *= uniformFloat64(this.rng);
      }
      return k;
    }
    return this.poissonPtrs(lam);
  }

  /**
   * Fills `out[offset + p]` with a draw of Poisson(`lam[p]`) for every p in order, given
   * `expNegLam[p] = Math.exp(-lam[p])`: the same draws as calling {@link Generator.poisson} on each
   * `lam[p]` in turn, in one call (a number passed to a function that is not inlined is boxed, so a
   * per-draw call would allocate).
   * @throws {RangeError} when an entry of `lam` is negative, NaN or infinite (entries before it are drawn).
   */
  poissonFill(lam: Float64Array, expNegLam: Float64Array, out: Float64Array, offset: number): void {
    const st = this.rng;
    // the state lives in locals for the whole fill (the steps of `nextInt32`, written out) and goes back
    // to `st` before anything else may draw or throw
    let s01 = st[0]!;
    let s00 = st[1]!;
    let s11 = st[2]!;
    let s10 = st[3]!;
    for (let p = 0; p < lam.length; p++) {
      const l = lam[p]!;
      if (l === 0) {
        out[offset + p] = 0;
        continue;
      }
      if (!(l > 0 && l < 10)) {
        st[0] = s01;
        st[1] = s00;
        st[2] = s11;
        st[3] = s10;
        if (!(l >= 0 && l < Infinity)) throw new RangeError(`poisson lam must be a finite number ≥ 0; got ${l}.`);
        out[offset + p] = this.poissonPtrs(l);
        s01 = st[0]!;
        s00 = st[1]!;
        s11 = st[2]!;
        s10 = st[3]!;
        continue;
      }
      // multiplication method: k = the number of uniforms whose running product stays above exp(−λ)
      const limit = expNegLam[p]!;
      let k = -1;
      let u = 1;
      do {
        k++;
        let a0 = s10 ^ s00;
        let a1 = s11 ^ s01;
        const hi = ((s00 + s10) | 0) & MASK26;
        let n00 = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
        let n01 = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
        s10 = (a1 << 5) ^ (a0 >>> 27);
        s11 = (a0 << 5) ^ (a1 >>> 27);
        s00 = n00;
        s01 = n01;
        a0 = s10 ^ s00;
        a1 = s11 ^ s01;
        const lo = ((s00 + s10) | 0) & MASK27;
        n00 = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
        n01 = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
        s10 = (a1 << 5) ^ (a0 >>> 27);
        s11 = (a0 << 5) ^ (a1 >>> 27);
        s00 = n00;
        s01 = n01;
        u *= hi * SCALE26 + lo * SCALE53;
      } while (u > limit);
      out[offset + p] = k;
    }
    st[0] = s01;
    st[1] = s00;
    st[2] = s11;
    st[3] = s10;
  }

  private poissonPtrs(lam: number): number {
    const slam = Math.sqrt(lam);
    const loglam = Math.log(lam);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = uniformFloat64(this.rng) - 0.5;
      const v = uniformFloat64(this.rng);
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lam + k * loglam - lgamma(k + 1)) {
        return k;
      }
    }
  }

  /** Shuffles `arr` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(uniformFloat64(this.rng) * (i + 1));
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }
}

/** log Γ(x) for x > 0 (Lanczos approximation, g = 7). */
export function lgamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let s = c[0]!;
  for (let i = 1; i < 9; i++) s += c[i]! / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * Gymnasium's `seeding.np_random`: a generator and the seed it was built from.
 *
 * @param seed a non-negative integer, or undefined to draw one from OS entropy.
 */
export function npRandom(seed?: number): [Generator, number] {
  const s = seed === undefined ? entropySeed() : checkSeed(seed);
  return [new Generator(s), s];
}
