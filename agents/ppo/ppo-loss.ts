/**
 * The PPO-clip objective as a tfjs loss (to be minimized):
 *
 *   ρ = exp(log π(a|s) − log π_old(a|s))
 *   L = −mean(min(ρ·Â, clip(ρ, 1−ε, 1+ε)·Â)) + c_v·mean((V(s) − R)²) − c_e·mean(H)
 *
 * Means are taken over the valid samples (mask = 1; padding of sequence batches gets mask = 0). Only ops
 * with gradients on every backend are used on the path to the loss; the diagnostics (approximate KL,
 * clip fraction) are computed beside it and do not receive gradients.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Per-sample inputs of {@link ppoLoss}, all `[N]`. */
export interface PPOLossInput {
  /** log π(a|s) under the current parameters (differentiable). */
  readonly logProb: tf.Tensor1D;
  /** log π_old(a|s) recorded during the rollout. */
  readonly oldLogProb: tf.Tensor1D;
  /** Advantages Â (normalized by the caller if desired). */
  readonly advantages: tf.Tensor1D;
  /** V(s) under the current parameters (differentiable). */
  readonly values: tf.Tensor1D;
  /** Value targets R (GAE returns). */
  readonly returns: tf.Tensor1D;
  /** Per-sample policy entropy; may be omitted when the entropy coefficient is 0. */
  readonly entropy?: tf.Tensor1D;
  /** 1 for real samples, 0 for padding; omitted = all valid. */
  readonly mask?: tf.Tensor1D;
}

/** Coefficients of {@link ppoLoss} (a {@link PPOConfig} can be passed directly). */
export interface PPOLossCoefficients {
  /** Clip range ε. */
  readonly clipRange: number;
  /** Value-loss weight c_v. */
  readonly valueCoef: number;
  /** Entropy-bonus weight c_e. */
  readonly entropyCoef: number;
}

/** The loss and its parts, as scalars (a plain object type, so it can be returned from `tf.tidy`). */
export type PPOLossTerms = {
  /** Total loss to minimize. */
  readonly loss: tf.Scalar;
  /** −mean(min(ρÂ, clip(ρ)Â)). */
  readonly policyLoss: tf.Scalar;
  /** mean((V − R)²). */
  readonly valueLoss: tf.Scalar;
  /** mean entropy (0 when no entropy was given). */
  readonly entropy: tf.Scalar;
  /** mean((ρ − 1) − log ρ), an estimate of KL(π_old ‖ π) (diagnostic). */
  readonly approxKl: tf.Scalar;
  /** Share of samples with |ρ − 1| > ε (diagnostic). */
  readonly clipFraction: tf.Scalar;
};

/**
 * Computes the PPO-clip loss and diagnostics.
 *
 * @throws Error when the inputs are not all `[N]` with the same N, or when the entropy coefficient is
 *   positive but no entropy was given.
 */
export function ppoLoss(input: PPOLossInput, coef: PPOLossCoefficients): PPOLossTerms {
  const n = input.logProb.shape[0];
  for (const [name, t] of Object.entries(input) as [string, tf.Tensor | undefined][]) {
    if (t !== undefined && (t.rank !== 1 || t.shape[0] !== n)) {
      throw new Error(`ppoLoss: ${name} must have shape [${n}] like logProb, got [${t.shape.join(', ')}].`);
    }
  }
  if (coef.entropyCoef > 0 && input.entropy === undefined) {
    throw new Error('ppoLoss: entropyCoef > 0 needs input.entropy (distribution.entropy(params)).');
  }
  return tf.tidy(() => {
    const mask = input.mask;
    const count = mask === undefined ? tf.scalar(n) : tf.maximum(tf.sum(mask), 1);
    const mean = (x: tf.Tensor): tf.Scalar =>
      tf.div(tf.sum(mask === undefined ? x : tf.mul(x, mask)), count) as tf.Scalar;
    const logRatio = tf.sub(input.logProb, input.oldLogProb);
    const ratio = tf.exp(logRatio);
    const surrogate = tf.mul(ratio, input.advantages);
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - coef.clipRange, 1 + coef.clipRange), input.advantages);
    const policyLoss = tf.neg(mean(tf.minimum(surrogate, clipped))) as tf.Scalar;
    const valueLoss = mean(tf.square(tf.sub(input.values, input.returns)));
    const entropy = input.entropy === undefined ? tf.scalar(0) : mean(input.entropy);
    let loss = tf.add(policyLoss, tf.mul(valueLoss, coef.valueCoef)) as tf.Scalar;
    if (coef.entropyCoef !== 0) loss = tf.sub(loss, tf.mul(entropy, coef.entropyCoef)) as tf.Scalar;
    const approxKl = mean(tf.sub(tf.sub(ratio, 1), logRatio));
    const clipFraction = mean(tf.step(tf.sub(tf.abs(tf.sub(ratio, 1)), coef.clipRange)));
    return { loss, policyLoss, valueLoss, entropy, approxKl, clipFraction };
  });
}
