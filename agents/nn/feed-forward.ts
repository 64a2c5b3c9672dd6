/**
 * The SwiGLU feed-forward block that follows the TTT layer (the "intermediate size" of the reference
 * TTT block), pre-norm with a residual:
 *
 *   h ← h + (silu(LN(h)·W_gate) ⊙ (LN(h)·W_up))·W_down,   silu(u) = u·sigmoid(u).
 *
 * Both a tfjs version (training) and a plain-JS version (rollout) live here so that they stay in step.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { layerNormTf } from './layer-norm.ts';
import { denseT, layerNorm, sigmoid, transpose } from './js-kernels.ts';

/** Parameters of the block as tensors (γ, β of the pre-norm; gate/up `[H, I]`; down `[I, H]`). */
export interface FeedForwardTensors {
  readonly gamma: tf.Tensor;
  readonly beta: tf.Tensor;
  readonly gate: tf.Tensor;
  readonly up: tf.Tensor;
  readonly down: tf.Tensor;
}

/**
 * Parameters of the block as plain arrays for {@link feedForwardJs}; the matrices are transposed
 * (`gateT`, `upT` `[I, H]`, `downT` `[H, I]`), see {@link feedForwardArrays}.
 */
export interface FeedForwardArrays {
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly gateT: Float32Array;
  readonly upT: Float32Array;
  readonly downT: Float32Array;
}

/** Prepares {@link FeedForwardArrays} from weights in the tfjs layout (`gate`, `up` `[H, I]`, `down` `[I, H]`). */
export function feedForwardArrays(
  w: { gamma: Float32Array; beta: Float32Array; gate: Float32Array; up: Float32Array; down: Float32Array },
  hidden: number,
  intermediate: number,
): FeedForwardArrays {
  return {
    gamma: w.gamma,
    beta: w.beta,
    gateT: transpose(w.gate, hidden, intermediate),
    upT: transpose(w.up, hidden, intermediate),
    downT: transpose(w.down, intermediate, hidden),
  };
}

/** tfjs forward of the block on rows `h` `[R, H]`, returning `h` plus the block output. */
export function feedForwardTf(h: tf.Tensor2D, p: FeedForwardTensors, eps: number): tf.Tensor2D {
  return tf.tidy(() => {
    const n = layerNormTf(h, p.gamma, p.beta, eps);
    const g = tf.matMul(n, p.gate as tf.Tensor2D);
    const act = tf.mul(g, tf.sigmoid(g));
    const u = tf.matMul(n, p.up as tf.Tensor2D);
    return tf.add(h, tf.matMul(tf.mul(act, u), p.down as tf.Tensor2D));
  });
}

/** Scratch buffers of {@link feedForwardJs} (allocate once per network). */
export interface FeedForwardScratch {
  readonly normed: Float32Array;
  readonly gate: Float32Array;
  readonly up: Float32Array;
  readonly delta: Float32Array;
}

/** Allocates scratch buffers for width `hidden` and intermediate size `intermediate`. */
export function feedForwardScratch(hidden: number, intermediate: number): FeedForwardScratch {
  return {
    normed: new Float32Array(hidden),
    gate: new Float32Array(intermediate),
    up: new Float32Array(intermediate),
    delta: new Float32Array(hidden),
  };
}

/** Plain-JS forward of the block on one row `h` (updated in place). */
export function feedForwardJs(
  h: Float32Array,
  p: FeedForwardArrays,
  eps: number,
  hidden: number,
  intermediate: number,
  s: FeedForwardScratch,
): void {
  layerNorm(h, p.gamma, p.beta, eps, s.normed);
  denseT(s.normed, p.gateT, null, hidden, intermediate, s.gate);
  denseT(s.normed, p.upT, null, hidden, intermediate, s.up);
  for (let i = 0; i < intermediate; i++) {
    const g = s.gate[i]!;
    s.gate[i] = g * sigmoid(g) * s.up[i]!;
  }
  denseT(s.gate, p.downT, null, intermediate, hidden, s.delta);
  for (let i = 0; i < hidden; i++) h[i] = h[i]! + s.delta[i]!;
}
