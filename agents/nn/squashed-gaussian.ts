/**
 * The bounded distribution for values in [0, 1] (the local-serving fractions of the EdgeLLM policy):
 * a logistic-squashed diagonal Gaussian, a = sigmoid(u) with u ~ N(μ, σ²).
 *
 * Why this and not a Beta: the Beta's log density and entropy need log Γ and digamma of network outputs,
 * which tfjs 4.22 does not provide (no kernels, no gradients), so they would have to be hand-built from
 * many small ops on every training step; sampling a Beta also needs a rejection sampler. The squashed
 * Gaussian needs one normal draw per value, has an exact log density with cheap ops that differentiate
 * on every backend, and its deterministic action sigmoid(μ) is well defined.
 *
 * Stored action: the pre-squash value u (so no precision is lost near 0 and 1, where inverting the
 * sigmoid in float32 would fail); the environment receives sigmoid(u) via {@link toEnv}. The log
 * probability is the density of the value in (0, 1):
 *   log p(a) = log N(u; μ, σ) − log sigmoid′(u),  −log sigmoid′(u) = softplus(u) + softplus(−u).
 * The Jacobian term depends on the action only, so it cancels in the PPO ratio.
 *
 * Entropy: the squashed value has no closed-form entropy; {@link entropy} returns that of the
 * pre-squash Gaussian, Σ(log σ + ½·log 2πe), which rises with σ as an exploration bonus should.
 * Mode: sigmoid(μ) (the median of the squashed value).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Generator } from '../../src/random/generator.ts';
import { checkLength, checkShapes } from './distribution.ts';
import { DiagGaussian } from './diag-gaussian.ts';
import type { ActionDistribution } from './distribution.ts';
import { sigmoid, softplus } from './js-kernels.ts';

/** Logistic-squashed diagonal Gaussian on (0, 1)^dim; params `[mean, logStd]`, action = pre-squash u. Members are documented on {@link ActionDistribution}. */
export class SquashedGaussian extends DiagGaussian {
  override readonly kind: string = 'squashed-gaussian';

  /** @param dim number of bounded values. */
  constructor(dim: number) {
    super(dim);
  }

  override logProb(params: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    checkShapes(this, params, actions);
    return tf.tidy(() => {
      const logJacobian = tf.add(tf.softplus(actions), tf.softplus(tf.neg(actions)));
      return tf.sum(tf.add(this.gaussianLogDensity(params, actions), logJacobian), 1) as tf.Tensor1D;
    });
  }

  /** Returns the pre-squash value u; map it with {@link toEnv}. */
  override sample(params: Float32Array, rng: Generator, out = new Float32Array(this.dim)): Float32Array {
    return super.sample(params, rng, out);
  }

  /** The pre-squash mean μ (its squashed value sigmoid(μ) is the median). */
  override mode(params: Float32Array, out = new Float32Array(this.dim)): Float32Array {
    return super.mode(params, out);
  }

  override logProbJs(params: Float32Array, action: Float32Array): number {
    checkLength(this.kind, 'params', params, this.paramSize);
    checkLength(this.kind, 'action', action, this.dim);
    let jac = 0;
    for (let i = 0; i < this.dim; i++) jac += softplus(action[i]!) + softplus(-action[i]!);
    return this.gaussianLogDensityJs(params, action) + jac;
  }

  /** sigmoid(u) element-wise: the values in [0, 1] the environment receives. */
  override toEnv(action: Float32Array, out = new Float32Array(this.dim)): Float32Array {
    for (let i = 0; i < this.dim; i++) out[i] = sigmoid(action[i]!);
    return out;
  }
}
