/**
 * Input and target normalization of the learning agents: observations are standardized with running
 * statistics (then clipped), and the critic learns standardized returns (its outputs are mapped back
 * before GAE). Both keep their statistics in checkpoints; at evaluation they are frozen.
 * @module
 */
import { RunningMeanStd } from '../../../src/utils/running-mean-std.ts';

/** Snapshot of a {@link RunningMeanStd} as stored in checkpoints. */
export interface RunningStatsJSON {
  mean: number[];
  var: number[];
  count: number;
}

/**
 * Standardizes observation vectors: `clip((x − mean) / √(var + ε), −clip, clip)`, with running statistics
 * updated from the training rollouts (or identity when disabled).
 */
export class ObservationNormalizer {
  /** Whether normalization is on (off: {@link normalize} copies). */
  readonly enabled: boolean;
  /** Bound of the normalized values. */
  readonly clip: number;
  /** The running statistics. */
  readonly stats: RunningMeanStd;
  private readonly eps = 1e-8;
  private scale: Float64Array;
  private dirty = true;

  /**
   * @param dim length of the (flattened) observation.
   * @param enabled normalize (true) or pass through (false).
   * @param clip bound of the normalized values (default 10).
   */
  constructor(readonly dim: number, enabled: boolean, clip = 10) {
    if (!(clip > 0)) throw new RangeError(`ObservationNormalizer: clip must be > 0, got ${clip}.`);
    this.enabled = enabled;
    this.clip = clip;
    this.stats = new RunningMeanStd(dim);
    this.scale = new Float64Array(dim);
  }

  /** Adds `n` raw observations stored back to back in `batch`. */
  update(batch: ArrayLike<number>, n: number): void {
    if (!this.enabled) return;
    this.stats.updateBatch(batch, n);
    this.dirty = true;
  }

  /** Writes the normalized `x` into `out` (length `dim`) and returns it. */
  normalize(x: ArrayLike<number>, out: Float32Array = new Float32Array(this.dim)): Float32Array {
    if (x.length !== this.dim) throw new RangeError(`ObservationNormalizer: expected ${this.dim} values, got ${x.length}.`);
    if (!this.enabled) {
      for (let i = 0; i < this.dim; i++) out[i] = x[i]!;
      return out;
    }
    if (this.dirty) {
      for (let i = 0; i < this.dim; i++) this.scale[i] = 1 / Math.sqrt(this.stats.var[i]! + this.eps);
      this.dirty = false;
    }
    const mean = this.stats.mean;
    const c = this.clip;
    for (let i = 0; i < this.dim; i++) {
      const z = (x[i]! - mean[i]!) * this.scale[i]!;
      out[i] = z > c ? c : z < -c ? -c : z;
    }
    return out;
  }

  /** The statistics for a checkpoint. */
  toJSON(): RunningStatsJSON {
    return this.stats.toJSON();
  }

  /** Restores statistics saved by {@link toJSON}. */
  load(state: RunningStatsJSON): void {
    this.stats.load(state);
    this.dirty = true;
  }
}

/**
 * Standardizes value targets: the critic predicts `(R − mean)/std` of the returns seen so far, and
 * {@link denormalize} maps its outputs back to return units for GAE. Keeps the critic's targets near unit
 * scale whatever the reward scale of the environment (disabled: identity).
 */
export class ValueNormalizer {
  /** Whether normalization is on. */
  readonly enabled: boolean;
  /** Running statistics of the returns. */
  readonly stats = new RunningMeanStd(1);

  constructor(enabled: boolean) {
    this.enabled = enabled;
  }

  private get std(): number {
    return Math.sqrt(this.stats.var[0]! + 1e-8);
  }

  /** Adds a batch of returns. */
  update(returns: ArrayLike<number>): void {
    if (!this.enabled || returns.length === 0) return;
    this.stats.updateBatch(returns, returns.length);
  }

  /** Critic output → return units. */
  denormalize(v: number): number {
    return this.enabled ? v * this.std + this.stats.mean[0]! : v;
  }

  /** Returns → critic targets (new array). */
  normalizeAll(returns: ArrayLike<number>): Float32Array {
    const out = Float32Array.from(returns);
    if (!this.enabled) return out;
    const m = this.stats.mean[0]!;
    const s = this.std;
    for (let i = 0; i < out.length; i++) out[i] = (out[i]! - m) / s;
    return out;
  }

  /** The statistics for a checkpoint. */
  toJSON(): RunningStatsJSON {
    return this.stats.toJSON();
  }

  /** Restores statistics saved by {@link toJSON}. */
  load(state: RunningStatsJSON): void {
    this.stats.load(state);
  }
}
