/**
 * Global gradient-norm clipping: if ‖g‖ = √(Σ_v ‖g_v‖²) exceeds `maxNorm`, every gradient is scaled by
 * maxNorm / ‖g‖ (PPO's max_grad_norm).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Result of {@link clipByGlobalNorm}; the caller owns (and disposes) every tensor. */
export interface ClippedGradients {
  /** The (possibly scaled) gradients, same keys as the input. */
  readonly grads: tf.NamedTensorMap;
  /** The global norm before clipping. */
  readonly norm: tf.Scalar;
}

/**
 * Scales `grads` so that their global norm is at most `maxNorm` (Infinity: no scaling, norm still
 * reported). Returns new tensors; the inputs are left untouched.
 *
 * @throws RangeError if `maxNorm` is not > 0, or `grads` is empty.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): ClippedGradients {
  if (!(maxNorm > 0)) throw new RangeError(`clipByGlobalNorm: maxNorm must be > 0 (or Infinity), got ${maxNorm}.`);
  const names = Object.keys(grads);
  if (names.length === 0) throw new RangeError('clipByGlobalNorm: no gradients given.');
  return tf.tidy(() => {
    const squares = names.map((k) => tf.sum(tf.square(grads[k]!)));
    const norm = tf.sqrt(squares.length === 1 ? squares[0]! : tf.addN(squares)) as tf.Scalar;
    const out: tf.NamedTensorMap = {};
    if (!Number.isFinite(maxNorm)) {
      for (const k of names) out[k] = tf.clone(grads[k]!);
    } else {
      // scale = min(1, maxNorm / (norm + 1e-6)), kept on the device (no synchronous read)
      const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
      for (const k of names) out[k] = tf.mul(grads[k]!, scale);
    }
    return { grads: out, norm };
  });
}
