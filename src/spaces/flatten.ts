/**
 * Flattening of space elements into one typed array, with Gymnasium's rules: Box entries as they are,
 * Discrete and MultiDiscrete as one-hot vectors, MultiBinary bits as they are, Dict (keys sorted) and Tuple
 * by concatenation in a dtype every part casts to.
 * @module
 */
import { Space } from './space.ts';
import { Box } from './box.ts';
import { Discrete } from './discrete.ts';
import { MultiDiscrete } from './multi-discrete.ts';
import { MultiBinary } from './multi-binary.ts';
import { Dict } from './dict.ts';
import { Tuple } from './tuple.ts';
import { type DType, type TypedArray, allocate, promote } from './dtype.ts';

function unsupported(space: Space<unknown>): never {
  throw new TypeError(`${space.toString()} cannot be flattened: only Box, Discrete, MultiDiscrete, MultiBinary, Dict and Tuple are supported.`);
}

function parts(space: Dict | Tuple): Space<unknown>[] {
  return space instanceof Dict ? space.keys.map((k) => space.spaces[k]!) : [...space.spaces];
}

/** The dtype of flattened elements of `space`. */
export function flatDType(space: Space<unknown>): DType {
  if (space instanceof Box) return space.dtype;
  if (space instanceof Discrete || space instanceof MultiDiscrete) return 'int32';
  if (space instanceof MultiBinary) return 'int8';
  if (space instanceof Dict || space instanceof Tuple) {
    const p = parts(space);
    if (p.length === 0) return 'float32';
    return p.map(flatDType).reduce((a, b) => promote(a, b));
  }
  return unsupported(space);
}

/**
 * Number of entries of a flattened element.
 *
 * @example
 * ```ts
 * flatdim(new Dict({ a: new Discrete(3), b: new Box(0, 1, [2]) })); // 5
 * ```
 */
export function flatdim(space: Space<unknown>): number {
  if (space instanceof Box || space instanceof MultiBinary) return space.size;
  if (space instanceof Discrete) return space.n;
  if (space instanceof MultiDiscrete) return space.nvec.reduce((a, b) => a + b, 0);
  if (space instanceof Dict || space instanceof Tuple) return parts(space).reduce((a, s) => a + flatdim(s), 0);
  return unsupported(space);
}

/** The entries of an array-space element: a typed array, a (possibly nested) plain array or a lone number. */
function entries(x: unknown): ArrayLike<number> {
  if (typeof x === 'number') return [x];
  if (Array.isArray(x)) return x.flat(Infinity) as number[];
  return x as ArrayLike<number>;
}

/** Offset of the one-hot entry of `v` in a segment `{start, …, start + n - 1}`. */
function oneHotOffset(v: unknown, start: number, n: number, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < start || v >= start + n) {
    throw new RangeError(`flatten: ${what} needs an integer in [${start}, ${start + n - 1}]; got ${String(v)}.`);
  }
  return v - start;
}

function write(space: Space<unknown>, x: unknown, out: TypedArray, offset: number): number {
  if (space instanceof Box || space instanceof MultiBinary) {
    const v = entries(x);
    const n = space.size;
    if (v?.length !== n) throw new RangeError(`flatten: ${space.toString()} needs ${n} entries; got ${v?.length}.`);
    for (let i = 0; i < n; i++) out[offset + i] = v[i]!;
    return offset + n;
  }
  if (space instanceof Discrete) {
    out[offset + oneHotOffset(x, space.start, space.n, space.toString())] = 1;
    return offset + space.n;
  }
  if (space instanceof MultiDiscrete) {
    const v = entries(x);
    if (v?.length !== space.nvec.length) {
      throw new RangeError(`flatten: ${space.toString()} needs ${space.nvec.length} entries; got ${v?.length}.`);
    }
    for (let i = 0; i < space.nvec.length; i++) {
      out[offset + oneHotOffset(v[i], space.start[i]!, space.nvec[i]!, `${space.toString()}[${i}]`)] = 1;
      offset += space.nvec[i]!;
    }
    return offset;
  }
  if (space instanceof Dict) {
    for (const k of space.keys) offset = write(space.spaces[k]!, (x as Record<string, unknown>)[k], out, offset);
    return offset;
  }
  if (space instanceof Tuple) {
    space.spaces.forEach((s, i) => (offset = write(s, (x as unknown[])[i], out, offset)));
    return offset;
  }
  return unsupported(space);
}

