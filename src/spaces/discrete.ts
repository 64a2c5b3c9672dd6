/**
 * `Discrete`: the integers `start, …, start + n - 1`.
 * @module
 */
import { Space } from './space.ts';
import type { SpaceJSON } from './space-json.ts';
import { describeMember } from './membership.ts';

/**
 * A finite set of `n` integers starting at `start`, as Gymnasium's `Discrete`. Elements are plain numbers.
 *
 * @example
 * ```ts
 * const s = new Discrete(3);
 * s.seed(1);
 * s.sample();                                  // 0, 1 or 2
 * s.sample(Int8Array.from([0, 1, 0]));         // always 1
 * ```
 */
export class Discrete extends Space<number> {
  /** Number of elements. */
  readonly n: number;
  /** Smallest element. */
  readonly start: number;

  constructor(n: number, start = 0, seed?: number) {
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(`Discrete n must be a positive integer; got ${n}.`);
    }
    if (!Number.isInteger(start)) throw new RangeError(`Discrete start must be an integer; got ${start}.`);
    super([], 'int32', seed);
    this.n = n;
    this.start = start;
  }

  override get isFlattenable(): boolean {
    return true;
  }

  /**
   * Draws an element. `mask` (length `n`, entries 0/1) allows only the flagged elements; with no
   * allowed element the draw returns `start`, as Gymnasium does.
   */
  override sample(mask?: ArrayLike<number>): number {
    if (mask === undefined || mask === null) return this.start + this.npRandom.integers(0, this.n);
    if (mask.length !== this.n) {
      throw new RangeError(`Discrete.sample mask must have n=${this.n} entries; got ${mask.length}.`);
    }
    const valid: number[] = [];
    for (let i = 0; i < this.n; i++) {
      const m = mask[i];
      if (m !== 0 && m !== 1) throw new RangeError(`Discrete.sample mask entries must be 0 or 1; entry ${i} is ${m}.`);
      if (m === 1) valid.push(i);
    }
    if (valid.length === 0) return this.start;
    return this.start + valid[this.npRandom.integers(0, valid.length)]!;
  }

  override contains(x: unknown): x is number {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  override explain(x: unknown, path = 'x'): string | null {
    return this.contains(x) ? null : `${path} must be an integer in [${this.start}, ${this.start + this.n - 1}]; got ${describeMember(x)}`;
  }

  override toJSON(): SpaceJSON {
    return { type: 'Discrete', n: this.n, start: this.start };
  }

  override toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
