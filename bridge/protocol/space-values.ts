/**
 * Values of spaces on the wire: giving typed arrays their space's shape before sending, and explaining why
 * a received value is not an element of a space (membership by value, and the message of an
 * `invalid_action` reply).
 * @module
 */
import type { Space } from '../../src/spaces/space.ts';
import { Box } from '../../src/spaces/box.ts';
import { Discrete } from '../../src/spaces/discrete.ts';
import { MultiDiscrete } from '../../src/spaces/multi-discrete.ts';
import { MultiBinary } from '../../src/spaces/multi-binary.ts';
import { Dict } from '../../src/spaces/dict.ts';
import { Tuple } from '../../src/spaces/tuple.ts';
import { type TypedArray, allocate, dtypeOf, isFloat } from '../../src/spaces/dtype.ts';
import { Shaped, wireShapeOf } from './array-codec.ts';

/**
 * Wraps the typed arrays of `value` (an element, or a batch, of `space`) in {@link Shaped} when the
 * space's shape has other than one dimension, so that they travel with their shape. Other values pass.
 */
export function withShapes(space: Space<unknown>, value: unknown): unknown {
  if (space instanceof Dict) {
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const sub = space.spaces[k];
      out[k] = sub === undefined ? v : withShapes(sub, v);
    }
    return out;
  }
  if (space instanceof Tuple) {
    if (!Array.isArray(value)) return value;
    return value.map((v, i) => (space.spaces[i] === undefined ? v : withShapes(space.spaces[i]!, v)));
  }
  const shape = space.shape;
  if (shape === null || shape.length === 1 || dtypeOf(value) === null) return value;
  const a = value as TypedArray;
  let n = 1;
  for (const d of shape) n *= d;
  return n === a.length ? new Shaped(a, shape) : value;
}

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (v === null || v === undefined) return String(v);
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return `a map with keys ${Object.keys(v).join(', ') || '(none)'}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function nestedShapeOf(x: unknown): number[] | null {
  if (!Array.isArray(x)) return [];
  if (x.length === 0) return [0];
  const inner = nestedShapeOf(x[0]);
  if (inner === null) return null;
  for (let i = 1; i < x.length; i++) {
    const s = nestedShapeOf(x[i]);
    if (s === null || !sameShape(s, inner)) return null;
  }
  return [x.length, ...inner];
}

/**
 * Why the layout of `x` does not fit the space's shape, or `null` when it does: an array must come flat
 * (as many entries as the space) or with exactly the space's shape, so a (2, 10) array is not an element
 * of a (20,) Box even though it has 20 entries.
 */
function shapeProblem(space: Box | MultiBinary | MultiDiscrete, x: unknown): string | null {
  const size = shapeSizeOf(space);
  const want = space.shape ?? [size];
  const wire = wireShapeOf(x) ?? (Array.isArray(x) ? nestedShapeOf(x) : undefined);
  if (wire === undefined) return null;
  if (wire === null) return 'is a ragged list (rows of different lengths)';
  if (sameShape(wire, want) || (wire.length === 1 && wire[0] === size)) return null;
  return `has shape (${wire.join(', ')}${wire.length === 1 ? ',' : ''}) but the space's shape is (${want.join(', ')}${want.length === 1 ? ',' : ''})`;
}

function valuesOf(x: unknown): ArrayLike<unknown> | null {
  if (dtypeOf(x) !== null) return x as ArrayLike<number>;
  if (Array.isArray(x)) return x.flat(Infinity);
  return null;
}

function explainArray(space: Box | MultiBinary | MultiDiscrete, x: unknown, path: string): string {
  const want = space instanceof Box ? `${space.dtype} array` : space instanceof MultiBinary ? 'int8 array of 0/1' : 'int32 array';
  const values = valuesOf(x);
  if (values === null) return `${path} must be a ${want} with ${shapeSizeOf(space)} entries; got ${fmt(x)}`;
  const layout = shapeProblem(space, x);
  if (layout !== null) return `${path} ${layout}`;
  if (values.length !== shapeSizeOf(space)) return `${path} must have ${shapeSizeOf(space)} entries; got ${values.length}`;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') return `${path}[${i}] must be a number; got ${fmt(v)}`;
    if (Number.isNaN(v)) return `${path}[${i}] is NaN`;
    if (space instanceof MultiBinary) {
      if (v !== 0 && v !== 1) return `${path}[${i}] must be 0 or 1; got ${fmt(v)}`;
    } else if (space instanceof MultiDiscrete) {
      const lo = space.start[i]!;
      const hi = lo + space.nvec[i]! - 1;
      if (!Number.isInteger(v) || v < lo || v > hi) return `${path}[${i}] must be an integer in [${lo}, ${hi}]; got ${fmt(v)}`;
    } else {
      const lo = space.low[i]!;
      const hi = space.high[i]!;
      if (!(v >= lo && v <= hi)) return `${path}[${i}] must be within [${lo}, ${hi}]; got ${fmt(v)} (actions are rejected, never clipped)`;
      if (!isFloat(space.dtype) && !Number.isInteger(v)) return `${path}[${i}] must be an integer; got ${fmt(v)}`;
    }
  }
  return `${path} is not an element of ${space.toString()}`;
}

