/**
 * `NormalizeObservation`: observations scaled to roughly zero mean and unit variance.
 * @module
 */
import { ObservationWrapper } from '../core/wrapper.ts';
import type { Env } from '../core/env.ts';
import { Box } from '../spaces/box.ts';
import { InvalidArgument } from '../core/errors.ts';
import { RunningMeanStd } from '../utils/running-mean-std.ts';

/**
 * Normalizes Box observations with a running mean and variance: `(obs − mean) / sqrt(var + epsilon)`.
 * Statistics update on every observation while `updateRunningMean` is true (freeze them for evaluation).
 * The observation space becomes an unbounded float32 Box of the same shape.
 */
export class NormalizeObservation<A> extends ObservationWrapper<Float32Array, ArrayLike<number>, A> {
  /** The running statistics. */
  readonly obsRms: RunningMeanStd;
  /** Whether observations update the statistics. */
  updateRunningMean = true;
  private readonly epsilon: number;

  constructor(env: Env<ArrayLike<number>, A>, epsilon = 1e-8) {
    super(env);
    const space = env.observationSpace;
    if (!(space instanceof Box)) {
      throw new InvalidArgument(`NormalizeObservation needs a Box observation space; got ${String(space)}. Apply FlattenObservation first.`);
    }
    this.observationSpace = new Box(-Infinity, Infinity, space.shape, 'float32');
    this.obsRms = new RunningMeanStd(space.size);
    this.epsilon = epsilon;
  }

  observation(obs: ArrayLike<number>): Float32Array {
    // a scalar Box (shape []) may be observed as a plain number
    const x: ArrayLike<number> = typeof obs === 'number' ? [obs] : obs;
    if (this.updateRunningMean) this.obsRms.update(x);
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = (x[i]! - this.obsRms.mean[i]!) / Math.sqrt(this.obsRms.var[i]! + this.epsilon);
    return out;
  }
}
