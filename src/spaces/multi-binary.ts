/**
 * `MultiBinary`: vectors of independent bits.
 * @module
 */
import { Space, checkShape, formatShape, shapeSize } from './space.ts';
import { dtypeOf } from './dtype.ts';
import type { SpaceJSON } from './space-json.ts';
import { type ExplainOptions, NO_OPTIONS, explainArray, listToArray } from './membership.ts';

/**
 * Binary vectors of `n` entries (or of a given shape), as Gymnasium's `MultiBinary`. Elements are
 * `Int8Array`s of 0s and 1s in row-major order.
 *
 * @example
 * ```ts
 * const s = new MultiBinary(4);
 * s.seed(0);
 * s.sample();                              // e.g. Int8Array [1, 0, 0, 1]
 * s.sample(Int8Array.from([0, 1, 2, 2]));  // [0, 1, random, random]
 * ```
 */
export class MultiBinary extends Space<Int8Array> {
  /** Number of bits, or the shape of the bit array. */
  readonly n: number | readonly number[];
  /** Number of entries of an element. */
  readonly size: number;
  declare readonly shape: readonly number[];

  constructor(n: number | readonly number[], seed?: number) {
    const shape = typeof n === 'number' ? [n] : checkShape([...n], 'MultiBinary shape');
    if (!shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new RangeError(`MultiBinary n must be a positive integer or a shape of positive integers; got ${JSON.stringify(n)}.`);
    }
    super(shape, 'int8', seed);
    this.n = typeof n === 'number' ? n : Object.freeze([...n]);
    this.size = shapeSize(shape);
  }

  override get isFlattenable(): boolean {
    return true;
  }

  /** Draws an element; `mask` entries are 0 (force 0), 1 (force 1) or 2 (random). */
  override sample(mask?: ArrayLike<number>): Int8Array {
    const out = new Int8Array(this.size);
    if (mask !== undefined && mask !== null && mask.length !== this.size) {
      throw new RangeError(`MultiBinary.sample mask must have ${this.size} entries; got ${mask.length}.`);
    }
    for (let i = 0; i < this.size; i++) {
      const m = mask?.[i] ?? 2;
      if (m === 2) out[i] = this.npRandom.random() < 0.5 ? 0 : 1;
      else if (m === 0 || m === 1) out[i] = m;
      else throw new RangeError(`MultiBinary.sample mask entries must be 0, 1 or 2; entry ${i} is ${m}.`);
    }
    return out;
  }

  /**
   * `true` for a typed array (any dtype, as Gymnasium checks values only) or a flat or shape-matching
   * nested array of `size` entries that are all 0 or 1.
   */
  override contains(x: unknown): x is Int8Array {
    let values: ArrayLike<unknown>;
    if (dtypeOf(x) !== null) values = x as ArrayLike<number>;
    else if (Array.isArray(x)) {
      const flatForm = x.length === this.size && x.every((v) => typeof v === 'number');
      if (!flatForm && !nestedShape(x, this.shape)) return false;
      values = flatForm ? x : x.flat(Infinity);
    } else return false;
    if (values.length !== this.size) return false;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0 && values[i] !== 1) return false;
    return true;
  }

  override explain(x: unknown, path = 'x', options: ExplainOptions = NO_OPTIONS): string | null {
    if (ArrayBuffer.isView(x) && options.shapeOf?.(x) === undefined && (x as unknown as ArrayLike<number>).length === this.size) {
      const a = x as unknown as ArrayLike<number>;
      let ok = true;
      for (let i = 0; i < a.length && ok; i++) ok = a[i] === 0 || a[i] === 1;
      if (ok) return null;
    }
    return explainArray(x, path, this.shape, this.size, 'an int8 array of 0/1', (v) => (v === 0 || v === 1 ? null : `must be 0 or 1; got ${v as number}`), options);
  }

  override fromLists(x: unknown): unknown {
    return listToArray(x, 'int8');
  }

  override toJSON(): SpaceJSON {
    return { type: 'MultiBinary', shape: [...this.shape] };
  }

  override toString(): string {
    return typeof this.n === 'number' ? `MultiBinary(${this.n})` : `MultiBinary(${formatShape(this.shape)})`;
  }
}

function nestedShape(x: unknown, shape: readonly number[]): boolean {
  if (shape.length === 0) return !Array.isArray(x);
  if (!Array.isArray(x) || x.length !== shape[0]) return false;
  const rest = shape.slice(1);
  return x.every((v) => nestedShape(v, rest));
}
