/**
 * A diagonal Gaussian over ℝ^dim (Box action spaces without a squashing transform).
 *
 * Params are `[mean (dim) | log std (dim)]`; whether the log std depends on the state is the network's
 * business (a state-independent log std is a variable concatenated to the mean).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Generator } from '../../src/random/generator.ts';
import { checkLength, checkShapes, checkSize } from './distribution.ts';
import type { ActionDistribution } from './distribution.ts';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Diagonal Gaussian; params = `[mean, logStd]` (2·dim values), action = `dim` reals. Members are documented on {@link ActionDistribution}. */
export class DiagGaussian implements ActionDistribution {
  readonly kind: string = 'diag-gaussian';
  readonly paramSize: number;
  readonly actionSize: number;

  /** @param dim number of action dimensions. */
  constructor(readonly dim: number) {
    checkSize('DiagGaussian', 'dim', dim);
    this.paramSize = 2 * dim;
    this.actionSize = dim;
  }

  /** Splits tfjs params into mean and log std `[N, dim]` each. */
  protected split(params: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
    const [mean, logStd] = tf.split(params, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return [mean, logStd];
  }

  /** Per-dimension Gaussian log density `[N, dim]`. */
  protected gaussianLogDensity(params: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
    const [mean, logStd] = this.split(params);
    const z = tf.mul(tf.sub(x, mean), tf.exp(tf.neg(logStd)));
    return tf.sub(tf.sub(tf.mul(tf.square(z), -0.5), logStd), HALF_LOG_2PI) as tf.Tensor2D;
  }

  logProb(params: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    checkShapes(this, params, actions);
    return tf.tidy(() => tf.sum(this.gaussianLogDensity(params, actions), 1) as tf.Tensor1D);
  }

  /** Σ (log σ + ½·log(2πe)). */
  entropy(params: tf.Tensor2D): tf.Tensor1D {
    checkShapes(this, params);
    return tf.tidy(() => {
      const [, logStd] = this.split(params);
      return tf.sum(tf.add(logStd, 0.5 + HALF_LOG_2PI), 1) as tf.Tensor1D;
    });
  }

  sample(params: Float32Array, rng: Generator, out = new Float32Array(this.dim)): Float32Array {
    checkLength(this.kind, 'params', params, this.paramSize);
    for (let i = 0; i < this.dim; i++) out[i] = params[i]! + Math.exp(params[this.dim + i]!) * rng.normal();
    return out;
  }

  /** The mean. */
  mode(params: Float32Array, out = new Float32Array(this.dim)): Float32Array {
    checkLength(this.kind, 'params', params, this.paramSize);
    for (let i = 0; i < this.dim; i++) out[i] = params[i]!;
    return out;
  }

  /** Gaussian log density of `x` (plain JS). */
  protected gaussianLogDensityJs(params: Float32Array, x: Float32Array): number {
    let s = 0;
    for (let i = 0; i < this.dim; i++) {
      const logStd = params[this.dim + i]!;
      const z = (x[i]! - params[i]!) * Math.exp(-logStd);
      s += -0.5 * z * z - logStd - HALF_LOG_2PI;
    }
    return s;
  }

  logProbJs(params: Float32Array, action: Float32Array): number {
    checkLength(this.kind, 'params', params, this.paramSize);
    checkLength(this.kind, 'action', action, this.dim);
    return this.gaussianLogDensityJs(params, action);
  }

  entropyJs(params: Float32Array): number {
    checkLength(this.kind, 'params', params, this.paramSize);
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += params[this.dim + i]! + 0.5 + HALF_LOG_2PI;
    return s;
  }

  toEnv(action: Float32Array, out = new Float32Array(this.dim)): Float32Array {
    out.set(action);
    return out;
  }

  /**
   * With z = (x − μ)·e^(−log σ): ∂logp/∂μ = z·e^(−log σ), ∂logp/∂log σ = z² − 1, ∂H/∂log σ = 1. Also right
   * for {@link SquashedGaussian}, whose extra Jacobian term depends on the action only.
   */
  paramGradJs(params: Float32Array, action: Float32Array, gLogProb: number, gEntropy: number, out: Float32Array): void {
    const d = this.dim;
    for (let i = 0; i < d; i++) {
      const inv = Math.exp(-params[d + i]!);
      const z = (action[i]! - params[i]!) * inv;
      out[i] = gLogProb * z * inv;
      out[d + i] = gLogProb * (z * z - 1) + gEntropy;
    }
  }
}
