/**
 * The common interface of the policy-head distributions.
 *
 * A distribution turns the network's raw outputs ("params", one row per sample) into a probability
 * distribution over actions. Every distribution has two faces that must agree:
 * - tfjs (`logProb`, `entropy`): batched and differentiable with respect to the params, used in the PPO
 *   loss; built only from ops whose gradients work on every backend (no gather, no logSigmoid);
 * - plain JS (`sample`, `mode`, `logProbJs`, `entropyJs`): one sample at a time on Float32Arrays, used
 *   in rollouts; sampling draws from the project's seeded {@link Generator}.
 *
 * An action is stored as a Float32Array of `actionSize` numbers (a class index is stored as a float);
 * {@link ActionDistribution.toEnv} maps it to what the environment receives.
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Generator } from '../../src/random/generator.ts';

/** A policy-head distribution (see the module description). */
export interface ActionDistribution {
  /** Short name, e.g. `'bernoulli'`. */
  readonly kind: string;
  /** Network outputs per sample. */
  readonly paramSize: number;
  /** Numbers per stored action. */
  readonly actionSize: number;
  /** Log-probability (density) of `actions` `[N, actionSize]` under `params` `[N, paramSize]` → `[N]`. */
  logProb(params: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D;
  /** Entropy per sample `[N]` (see each distribution for what is measured when there is no closed form). */
  entropy(params: tf.Tensor2D): tf.Tensor1D;
  /** Draws one action. @param out destination of length `actionSize` (allocated when omitted). */
  sample(params: Float32Array, rng: Generator, out?: Float32Array): Float32Array;
  /** The deterministic action used at evaluation (the mode, or the median where stated). */
  mode(params: Float32Array, out?: Float32Array): Float32Array;
  /** Log-probability of one action (plain JS, float64 arithmetic). */
  logProbJs(params: Float32Array, action: Float32Array): number;
  /** Entropy for one parameter row (plain JS). */
  entropyJs(params: Float32Array): number;
  /** Maps a stored action to the environment's action values (identity except for squashed actions). */
  toEnv(action: Float32Array, out?: Float32Array): Float32Array;
  /**
   * Optional (plain JS, for hand-derived training steps): writes to `out` (length `paramSize`) the
   * gradient with respect to one params row of `gLogProb·logProb + gEntropy·entropy`, the same functions
   * as the tfjs {@link logProb} and {@link entropy}. Distributions without it are trained through tfjs's
   * autodiff.
   */
  paramGradJs?(params: Float32Array, action: Float32Array, gLogProb: number, gEntropy: number, out: Float32Array): void;
}

/** Throws a descriptive error when tfjs params/actions do not have the shapes a distribution needs. */
export function checkShapes(
  d: ActionDistribution,
  params: tf.Tensor,
  actions?: tf.Tensor,
): void {
  if (params.rank !== 2 || params.shape[1] !== d.paramSize) {
    throw new Error(
      `${d.kind}: params must have shape [N, ${d.paramSize}], got [${params.shape.join(', ')}]; ` +
        'check the network output size (outputDim) against distribution.paramSize.',
    );
  }
  if (actions !== undefined && (actions.rank !== 2 || actions.shape[1] !== d.actionSize || actions.shape[0] !== params.shape[0])) {
    throw new Error(
      `${d.kind}: actions must have shape [${params.shape[0]}, ${d.actionSize}], got [${actions.shape.join(', ')}].`,
    );
  }
}

/** Throws when a plain-JS params/action array has the wrong length. */
export function checkLength(kind: string, what: string, arr: ArrayLike<number>, expected: number): void {
  if (arr.length !== expected) {
    throw new Error(`${kind}: ${what} must have ${expected} values, got ${arr.length}.`);
  }
}

/** Checks that a size is a positive integer. */
export function checkSize(kind: string, field: string, n: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${kind}: ${field} must be a positive integer, got ${String(n)}.`);
  return n;
}
