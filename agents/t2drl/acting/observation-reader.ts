/**
 * Reading observations as the networks see them: one flat Float32 vector per observation, from a single
 * observation or out of a vector environment's batch.
 * @module
 */
import type { Space } from '../../../src/spaces/space.ts';
import { Box } from '../../../src/spaces/box.ts';
import { flatten, flatdim } from '../../../src/spaces/flatten.ts';
import { itemAt } from '../../../src/vector/batch.ts';

/** Flattens one sub-environment's observation out of a batch into `out`. */
export class ObservationReader {
  /** Length of the flattened observation. */
  readonly dim: number;
  private readonly isBox: boolean;

  constructor(private readonly space: Space<unknown>) {
    this.dim = flatdim(space);
    this.isBox = space instanceof Box;
  }

  /** Observation `index` of a batched observation, flattened into `out`. */
  fromBatch(batch: unknown, index: number, out: Float32Array): Float32Array {
    if (this.isBox) {
      const arr = batch as ArrayLike<number> & { subarray?: unknown };
      for (let j = 0; j < this.dim; j++) out[j] = arr[index * this.dim + j]!;
      return out;
    }
    return this.fromSingle(itemAt(this.space, batch, index), out);
  }

  /** One observation, flattened into `out`. */
  fromSingle(obs: unknown, out: Float32Array): Float32Array {
    const flat = this.isBox ? (obs as ArrayLike<number>) : flatten(this.space, obs);
    if (flat.length !== this.dim) throw new RangeError(`Observation has ${flat.length} values; expected ${this.dim}.`);
    for (let j = 0; j < this.dim; j++) out[j] = flat[j]!;
    return out;
  }
}
