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

  constructor(vars: readonly tf.Variable[]) {
    this.vars = vars;
    this.arrays = vars.map((v) => (v.dataSync() as Float32Array).slice());
    this.grads = this.arrays.map((w) => new Float32Array(w.length));
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
  return {
    actorGradNorm: a,
    criticGradNorm: c,
    policyLoss: terms.policyLoss,
    valueLoss: terms.valueLoss,
    entropy: terms.entropy,
    approxKl: terms.approxKl,
    clipFraction: terms.clipFraction,
  };
}
