/**
 * Independent Bernoulli variables from logits (the cache decisions of the EdgeLLM policy).
 *
 * With logit l and p = sigmoid(l): log P(a) = a·l − softplus(l) (equal to a·log p + (1−a)·log(1−p), and
 * stable for any l; no logSigmoid, whose gradient breaks inside tfjs training), entropy
 * softplus(l) − l·sigmoid(l).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Generator } from '../../src/random/generator.ts';
import { checkLength, checkShapes, checkSize } from './distribution.ts';
import type { ActionDistribution } from './distribution.ts';
import { sigmoid, softplus } from './js-kernels.ts';

/** `dim` independent Bernoulli variables; params = `dim` logits, action = `dim` values in {0, 1}. Members are documented on {@link ActionDistribution}. */
export class Bernoulli implements ActionDistribution {
  readonly kind = 'bernoulli';
  readonly paramSize: number;
  readonly actionSize: number;

  /** @param dim number of binary variables. */
  constructor(readonly dim: number) {
    checkSize('Bernoulli', 'dim', dim);
    this.paramSize = dim;
    this.actionSize = dim;
  }

  logProb(params: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    checkShapes(this, params, actions);
    return tf.tidy(() => tf.sum(tf.sub(tf.mul(actions, params), tf.softplus(params)), 1));
  }

  entropy(params: tf.Tensor2D): tf.Tensor1D {
    checkShapes(this, params);
    return tf.tidy(() => tf.sum(tf.sub(tf.softplus(params), tf.mul(params, tf.sigmoid(params))), 1));
  }

  sample(params: Float32Array, rng: Generator, out = new Float32Array(this.dim)): Float32Array {
    checkLength(this.kind, 'params', params, this.dim);
    for (let i = 0; i < this.dim; i++) out[i] = rng.random() < sigmoid(params[i]!) ? 1 : 0;
    return out;
  }

  /** 1 where the logit is positive (probability above one half). */
  mode(params: Float32Array, out = new Float32Array(this.dim)): Float32Array {
    checkLength(this.kind, 'params', params, this.dim);
    for (let i = 0; i < this.dim; i++) out[i] = params[i]! > 0 ? 1 : 0;
    return out;
  }

  logProbJs(params: Float32Array, action: Float32Array): number {
    checkLength(this.kind, 'params', params, this.dim);
    checkLength(this.kind, 'action', action, this.dim);
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += action[i]! * params[i]! - softplus(params[i]!);
    return s;
  }

  entropyJs(params: Float32Array): number {
    checkLength(this.kind, 'params', params, this.dim);
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += softplus(params[i]!) - params[i]! * sigmoid(params[i]!);
    return s;
  }

  toEnv(action: Float32Array, out = new Float32Array(this.dim)): Float32Array {
    out.set(action);
    return out;
  }

  /** ∂logP/∂l = a − σ(l); ∂H/∂l = −l·σ(l)·(1 − σ(l)). */
  paramGradJs(params: Float32Array, action: Float32Array, gLogProb: number, gEntropy: number, out: Float32Array): void {
    for (let i = 0; i < this.dim; i++) {
      const l = params[i]!;
      const p = sigmoid(l);
      out[i] = gLogProb * (action[i]! - p) - gEntropy * l * p * (1 - p);
    }
  }
}
