/**
 * Layer normalization over the last axis, in tfjs (differentiable; only ops with gradients on every
 * backend). The plain-JS counterpart is {@link layerNorm} in `js-kernels.ts`.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * `(x − mean)/√(var + eps)·γ + β` over the last axis (biased variance).
 *
 * @param x tensor `[..., n]`.
 * @param gamma scale `[n]`.
 * @param beta shift `[n]`.
 */
export function layerNormTf<T extends tf.Tensor>(x: T, gamma: tf.Tensor, beta: tf.Tensor, eps: number): T {
  return tf.tidy(() => {
    const mean = tf.mean(x, -1, true);
    const centered = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centered), -1, true);
    const normed = tf.mul(centered, tf.rsqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(normed, gamma), beta) as T;
  });
}
