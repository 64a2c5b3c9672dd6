/**
 * `Tuple`: an ordered product of spaces.
 * @module
 */
import { Space } from './space.ts';
import type { SpaceJSON } from './space-json.ts';
import { type ExplainOptions, NO_OPTIONS, describeMember } from './membership.ts';

/**
 * An ordered product of subspaces, as Gymnasium's `Tuple`. Elements are arrays with one entry per
 * subspace.
 *
 * @example
 * ```ts
 * const s = new Tuple([new Discrete(2), new Box(0, 1, [3])]);
 * s.seed(3);
 * const [d, b] = s.sample(); // a number and a Float32Array(3)
 * ```
 */
export class Tuple extends Space<unknown[]> {
  /** The subspaces, in order. */
  readonly spaces: readonly Space<unknown>[];

  constructor(spaces: readonly Space<unknown>[], seed?: number | readonly number[]) {
    spaces.forEach((s, i) => {
      if (!(s instanceof Space)) throw new TypeError(`Tuple entry ${i} must be a Space; got ${String(s)}.`);
    });
    super(null, null);
    this.spaces = Object.freeze([...spaces]);
    if (seed !== undefined) this.seed(seed);
  }

  override get isFlattenable(): boolean {
    return this.spaces.every((s) => s.isFlattenable);
  }

  /** Seeds this space and its subspaces: one number (subspace seeds drawn from it) or one per subspace. */
  override seed(seed?: number | readonly number[]): number[] {
    if (Array.isArray(seed)) {
      if (seed.length !== this.spaces.length) {
        throw new RangeError(`Tuple.seed needs one seed per subspace (${this.spaces.length}); got ${seed.length}.`);
      }
      const used = super.seed();
      this.spaces.forEach((s, i) => used.push(...s.seed(seed[i])));
      return used;
    }
    const used = super.seed(seed as number | undefined);
    for (const s of this.spaces) used.push(...s.seed(this.npRandom.integers(0, 2 ** 31 - 1)));
    return used;
  }

  /**
   * Draws an element; `mask` may give one mask per subspace (`undefined` entries leave that subspace free).
   * @throws {RangeError} when `mask` does not have one entry per subspace.
   */
  override sample(mask?: readonly unknown[]): unknown[] {
    if (mask !== undefined && mask !== null && mask.length !== this.spaces.length) {
      throw new RangeError(`Tuple.sample mask must have one entry per subspace (${this.spaces.length}); got ${mask.length}.`);
    }
    return this.spaces.map((s, i) => s.sample(mask?.[i]));
  }

  override contains(x: unknown): x is unknown[] {
    return Array.isArray(x) && x.length === this.spaces.length && this.spaces.every((s, i) => s.contains(x[i]));
  }

  override explain(x: unknown, path = 'x', options: ExplainOptions = NO_OPTIONS): string | null {
    if (!Array.isArray(x) || x.length !== this.spaces.length) return `${path} must be a list of ${this.spaces.length} elements; got ${describeMember(x)}`;
    for (let i = 0; i < x.length; i++) {
      const why = this.spaces[i]!.explain(x[i], `${path}[${i}]`, options);
      if (why !== null) return why;
    }
    return null;
  }

  override fromLists(x: unknown): unknown {
    return Array.isArray(x) ? x.map((v, i) => (this.spaces[i] === undefined ? v : this.spaces[i]!.fromLists(v))) : x;
  }

  override toJSON(): SpaceJSON {
    return { type: 'Tuple', spaces: this.spaces.map((s) => s.toJSON()) };
  }

  override toString(): string {
    return `Tuple(${this.spaces.map((s) => s.toString()).join(', ')})`;
  }
}
