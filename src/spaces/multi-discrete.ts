/**
 * `MultiDiscrete`: a vector of independent discrete choices.
 * @module
 */
import { Space } from './space.ts';
import { canCast, dtypeOf } from './dtype.ts';
import type { SpaceJSON } from './space-json.ts';
import { type ExplainOptions, NO_OPTIONS, explainArray, listToArray } from './membership.ts';

/**
 * The product of discrete sets `{start[i], …, start[i] + nvec[i] - 1}`, as Gymnasium's `MultiDiscrete`
 * (1-D `nvec`). Elements are `Int32Array`s.
 *
 * @example
 * ```ts
 * const s = new MultiDiscrete([3, 2]);
 * s.seed(0);
 * s.sample();                                                   // e.g. Int32Array [2, 0]
 * s.sample([Int8Array.from([1, 0, 0]), Int8Array.from([0, 1])]); // always [0, 1]
 * ```
 */
export class MultiDiscrete extends Space<Int32Array> {
  /** Number of choices per entry. */
  readonly nvec: Int32Array;
  /** Smallest value per entry. */
  readonly start: Int32Array;

  constructor(nvec: ArrayLike<number>, start?: ArrayLike<number>, seed?: number) {
    const n = Array.from(nvec);
    if (n.length === 0 || !n.every((v) => Number.isInteger(v) && v > 0)) {
      throw new RangeError(`MultiDiscrete nvec must be a non-empty list of positive integers; got ${JSON.stringify(n)}.`);
    }
    const s = start === undefined ? n.map(() => 0) : Array.from(start);
    if (s.length !== n.length || !s.every(Number.isInteger)) {
      throw new RangeError(`MultiDiscrete start must have ${n.length} integer entries; got ${JSON.stringify(s)}.`);
    }
    super([n.length], 'int32', seed);
    this.nvec = Int32Array.from(n);
    this.start = Int32Array.from(s);
  }

  override get isFlattenable(): boolean {
    return true;
  }

  /** Draws an element; `mask[i]` (length `nvec[i]`, entries 0/1) restricts entry `i`. */
  override sample(mask?: ArrayLike<ArrayLike<number>>): Int32Array {
    const out = new Int32Array(this.nvec.length);
    if (mask !== undefined && mask !== null && mask.length !== this.nvec.length) {
      throw new RangeError(`MultiDiscrete.sample mask must have one entry per dimension (${this.nvec.length}); got ${mask.length}.`);
    }
    for (let i = 0; i < out.length; i++) {
      const n = this.nvec[i]!;
      const m = mask?.[i];
      if (m === undefined) {
        out[i] = this.start[i]! + this.npRandom.integers(0, n);
        continue;
      }
      if (m.length !== n) throw new RangeError(`MultiDiscrete.sample mask[${i}] must have ${n} entries; got ${m.length}.`);
      const valid: number[] = [];
      for (let k = 0; k < n; k++) {
        if (m[k] !== 0 && m[k] !== 1) throw new RangeError(`MultiDiscrete.sample mask[${i}] entries must be 0 or 1.`);
        if (m[k] === 1) valid.push(k);
      }
      out[i] = this.start[i]! + (valid.length === 0 ? 0 : valid[this.npRandom.integers(0, valid.length)]!);
    }
    return out;
  }

  override contains(x: unknown): x is Int32Array {
    const dt = dtypeOf(x);
    let values: ArrayLike<unknown>;
    if (dt !== null) {
      if (!canCast(dt, 'int32') && dt !== 'uint32') return false;
      values = x as ArrayLike<number>;
    } else if (Array.isArray(x)) values = x;
    else return false;
    if (values.length !== this.nvec.length) return false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !Number.isInteger(v)) return false;
      if (v < this.start[i]! || v >= this.start[i]! + this.nvec[i]!) return false;
    }
    return true;
  }

  override explain(x: unknown, path = 'x', options: ExplainOptions = NO_OPTIONS): string | null {
    return explainArray(x, path, this.shape ?? [this.nvec.length], this.nvec.length, 'an int32 array', (v, i) => {
      const lo = this.start[i]!;
      const hi = lo + this.nvec[i]! - 1;
      const n = v as number;
      return Number.isInteger(n) && n >= lo && n <= hi ? null : `must be an integer in [${lo}, ${hi}]; got ${n}`;
    }, options);
  }

  override fromLists(x: unknown): unknown {
    return listToArray(x, 'int32');
  }

  override toJSON(): SpaceJSON {
    return { type: 'MultiDiscrete', nvec: Array.from(this.nvec), start: Array.from(this.start) };
  }

  override toString(): string {
    const starts = this.start.some((v) => v !== 0) ? `, start=[${Array.from(this.start).join(' ')}]` : '';
    return `MultiDiscrete([${Array.from(this.nvec).join(' ')}]${starts})`;
  }
}
