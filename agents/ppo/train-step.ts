/**
 * One optimizer step: gradients of a scalar loss with respect to a list of variables, global-norm
 * clipping and the Adam update (plain-JS {@link Adam}), and a synchronous read of the loss, the gradient
 * norm and any diagnostics. Leaves no tensors behind.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { Adam } from './adam.ts';
import type { PPOConfig } from './config.ts';

/** What the loss function of {@link trainStep} returns. */
export interface LossWithMetrics {
  /** The scalar to minimize. */
  readonly loss: tf.Scalar;
  /** Scalars to report (not differentiated), e.g. the parts of {@link ppoLoss}. */
  readonly metrics?: Readonly<Record<string, tf.Scalar>>;
}

/** Result of {@link trainStep}, as plain numbers. */
export interface TrainStepResult {
  /** The loss before the update. */
  readonly loss: number;
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
  /** The reported metrics. */
  readonly metrics: Record<string, number>;
}

/**
 * The Adam optimizer with the configured learning rate and ε (β₁ = 0.9, β₂ = 0.999).
 */
export function createAdam(config: Pick<PPOConfig, 'learningRate' | 'adamEpsilon'>): Adam {
  return new Adam({ learningRate: config.learningRate, epsilon: config.adamEpsilon });
}

/**
 * Computes the gradients of `lossFn()` with respect to `variables`, clips them to a global norm of
 * `maxGradNorm` and applies them with `optimizer`.
 *
 * @param optimizer from {@link createAdam}.
 * @param variables the variables to train (actor and critic together for a joint PPO loss).
 * @param lossFn builds the loss (and optional metrics) from the current variables.
 * @param maxGradNorm global-norm bound; Infinity disables clipping.
 * @throws Error when the loss does not depend on any of the variables.
 */
export function trainStep(
  optimizer: Adam,
  variables: tf.Variable[],
  lossFn: () => LossWithMetrics,
  maxGradNorm: number,
): TrainStepResult {
  const kept: Record<string, tf.Scalar> = {};
  const { value, grads } = tf.variableGrads(() => {
    const out = lossFn();
    for (const [k, v] of Object.entries(out.metrics ?? {})) kept[k] = tf.keep(v);
    return out.loss;
  }, variables);
  let gradNorm: number;
  try {
    gradNorm = optimizer.apply(variables, grads, maxGradNorm).gradNorm;
  } finally {
    tf.dispose(Object.values(grads));
  }
  const loss = value.dataSync()[0]!;
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(kept)) metrics[k] = v.dataSync()[0]!;
  tf.dispose([value, ...Object.values(kept)]);
  return { loss, gradNorm, metrics };
}
