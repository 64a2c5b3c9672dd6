/**
 * `Box`: a (possibly unbounded) box in R^n, elements stored as flat row-major typed arrays.
 * @module
 */
import { Space, checkShape, formatShape, shapeSize } from './space.ts';
import { type DType, type TypedArray, allocate, canCast, checkDType, dtypeOf, dtypeRange, isFloat } from './dtype.ts';
import type { SpaceJSON } from './space-json.ts';
import { boundsToJSON } from './space-json.ts';
import { type ExplainOptions, NO_OPTIONS, explainArray, listToArray } from './membership.ts';

/** Numbers nested in arrays, e.g. `[[0, 1], [2, 3]]`. */
export type NestedNumbers = number | readonly NestedNumbers[];

/**
 * A bound: one number for every entry, one per entry (flat, row-major), or a nested array of exactly the
 * space's shape.
 */
export type Bound = number | ArrayLike<number> | readonly NestedNumbers[];

/**
 * A Cartesian product of intervals `[low[i], high[i]]`, as Gymnasium's `Box`.
 *
 * Elements are typed arrays of the space's dtype with `shapeSize(shape)` entries in row-major order.
 * Sampling follows Gymnasium: uniform on bounded coordinates, shifted exponential on half-bounded ones,
 * normal on unbounded ones; integer dtypes are floored.
 *
 * @example
 * ```ts
 * const box = new Box(-1, 1, [2], 'float32');
 * box.seed(0);
 * const x = box.sample(); // Float32Array(2) within [-1, 1]
 * box.contains(x);        // true
 * ```
 */
export class Box<T extends TypedArray = TypedArray> extends Space<T> {
  /** Lower bounds, one per entry, in the space's dtype. */
  readonly low: TypedArray;
  /** Upper bounds, one per entry, in the space's dtype. */
  readonly high: TypedArray;
  /** Number of entries of an element. */
  readonly size: number;
  declare readonly shape: readonly number[];
  declare readonly dtype: DType;

  /**
   * @param low lower bound (scalar or per entry); `-Infinity` for unbounded (float dtypes only).
   * @param high upper bound (scalar or per entry); `Infinity` for unbounded (float dtypes only).
   * @param shape element shape; inferred from `low`/`high` when omitted (a flat array gives `[length]`, a
   *   nested array its own shape).
   * @param dtype element type, default `float32`.
   * @param seed optional seed of the space's generator.
   */
  constructor(low: Bound, high: Bound, shape?: readonly number[], dtype: DType = 'float32', seed?: number) {
    checkDType(dtype, 'Box dtype');
    let resolved: number[];
    if (shape !== undefined) resolved = checkShape([...shape], 'Box shape');
    else if (typeof low !== 'number') resolved = boundShape(low, 'low');
    else if (typeof high !== 'number') resolved = boundShape(high, 'high');
    else resolved = [1];
    super(resolved, dtype, seed);
    this.size = shapeSize(resolved);
    this.low = broadcast(low, resolved, this.size, dtype, 'low');
    this.high = broadcast(high, resolved, this.size, dtype, 'high');
    for (let i = 0; i < this.size; i++) {
      if (this.low[i]! > this.high[i]!) {
        throw new RangeError(`Box low must be ≤ high at every entry; entry ${i} has low=${this.low[i]} > high=${this.high[i]}.`);
      }
    }
  }

  /** Per-entry flags: `true` where the lower bound is finite. */
  get boundedBelow(): boolean[] {
    return Array.from(this.low, (v) => v > -Infinity);
  }

  /** Per-entry flags: `true` where the upper bound is finite. */
  get boundedAbove(): boolean[] {
    return Array.from(this.high, (v) => v < Infinity);
  }

  /** `true` when every entry is bounded on both sides. */
  isBounded(manner: 'both' | 'below' | 'above' = 'both'): boolean {
    const below = this.boundedBelow.every(Boolean);
    const above = this.boundedAbove.every(Boolean);
    return manner === 'both' ? below && above : manner === 'below' ? below : above;
  }

  override get isFlattenable(): boolean {
    return true;
  }

