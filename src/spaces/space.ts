/**
 * The `Space` base class: the set of valid observations or actions of an environment.
 * @module
 */
import { Generator, npRandom } from '../random/generator.ts';
import type { DType } from './dtype.ts';
import type { SpaceJSON } from './space-json.ts';
import type { ExplainOptions } from './membership.ts';

/**
 * Base class of every space. A space knows its shape and element type, samples with its own seeded
 * generator, tests membership, and serializes to a language-neutral JSON form.
 *
 * @typeParam T the type of the space's elements.
 */
export abstract class Space<T = unknown> {
  /** Shape of an element, or `null` for composite spaces (Dict, Tuple). */
  readonly shape: readonly number[] | null;
  /** Element type, or `null` for composite spaces. */
  readonly dtype: DType | null;
  private rng: Generator | null = null;

  protected constructor(shape: readonly number[] | null, dtype: DType | null, seed?: number) {
    this.shape = shape === null ? null : Object.freeze([...shape]);
    this.dtype = dtype;
    if (seed !== undefined) this.seed(seed);
  }

  /** The space's generator, created from OS entropy on first use if {@link Space.seed} was never called. */
  get npRandom(): Generator {
    if (this.rng === null) this.rng = npRandom()[0];
    return this.rng;
  }
  /** Replaces the space's own generator (subspaces of composite spaces keep theirs). */
  set npRandom(rng: Generator) {
    if (!(rng instanceof Generator)) throw new TypeError(`Space.npRandom must be a Generator; got ${String(rng)}.`);
    this.rng = rng;
  }

  /**
   * Seeds the space's generator (and, for composite spaces, those of the subspaces).
   * @returns the seeds used, the space's own first.
   */
  seed(seed?: number): number[] {
    const [rng, used] = npRandom(seed);
    this.rng = rng;
    return [used];
  }

  /** `true` when elements can be represented as one flat typed array (Gymnasium's `is_np_flattenable`). */
  abstract get isFlattenable(): boolean;

  /** Draws a random element. `mask` restricts the draw where the space supports it. */
  abstract sample(mask?: unknown): T;

  /** `true` when `x` is an element of the space. */
  abstract contains(x: unknown): x is T;

  /**
   * Membership by value (see `membership.ts`): why `x` is not an element, naming the first offending part
   * from `path` (e.g. `action.local[3] must be within [0, 1]; got 1.5`), or `null` when its values make it
   * an element. Unlike {@link Space.contains}, the element type of a typed array does not matter. The
   * default (for spaces defined outside the package) defers to `contains`.
   */
  explain(x: unknown, path = 'x', _options?: ExplainOptions): string | null {
    return this.contains(x) ? null : `${path} is not an element of ${this.toString()}`;
  }

  /** `x` with plain (nested) number lists turned into typed arrays of the space's element type. */
  fromLists(x: unknown): unknown {
    return x;
  }

  /** The language-neutral description of the space (see `spaceFromJSON`). */
  abstract toJSON(): SpaceJSON;

  /** Structural equality (same kind, shape, dtype and bounds). */
  equals(other: Space<unknown>): boolean {
    return JSON.stringify(this.toJSON()) === JSON.stringify(other.toJSON());
  }

  /** A short human-readable description, e.g. `Box(0.0, 1.0, (3,), float32)`. */
  abstract toString(): string;
}

/** Formats a shape as Python does, e.g. `(3,)` or `(2, 3)`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Checks a shape: a list of positive integers.
 * @throws {TypeError} naming the field.
 */
export function checkShape(shape: unknown, field = 'shape'): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(`${field} must be an array of non-negative integers such as [3] or [2, 4]; got ${JSON.stringify(shape)}.`);
  }
  return shape as number[];
}
