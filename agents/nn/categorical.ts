/**
 * A categorical distribution over `n` classes from logits (Discrete action spaces, e.g. the clock step
 * of the DDA market auctioneer).
 *
 * The taken action's log-probability is selected with a one-hot mask and a sum, not with `tf.gather`,
 * whose gradient needs a kernel (UnsortedSegmentSum) the wasm backend lacks.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Generator } from '../../src/random/generator.ts';
import { checkLength, checkShapes, checkSize } from './distribution.ts';
import type { ActionDistribution } from './distribution.ts';

function logSoftmaxJs(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const l of logits) max = Math.max(max, l);
  let sum = 0;
  for (const l of logits) sum += Math.exp(l - max);
  const lse = max + Math.log(sum);
  return Float64Array.from(logits, (l) => l - lse);
}

/** One categorical variable; params = `n` logits, action = the class index (one float). Members are documented on {@link ActionDistribution}. */
export class Categorical implements ActionDistribution {
  readonly kind = 'categorical';
  readonly paramSize: number;
  readonly actionSize = 1;

  /** @param n number of classes. */
  constructor(readonly n: number) {
    checkSize('Categorical', 'n', n);
    this.paramSize = n;
  }

  private logSoftmax(params: tf.Tensor2D): tf.Tensor2D {
    return tf.sub(params, tf.logSumExp(params, 1, true));
  }

  logProb(params: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    checkShapes(this, params, actions);
    return tf.tidy(() => {
      const mask = tf.oneHot(tf.cast(tf.reshape(actions, [-1]), 'int32'), this.n);
      return tf.sum(tf.mul(mask, this.logSoftmax(params)), 1) as tf.Tensor1D;
    });
  }

  entropy(params: tf.Tensor2D): tf.Tensor1D {
    checkShapes(this, params);
    return tf.tidy(() => {
      const logp = this.logSoftmax(params);
      return tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)) as tf.Tensor1D;
    });
  }

  sample(params: Float32Array, rng: Generator, out = new Float32Array(1)): Float32Array {
    checkLength(this.kind, 'params', params, this.n);
    const logp = logSoftmaxJs(params);
    const u = rng.random();
    let cum = 0;
    let pick = this.n - 1; // rounding leftovers go to the last class
    for (let i = 0; i < this.n; i++) {
      cum += Math.exp(logp[i]!);
      if (u < cum) {
        pick = i;
        break;
      }
    }
    out[0] = pick;
    return out;
  }

  /** The most likely class (lowest index on ties). */
  mode(params: Float32Array, out = new Float32Array(1)): Float32Array {
    checkLength(this.kind, 'params', params, this.n);
    let best = 0;
    for (let i = 1; i < this.n; i++) if (params[i]! > params[best]!) best = i;
    out[0] = best;
    return out;
  }

  logProbJs(params: Float32Array, action: Float32Array): number {
    checkLength(this.kind, 'params', params, this.n);
    checkLength(this.kind, 'action', action, 1);
    const k = action[0]!;
    if (!Number.isInteger(k) || k < 0 || k >= this.n) {
      throw new RangeError(`categorical: action must be a class index in [0, ${this.n}), got ${k}.`);
    }
    return logSoftmaxJs(params)[k]!;
  }

  entropyJs(params: Float32Array): number {
    checkLength(this.kind, 'params', params, this.n);
    let h = 0;
    for (const lp of logSoftmaxJs(params)) h -= Math.exp(lp) * lp;
    return h;
  }

  toEnv(action: Float32Array, out = new Float32Array(1)): Float32Array {
    out[0] = action[0]!;
    return out;
  }

  /** With p = softmax(l): ∂logP(k)/∂l_j = [j = k] − p_j; ∂H/∂l_j = −p_j·(log p_j + H). */
  paramGradJs(params: Float32Array, action: Float32Array, gLogProb: number, gEntropy: number, out: Float32Array): void {
    const logp = logSoftmaxJs(params);
    let h = 0;
    for (const lp of logp) h -= Math.exp(lp) * lp;
    const k = action[0]!;
    for (let j = 0; j < this.n; j++) {
      const p = Math.exp(logp[j]!);
      out[j] = gLogProb * ((j === k ? 1 : 0) - p) - gEntropy * p * (logp[j]! + h);
    }
  }
}
