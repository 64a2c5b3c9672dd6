/**
 * Batching of spaces and their elements for vector environments: `batchSpace`, `createEmptyArray`,
 * `concatenate` and `iterate`, with Gymnasium's rules.
 * @module
 */
import { Space } from '../spaces/space.ts';
import { Box } from '../spaces/box.ts';
import { Discrete } from '../spaces/discrete.ts';
import { MultiDiscrete } from '../spaces/multi-discrete.ts';
import { MultiBinary } from '../spaces/multi-binary.ts';
import { Dict } from '../spaces/dict.ts';
import { Tuple } from '../spaces/tuple.ts';
import { type TypedArray, allocate } from '../spaces/dtype.ts';

function tile(values: ArrayLike<number>, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < values.length; j++) out.push(values[j]!);
  return out;
}

/**
 * The space of `n` stacked elements of `space`: Box → Box of shape `[n, ...shape]`; Discrete →
 * MultiDiscrete of `n` entries; MultiDiscrete → integer Box `[n, d]`; MultiBinary → int8 Box `[n, ...shape]`;
 * Dict and Tuple → the same composite of batched subspaces.
 */
export function batchSpace(space: Space<unknown>, n: number): Space<unknown> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`batchSpace n must be a positive integer; got ${n}.`);
  const batched = batchSpaceOnly(space, n);
  // as Gymnasium, the batched space starts from a copy of the single space's generator
  batched.npRandom = space.npRandom.clone();
  return batched;
}

function batchSpaceOnly(space: Space<unknown>, n: number): Space<unknown> {
  if (space instanceof Box) return new Box(tile(space.low, n), tile(space.high, n), [n, ...space.shape], space.dtype);
  if (space instanceof Discrete) return new MultiDiscrete(new Array<number>(n).fill(space.n), new Array<number>(n).fill(space.start));
  if (space instanceof MultiDiscrete) {
    const high = Array.from(space.nvec, (v, i) => space.start[i]! + v - 1);
    return new Box(tile(space.start, n), tile(high, n), [n, space.nvec.length], 'int32');
  }
  if (space instanceof MultiBinary) return new Box(0, 1, [n, ...space.shape], 'int8');
  if (space instanceof Dict) {
    const spaces: Record<string, Space<unknown>> = {};
    for (const k of space.keys) spaces[k] = batchSpace(space.spaces[k]!, n);
    return new Dict(spaces);
  }
  if (space instanceof Tuple) return new Tuple(space.spaces.map((s) => batchSpace(s, n)));
  throw new TypeError(`batchSpace does not support ${space.toString()}.`);
}

function elementSize(space: Space<unknown>): number {
  if (space instanceof Box || space instanceof MultiBinary) return space.size;
  if (space instanceof Discrete) return 1;
  if (space instanceof MultiDiscrete) return space.nvec.length;
  throw new TypeError(`${space.toString()} is not an array space.`);
}

/** A zeroed batch of `n` elements of `space`, in the layout {@link batchSpace} describes. */
export function createEmptyArray(space: Space<unknown>, n: number): unknown {
  if (space instanceof Dict) {
    const out: Record<string, unknown> = {};
    for (const k of space.keys) out[k] = createEmptyArray(space.spaces[k]!, n);
    return out;
  }
  if (space instanceof Tuple) return space.spaces.map((s) => createEmptyArray(s, n));
  const dtype = space instanceof Discrete || space instanceof MultiDiscrete ? 'int32' : space instanceof MultiBinary ? 'int8' : (space as Box).dtype;
  return allocate(dtype, n * elementSize(space));
}

/** Writes element `item` of `space` into slot `index` of the batch `out` (made by {@link createEmptyArray}). */
export function writeItem(space: Space<unknown>, item: unknown, out: unknown, index: number): void {
  if (space instanceof Dict) {
    for (const k of space.keys) {
      writeItem(space.spaces[k]!, (item as Record<string, unknown>)[k], (out as Record<string, unknown>)[k], index);
    }
    return;
  }
  if (space instanceof Tuple) {
    space.spaces.forEach((s, i) => writeItem(s, (item as unknown[])[i], (out as unknown[])[i], index));
    return;
  }
  const arr = out as TypedArray;
  if (space instanceof Discrete) {
    arr[index] = item as number;
    return;
  }
  const size = elementSize(space);
  const v = item as ArrayLike<number>;
  if (v.length !== size) throw new RangeError(`Element for ${space.toString()} has ${v.length} entries; expected ${size}.`);
  if (ArrayBuffer.isView(v)) arr.set(v as TypedArray, index * size);
  else for (let j = 0; j < size; j++) arr[index * size + j] = v[j]!;
}

/** Stacks `items` (elements of `space`) into a new batch. */
export function concatenate(space: Space<unknown>, items: readonly unknown[]): unknown {
  const out = createEmptyArray(space, items.length);
  items.forEach((item, i) => writeItem(space, item, out, i));
  return out;
}

/** Element `index` of a batch of `space`; array entries are views into the batch (no copy). */
export function itemAt(space: Space<unknown>, batch: unknown, index: number): unknown {
  if (space instanceof Dict) {
    const out: Record<string, unknown> = {};
    for (const k of space.keys) out[k] = itemAt(space.spaces[k]!, (batch as Record<string, unknown>)[k], index);
    return out;
  }
  if (space instanceof Tuple) return space.spaces.map((s, i) => itemAt(s, (batch as unknown[])[i], index));
  const arr = batch as TypedArray;
  if (space instanceof Discrete) return arr[index];
  const size = elementSize(space);
  return arr.subarray(index * size, (index + 1) * size);
}

/** The `n` elements of a batch, in order (views into the batch). */
export function iterate(space: Space<unknown>, batch: unknown, n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => itemAt(space, batch, i));
}
