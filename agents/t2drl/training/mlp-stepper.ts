/**
 * PPO gradient steps of the MLP agent (`ppo`) without tfjs's autodiff: the weights are read out of the
 * variables once per update and kept in Float32Arrays; each minibatch runs the hand-derived forward and
 * backward of {@link MlpPairGrad} (matrix products on the tfjs backend), the PPO loss and its gradient in
 * JavaScript ({@link ppoLossJs}, the distribution's `paramGradJs`), and the actor's and the critic's
 * clipped Adam steps on the arrays ({@link Adam.applyArrays}); {@link MlpStepper.finish} writes the
 * weights back. Same loss, same gradients (to float rounding), same optimizer arithmetic as the tfjs
 * path of `ppo-update.ts`, which remains for the sequence agent and for heads without `paramGradJs`.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActionHead } from '../acting/action-head.ts';
import type { ActorCritic } from '../acting/actor-critic.ts';
import { MlpPairGrad } from '../../nn/mlp-pair-grad.ts';
import type { Adam } from '../../ppo/adam.ts';
import type { PPOConfig } from '../../ppo/config.ts';
import { ppoLossJs } from '../../ppo/ppo-loss-js.ts';
import type { RolloutBuffer } from './rollout.ts';
import { ArrayWeights, adamStepsAndMetrics } from './array-weights.ts';

/** What {@link createMlpStepper} needs (a subset of the update context). */
export interface MlpStepperContext {
  readonly net: ActorCritic;
  readonly head: ActionHead;
  readonly actorOpt: Adam;
  readonly criticOpt: Adam;
  readonly ppo: PPOConfig;
}

/** Gradient steps on minibatches of one rollout (see the module description). */
export interface MlpStepper {
  /** One gradient step on the samples `rows` of the rollout; returns the step's metrics. */
  step(rows: readonly number[]): Record<string, number>;
  /** Writes the trained weights back into the networks' variables. */
  finish(): void;
}

function widthsOf(net: ActorCritic, out: number): number[] {
  return [net.config.obsDim, ...net.config.mlpHidden, out];
}

function matches(vars: readonly tf.Variable[], widths: readonly number[]): boolean {
  if (vars.length !== 2 * (widths.length - 1)) return false;
  for (let l = 0; l + 1 < widths.length; l++) {
    if (vars[2 * l]!.size !== widths[l]! * widths[l + 1]! || vars[2 * l + 1]!.size !== widths[l + 1]!) return false;
  }
  return true;
}

/**
 * Whether the hand-derived path applies: an MLP actor-critic with at least one hidden layer whose
 * variables have the expected layout, and a distribution with `paramGradJs`.
 */
export function mlpStepperApplies(net: ActorCritic, head: ActionHead): boolean {
  if (net.config.kind !== 'mlp' || net.config.mlpHidden.length === 0) return false;
  if (head.distribution.paramGradJs === undefined) return false;
  return matches(net.actorVariables(), widthsOf(net, net.config.paramSize)) && matches(net.criticVariables(), widthsOf(net, 1));
}

/**
 * A stepper for the rollout `buf` with advantages `adv` (already normalized if configured) and value
 * targets `targets`.
 * @throws Error when {@link mlpStepperApplies} is false for `ctx`.
 */
export function createMlpStepper(ctx: MlpStepperContext, buf: RolloutBuffer, adv: ArrayLike<number>, targets: ArrayLike<number>): MlpStepper {
  const { net, head, ppo } = ctx;
  if (!mlpStepperApplies(net, head)) {
    throw new Error('createMlpStepper: needs an MLP actor-critic and a distribution with paramGradJs (check mlpStepperApplies first).');
  }
  const dist = head.distribution;
  const { obsDim: D, actionSize: A } = buf;
  const P = net.config.paramSize;
  const B = ppo.batchSize;
  const actor = new ArrayWeights(net.actorVariables());
  const critic = new ArrayWeights(net.criticVariables());
  const grad = new MlpPairGrad(widthsOf(net, P), widthsOf(net, 1), B);
  const x = new Float32Array(B * D);
  const actions = new Float32Array(B * A);
  const oldLogProb = new Float64Array(B);
  const advantages = new Float64Array(B);
  const returns = new Float64Array(B);
  const logProb = new Float64Array(B);
  const entropy = new Float64Array(B);
  const dLogProb = new Float64Array(B);
  const dValue = new Float64Array(B);
  const dParams = new Float32Array(B * P);
  const dValues = new Float32Array(B);
  return {
    step(rows) {
      const n = rows.length;
      if (n === 0 || n > B) throw new RangeError(`MlpStepper.step: a minibatch has 1 … ${B} samples, got ${n}.`);
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        x.set(buf.obs.subarray(r * D, (r + 1) * D), i * D);
        actions.set(buf.actions.subarray(r * A, (r + 1) * A), i * A);
        oldLogProb[i] = buf.logProbs[r]!;
        advantages[i] = adv[r]!;
        returns[i] = targets[r]!;
      }
      const out = grad.forward(x, n, actor.arrays, critic.arrays);
      for (let i = 0; i < n; i++) {
        const p = out.params.subarray(i * P, (i + 1) * P);
        const a = actions.subarray(i * A, (i + 1) * A);
        logProb[i] = dist.logProbJs(p, a);
        entropy[i] = dist.entropyJs(p);
      }
      const terms = ppoLossJs({ n, logProb, oldLogProb, advantages, values: out.values, returns, entropy }, ppo, { dLogProb, dValue });
      for (let i = 0; i < n; i++) {
        dist.paramGradJs!(out.params.subarray(i * P, (i + 1) * P), actions.subarray(i * A, (i + 1) * A), dLogProb[i]!, terms.dEntropy, dParams.subarray(i * P, (i + 1) * P));
        dValues[i] = dValue[i]!;
      }
      grad.backward(dParams, dValues, actor.grads, critic.grads);
      return adamStepsAndMetrics(ctx, actor, critic, terms);
    },
    finish() {
      actor.writeBack();
      critic.writeBack();
    },
  };
}