/**
 * Flattens an element of `space` into a new typed array of {@link flatDType}.
 *
 * @example
 * ```ts
 * flatten(new Discrete(3), 1); // Int32Array [0, 1, 0]
 * ```
 */
export function flatten<T>(space: Space<T>, x: T): TypedArray {
  const out = allocate(flatDType(space), flatdim(space));
  write(space, x, out, 0);
  return out;
}

function oneHotIndex(flat: ArrayLike<number>, offset: number, n: number, what: string): number {
  let idx = -1;
  for (let i = 0; i < n; i++) {
    const v = flat[offset + i]!;
    if (v !== 0) {
      if (v !== 1 || idx !== -1) throw new RangeError(`unflatten: ${what} expects a one-hot vector at entries ${offset}..${offset + n - 1}.`);
      idx = i;
    }
  }
  if (idx === -1) throw new RangeError(`unflatten: ${what} expects a one-hot vector at entries ${offset}..${offset + n - 1}; all are 0.`);
  return idx;
}

function read(space: Space<unknown>, flat: ArrayLike<number>, offset: number): [unknown, number] {
  if (space instanceof Box) {
    const out = allocate(space.dtype, space.size);
    for (let i = 0; i < space.size; i++) out[i] = flat[offset + i]!;
    return [out, offset + space.size];
  }
  if (space instanceof MultiBinary) {
    const out = new Int8Array(space.size);
    for (let i = 0; i < space.size; i++) out[i] = flat[offset + i]!;
    return [out, offset + space.size];
  }
  if (space instanceof Discrete) return [space.start + oneHotIndex(flat, offset, space.n, space.toString()), offset + space.n];
  if (space instanceof MultiDiscrete) {
    const out = new Int32Array(space.nvec.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = space.start[i]! + oneHotIndex(flat, offset, space.nvec[i]!, `${space.toString()}[${i}]`);
      offset += space.nvec[i]!;
    }
    return [out, offset];
  }
  if (space instanceof Dict) {
    const out: Record<string, unknown> = {};
    for (const k of space.keys) [out[k], offset] = read(space.spaces[k]!, flat, offset);
    return [out, offset];
  }
  if (space instanceof Tuple) {
    const out: unknown[] = [];
    for (const s of space.spaces) {
      let v: unknown;
      [v, offset] = read(s, flat, offset);
      out.push(v);
    }
    return [out, offset];
  }
  return unsupported(space);
}

/**
 * The inverse of {@link flatten}: `unflatten(space, flatten(space, x))` equals `x`.
 * @throws {RangeError} when `flat` has the wrong length or a one-hot segment is not one-hot.
 */
export function unflatten<T>(space: Space<T>, flat: ArrayLike<number>): T {
  const n = flatdim(space);
  if (flat.length !== n) throw new RangeError(`unflatten: ${space.toString()} needs ${n} entries; got ${flat.length}.`);
  return read(space, flat, 0)[0] as T;
}

function bounds(space: Space<unknown>): [number[], number[]] {
  if (space instanceof Box) return [Array.from(space.low), Array.from(space.high)];
  const n = flatdim(space);
  if (space instanceof Discrete || space instanceof MultiDiscrete || space instanceof MultiBinary) {
    return [new Array<number>(n).fill(0), new Array<number>(n).fill(1)];
  }
  if (space instanceof Dict || space instanceof Tuple) {
    const lo: number[] = [];
    const hi: number[] = [];
    for (const s of parts(space)) {
      const [l, h] = bounds(s);
      lo.push(...l);
      hi.push(...h);
    }
    return [lo, hi];
  }
  return unsupported(space);
}

/**
 * The Box that flattened elements of `space` belong to: `flattenSpace(s).contains(flatten(s, x))`
 * whenever `s.contains(x)`.
 */
export function flattenSpace(space: Space<unknown>): Box {
  const [lo, hi] = bounds(space);
  return new Box(lo, hi, [lo.length], flatDType(space));
}