function shapeSizeOf(space: Box | MultiBinary | MultiDiscrete): number {
  return space instanceof MultiDiscrete ? space.nvec.length : space.size;
}

/**
 * Says why `x` is not an element of `space`, naming the first offending part, e.g.
 * `action.local[3] must be within [0, 1]; got 1.5`. Call it only when {@link isMember} is false.
 */
export function explainNonMember(space: Space<unknown>, x: unknown, path = 'action'): string {
  if (space instanceof Box || space instanceof MultiBinary || space instanceof MultiDiscrete) return explainArray(space, x, path);
  if (space instanceof Discrete) {
    return `${path} must be an integer in [${space.start}, ${space.start + space.n - 1}]; got ${fmt(x)}`;
  }
  if (space instanceof Dict) {
    if (x === null || typeof x !== 'object' || Array.isArray(x) || ArrayBuffer.isView(x)) {
      return `${path} must be a map with keys ${space.keys.join(', ')}; got ${fmt(x)}`;
    }
    const obj = x as Record<string, unknown>;
    for (const k of Object.keys(obj)) if (!space.keys.includes(k)) return `${path}.${k} is not a key of the space (keys: ${space.keys.join(', ')})`;
    for (const k of space.keys) {
      if (!(k in obj)) return `${path}.${k} is missing`;
      if (!isMember(space.spaces[k]!, obj[k])) return explainNonMember(space.spaces[k]!, obj[k], `${path}.${k}`);
    }
  }
  if (space instanceof Tuple) {
    if (!Array.isArray(x) || x.length !== space.spaces.length) return `${path} must be a list of ${space.spaces.length} elements; got ${fmt(x)}`;
    for (let i = 0; i < x.length; i++) {
      if (!isMember(space.spaces[i]!, x[i])) return explainNonMember(space.spaces[i]!, x[i], `${path}[${i}]`);
    }
  }
  return `${path} is not an element of ${space.toString()}`;
}

function arrayMember(space: Box | MultiBinary | MultiDiscrete, x: unknown): boolean {
  let values: ArrayLike<unknown>;
  if (dtypeOf(x) !== null) values = x as ArrayLike<number>;
  else if (Array.isArray(x)) values = x.flat(Infinity);
  else if (typeof x === 'number' && space instanceof Box && space.shape.length === 0) values = [x];
  else return false;
  const n = shapeSizeOf(space);
  if (values.length !== n || shapeProblem(space, x) !== null) return false;
  if (space instanceof Box) {
    const integer = !isFloat(space.dtype);
    const lo = space.low;
    const hi = space.high;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !(v >= lo[i]! && v <= hi[i]!)) return false;
      if (integer && !Number.isInteger(v)) return false;
    }
    return true;
  }
  if (space instanceof MultiBinary) {
    for (let i = 0; i < n; i++) if (values[i] !== 0 && values[i] !== 1) return false;
    return true;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < space.start[i]! || v >= space.start[i]! + space.nvec[i]!) return false;
  }
  return true;
}

/**
 * Membership by value: `true` when `x` has the space's structure and size and every entry is within the
 * bounds (integers where the space is integral, never NaN). Unlike `space.contains`, the element type of
 * a typed array does not matter (a float64 array is accepted for a float32 Box when its values are in
 * the box), because the server passes actions to the env exactly as a local caller would.
 */
export function isMember(space: Space<unknown>, x: unknown): boolean {
  if (space instanceof Box || space instanceof MultiBinary || space instanceof MultiDiscrete) return arrayMember(space, x);
  if (space instanceof Dict) {
    if (x === null || typeof x !== 'object' || Array.isArray(x) || ArrayBuffer.isView(x)) return false;
    const keys = Object.keys(x);
    if (keys.length !== space.keys.length) return false;
    for (const k of space.keys) {
      if (!(k in x) || !isMember(space.spaces[k]!, (x as Record<string, unknown>)[k])) return false;
    }
    return true;
  }
  if (space instanceof Tuple) {
    return Array.isArray(x) && x.length === space.spaces.length && space.spaces.every((s, i) => isMember(s, x[i]));
  }
  return space.contains(x);
}

/**
 * Turns plain (nested) number lists inside `value` into typed arrays of the space's element type (Box
 * dtype, int8 for MultiBinary, int32 for MultiDiscrete), recursing through Dict and Tuple; typed arrays
 * and other values pass unchanged. Vector envs slice batched actions as typed arrays, so the server
 * applies this to batched actions (after checking them with {@link isMember}).
 */
export function coerceArrays(space: Space<unknown>, value: unknown): unknown {
  if (space instanceof Dict) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = space.spaces[k] === undefined ? v : coerceArrays(space.spaces[k]!, v);
    return out;
  }
  if (space instanceof Tuple) {
    return Array.isArray(value) ? value.map((v, i) => (space.spaces[i] === undefined ? v : coerceArrays(space.spaces[i]!, v))) : value;
  }
  if (!Array.isArray(value)) return value;
  const dtype = space instanceof Box ? space.dtype : space instanceof MultiBinary ? 'int8' : space instanceof MultiDiscrete ? 'int32' : null;
  if (dtype === null) return value;
  const flat = value.flat(Infinity) as number[];
  const out = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) out[i] = flat[i]!;
  return out;
}