  /**
   * Draws an element. Box does not support masks.
   * @throws {TypeError} when a mask is given.
   */
  override sample(mask?: unknown): T {
    if (mask !== undefined && mask !== null) {
      throw new TypeError('Box.sample cannot be given a mask; sample and then clip or reject instead.');
    }
    const rng = this.npRandom;
    const out = allocate(this.dtype, this.size) as T;
    const integer = !isFloat(this.dtype);
    const [minInt, maxInt] = dtypeRange(this.dtype);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      let v: number;
      if (lo > -Infinity && hi < Infinity) v = integer ? rng.uniform(lo, hi + 1) : rng.uniform(lo, hi);
      else if (lo > -Infinity) v = lo + rng.exponential();
      else if (hi < Infinity) v = hi - rng.exponential();
      else v = rng.normal();
      if (integer) v = Math.min(Math.max(Math.floor(v), Math.max(lo, minInt)), Math.min(hi, maxInt));
      out[i] = v;
    }
    return out;
  }

  /**
   * `true` when `x` is an element: a typed array whose dtype casts safely to the space's (NumPy's
   * `can_cast`), a flat array of `size` numbers, or a nested array of exactly the space's shape (a plain
   * number for shape `[]`), with every entry within the bounds (NaN never is) and integral for integer dtypes.
   */
  override contains(x: unknown): x is T {
    let values: ArrayLike<number>;
    const dt = dtypeOf(x);
    if (dt !== null) {
      if (!canCast(dt, this.dtype)) return false;
      values = x as TypedArray;
    } else if (Array.isArray(x)) {
      const flatForm = x.length === this.size && x.every((v) => typeof v === 'number');
      if (!flatForm && !hasShape(x, this.shape)) return false;
      values = (flatForm ? x : x.flat(Infinity)) as number[];
    } else if (typeof x === 'number' && this.shape.length === 0) {
      values = [x];
    } else {
      return false;
    }
    if (values.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v = values[i]!;
      if (!(v >= this.low[i]! && v <= this.high[i]!)) return false;
      if (!isFloat(this.dtype) && !Number.isInteger(v)) return false;
    }
    return true;
  }

  override explain(x: unknown, path = 'x', options: ExplainOptions = NO_OPTIONS): string | null {
    if (this.fastMember(x, options)) return null;
    const integer = !isFloat(this.dtype);
    return explainArray(x, path, this.shape, this.size, `a ${this.dtype} array`, (v, i) => {
      const n = v as number;
      if (!(n >= this.low[i]! && n <= this.high[i]!)) return `must be within [${this.low[i]}, ${this.high[i]}]; got ${n}`;
      if (integer && !Number.isInteger(n)) return `must be an integer; got ${n}`;
      return null;
    }, options);
  }

  override fromLists(x: unknown): unknown {
    return listToArray(x, this.dtype);
  }

  /** The common case without building a message: a typed array of `size` entries, all in bounds. */
  private fastMember(x: unknown, options: ExplainOptions): boolean {
    if (!ArrayBuffer.isView(x) || options.shapeOf?.(x) !== undefined) return false;
    const a = x as TypedArray;
    if (a.length !== this.size) return false;
    const lo = this.low;
    const hi = this.high;
    const integer = !isFloat(this.dtype);
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (!(v >= lo[i]! && v <= hi[i]!) || (integer && !Number.isInteger(v))) return false;
    }
    return true;
  }

  override toJSON(): SpaceJSON {
    return {
      type: 'Box',
      shape: [...this.shape],
      dtype: this.dtype,
      low: boundsToJSON(this.low),
      high: boundsToJSON(this.high),
    };
  }

  override toString(): string {
    const fmt = (a: TypedArray) => {
      const first = a[0];
      const v = a.length > 0 && a.every((x) => x === first) ? first! : null;
      if (v === null) return `[${Array.from(a).join(' ')}]`;
      if (v === Infinity) return 'inf';
      if (v === -Infinity) return '-inf';
      return isFloat(this.dtype) && Number.isInteger(v) ? v.toFixed(1) : String(v);
    };
    return `Box(${fmt(this.low)}, ${fmt(this.high)}, ${formatShape(this.shape)}, ${this.dtype})`;
  }
}

/** `true` when the nested array `x` has exactly `shape` (every level a plain array of the right length). */
function hasShape(x: unknown, shape: readonly number[]): boolean {
  if (shape.length === 0) return typeof x === 'number';
  if (!Array.isArray(x) || x.length !== shape[0]) return false;
  const rest = shape.slice(1);
  return x.every((v) => hasShape(v, rest));
}

/** The shape of an array bound: `[length]` when flat, the nesting when nested (which must not be ragged). */
function boundShape(bound: Exclude<Bound, number>, field: string): number[] {
  if (!Array.isArray(bound) || !bound.some(Array.isArray)) return [bound.length];
  const shape: number[] = [];
  for (let level: unknown = bound; Array.isArray(level); level = level[0]) shape.push(level.length);
  if (!hasShape(bound, shape)) {
    throw new RangeError(`Box ${field} is a ragged nested array; give one number per entry, nested to the same depth everywhere.`);
  }
  return shape;
}

function broadcast(bound: Bound, shape: readonly number[], size: number, dtype: DType, field: string): TypedArray {
  const out = allocate(dtype, size);
  if (typeof bound === 'number') {
    if (Number.isNaN(bound)) throw new RangeError(`Box ${field} must not be NaN.`);
    checkIntegerBound(bound, dtype, field);
    out.fill(bound);
    return out;
  }
  if (Array.isArray(bound) && bound.some(Array.isArray)) {
    if (!hasShape(bound, shape)) {
      throw new RangeError(
        `Box ${field} is a nested array that does not have the shape ${formatShape(shape)}; pass a scalar, one value per entry, or an array of that shape.`,
      );
    }
    bound = bound.flat(Infinity) as number[];
  }
  bound = bound as ArrayLike<number>;
  if (bound.length !== size) {
    throw new RangeError(`Box ${field} has ${bound.length} entries but the shape needs ${size}; pass a scalar or one value per entry.`);
  }
  for (let i = 0; i < size; i++) {
    const v = bound[i]!;
    if (Number.isNaN(v)) throw new RangeError(`Box ${field}[${i}] must not be NaN.`);
    checkIntegerBound(v, dtype, field);
    out[i] = v;
  }
  return out;
}

function checkIntegerBound(v: number, dtype: DType, field: string): void {
  if (isFloat(dtype)) return;
  if (!Number.isFinite(v)) {
    throw new RangeError(`Box ${field} is infinite but dtype ${dtype} is an integer type; use finite bounds or a float dtype.`);
  }
  if (!Number.isInteger(v)) {
    throw new RangeError(`Box ${field} is ${v} but dtype ${dtype} is an integer type; use integer bounds or a float dtype.`);
  }
  const [lo, hi] = dtypeRange(dtype);
  if (v < lo || v > hi) {
    throw new RangeError(`Box ${field} is ${v}, outside the range [${lo}, ${hi}] of dtype ${dtype}; use bounds within that range or a wider dtype.`);
  }
}
