/**
 * Running mean and variance over batches (parallel Welford update), as used by the normalization wrappers
 * and the PPO observation normalizer.
 * @module
 */

/**
 * Tracks the elementwise mean and variance of a stream of vectors of length `size`.
 *
 * @example
 * ```ts
 * const rms = new RunningMeanStd(2);
 * rms.update([1, 2]);
 * rms.update([3, 6]);
 * rms.mean; // Float64Array [2, 4]
 * ```
 */
export class RunningMeanStd {
  /** Elementwise mean. */
  readonly mean: Float64Array;
  /** Elementwise (population) variance. */
  readonly var: Float64Array;
  /** Pseudo-count; starts at `epsilon` as in Gymnasium so that the first update dominates. */
  count: number;

  constructor(size: number, epsilon = 1e-4) {
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
  }

  /** Adds one vector. */
  update(x: ArrayLike<number>): void {
    this.updateBatch(x, 1);
  }

  /** Adds `n` vectors stored back to back in `batch` (row-major, `n × size`). */
  updateBatch(batch: ArrayLike<number>, n: number): void {
    const size = this.mean.length;
    if (batch.length !== n * size) throw new RangeError(`RunningMeanStd expected ${n}×${size} values; got ${batch.length}.`);
    const total = this.count + n;
    for (let j = 0; j < size; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += batch[i * size + j]!;
      m /= n;
      let v = 0;
      for (let i = 0; i < n; i++) {
        const d = batch[i * size + j]! - m;
        v += d * d;
      }
      v /= n;
      const delta = m - this.mean[j]!;
      this.mean[j] = this.mean[j]! + (delta * n) / total;
      const m2 = this.var[j]! * this.count + v * n + (delta * delta * this.count * n) / total;
      this.var[j] = m2 / total;
    }
    this.count = total;
  }

  /** A plain-object snapshot (for checkpoints). */
  toJSON(): { mean: number[]; var: number[]; count: number } {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  /** Restores a snapshot made by {@link RunningMeanStd.toJSON}. */
  load(state: { mean: ArrayLike<number>; var: ArrayLike<number>; count: number }): void {
    if (state.mean.length !== this.mean.length || state.var.length !== this.var.length) {
      throw new RangeError(`RunningMeanStd.load: expected ${this.mean.length} entries; got ${state.mean.length}.`);
    }
    this.mean.set(state.mean);
    this.var.set(state.var);
    this.count = state.count;
  }
}
