/**
 * Slices of batches: the part of a batched value that belongs to sub-environments `[start, end)`, and the
 * reverse (writing a part back into a full batch). Used to split work between threads.
 * @module
 */
import { Space } from '../spaces/space.ts';
import { Box } from '../spaces/box.ts';
import { Discrete } from '../spaces/discrete.ts';
import { MultiDiscrete } from '../spaces/multi-discrete.ts';
import { MultiBinary } from '../spaces/multi-binary.ts';
import { Dict } from '../spaces/dict.ts';
import { Tuple } from '../spaces/tuple.ts';
import type { TypedArray } from '../spaces/dtype.ts';

function entriesPerItem(space: Space<unknown>): number {
  if (space instanceof Box || space instanceof MultiBinary) return space.size;
  if (space instanceof Discrete) return 1;
  if (space instanceof MultiDiscrete) return space.nvec.length;
  throw new TypeError(`${space.toString()} is not an array space.`);
}

/**
 * The items `[start, end)` of a batch of single-space `space` elements, as views (no copy).
 *
 * @example
 * ```ts
 * sliceBatch(new Discrete(3), Int32Array.of(0, 2, 1, 1), 1, 3); // Int32Array [2, 1]
 * ```
 */
export function sliceBatch(space: Space<unknown>, batch: unknown, start: number, end: number): unknown {
  if (space instanceof Dict) {
    const out: Record<string, unknown> = {};
    for (const k of space.keys) out[k] = sliceBatch(space.spaces[k]!, (batch as Record<string, unknown>)[k], start, end);
    return out;
  }
  if (space instanceof Tuple) return space.spaces.map((s, i) => sliceBatch(s, (batch as unknown[])[i], start, end));
  const n = entriesPerItem(space);
  return (batch as TypedArray).subarray(start * n, end * n);
}

/** Copies `part` (a batch of `end − start` items) into the items `[start, …)` of the full batch `out`. */
export function writeBatchSlice(space: Space<unknown>, part: unknown, out: unknown, start: number): void {
  if (space instanceof Dict) {
    for (const k of space.keys) writeBatchSlice(space.spaces[k]!, (part as Record<string, unknown>)[k], (out as Record<string, unknown>)[k], start);
    return;
  }
  if (space instanceof Tuple) {
    space.spaces.forEach((s, i) => writeBatchSlice(s, (part as unknown[])[i], (out as unknown[])[i], start));
    return;
  }
  (out as TypedArray).set(part as TypedArray, start * entriesPerItem(space));
}
