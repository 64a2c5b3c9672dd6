/**
 * An actor-critic's weights as Float32Arrays for the length of one hand-derived PPO update
 * (`mlp-stepper.ts`, `ttt-stepper.ts`): read out of the tfjs variables once, stepped by Adam on the arrays
 * after every minibatch, and written back when the update ends.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Adam } from '../../ppo/adam.ts';
import type { PPOLossJsTerms } from '../../ppo/ppo-loss-js.ts';

/**
 * One network's variables, copies of their values, and gradient arrays of the same sizes.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Adam } from '../../ppo/adam.ts';
 * import { initBackend } from '../../tfjs/backend.ts';
 *
 * await initBackend('cpu');
 * const w = new ArrayWeights([tf.variable(tf.tensor1d([1, 2]))]);
 * w.grads[0]!.set([0.5, -0.5]);            // a hand-derived backward writes here
 * new Adam({ learningRate: 0.1 }).applyArrays(w.vars, w.arrays, w.grads, 0.5);
 * w.writeBack();                            // the variable now holds the stepped values
 * ```
 */
export class ArrayWeights {
  /** The variables, in the network's parameter order. */
  readonly vars: readonly tf.Variable[];
  /** Their values (copies). */
  readonly arrays: Float32Array[];
  /** A gradient array per variable. */
  readonly grads: Float32Array[];

  /**
   * @param vars the variables.
   * @param shared put the arrays (values and gradients) on shared memory, for a learner thread to read
   *   (default false).
   */
  constructor(vars: readonly tf.Variable[], shared = false) {
    this.vars = vars;
    const make = (length: number) => (shared ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length));
    this.arrays = vars.map((v) => {
      const a = make(v.size);
      a.set(v.dataSync() as Float32Array);
      return a;
    });
    this.grads = this.arrays.map((w) => make(w.length));
  }

  /** Copies the arrays back into the variables. */
  writeBack(): void {
    tf.tidy(() => this.vars.forEach((v, i) => v.assign(tf.tensor(this.arrays[i]!, v.shape, 'float32'))));
  }
}

/** The optimizers of a hand-derived update. */
export interface ArrayOptimizers {
  readonly actorOpt: Adam;
  readonly criticOpt: Adam;
  readonly ppo: { readonly maxGradNorm: number };
}

/**
 * The actor's and the critic's Adam steps from their gradient arrays, each clipped to `maxGradNorm` on its own,
 * and the step's metrics: both gradient norms before clipping and the loss `terms`.
 */
export function adamStepsAndMetrics(ctx: ArrayOptimizers, actor: ArrayWeights, critic: ArrayWeights, terms: PPOLossJsTerms): Record<string, number> {
  const a = ctx.actorOpt.applyArrays(actor.vars, actor.arrays, actor.grads, ctx.ppo.maxGradNorm).gradNorm;
  const c = ctx.criticOpt.applyArrays(critic.vars, critic.arrays, critic.grads, ctx.ppo.maxGradNorm).gradNorm;
  return stepMetrics(a, c, terms);
}

/** A gradient step's metrics: both gradient norms before clipping and the loss `terms`. */
export function stepMetrics(actorGradNorm: number, criticGradNorm: number, terms: PPOLossJsTerms): Record<string, number> {
  return {
    actorGradNorm,
    criticGradNorm,
    policyLoss: terms.policyLoss,
    valueLoss: terms.valueLoss,
    entropy: terms.entropy,
    approxKl: terms.approxKl,
    clipFraction: terms.clipFraction,
  };
}

/**
 * Where a minibatch of `n` samples (or sequences) is cut into the two shards of a hand-derived gradient
 * step: the first shard is `[0, cut)`, the second `[cut, n)` (empty when `n` is 1).
 */
export function shardCut(n: number): number {
  return Math.ceil(n / 2);
}

/** Adds the second shard's gradients `from` into `into`, array by array (`into[i][j] += from[i][j]`). */
export function addShardGrads(into: readonly Float32Array[], from: readonly Float32Array[]): void {
  for (let i = 0; i < into.length; i++) {
    const a = into[i]!;
    const b = from[i]!;
    for (let j = 0; j < a.length; j++) a[j]! += b[j]!;
  }
}
