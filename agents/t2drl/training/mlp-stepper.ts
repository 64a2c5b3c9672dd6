/**
 * PPO gradient steps of the MLP agent (`ppo`) without tfjs's autodiff: the weights are read out of the
 * variables once per update and kept in Float32Arrays; each minibatch is cut into two shards
 * ({@link shardCut}) whose gradients {@link MlpShard} computes — the hand-derived forward and backward of
 * the actor-critic pair (matrix products on the tfjs backend), the PPO loss and its gradient in JavaScript —
 * and adds in a fixed order; then the actor's and the critic's clipped Adam steps run on the arrays
 * ({@link Adam.applyArrays}); {@link MlpStepper.finish} writes the weights back. Same loss, same gradients
 * (to float rounding), same optimizer arithmetic as the tfjs path of `ppo-update.ts`.
 *
 * With a learner thread ({@link LearnerThread}) the second shard runs there while the calling thread computes
 * the first; without one, the calling thread computes both. Either way the result is the same, bit for bit.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActionHead } from '../acting/action-head.ts';
import type { ActorCritic } from '../acting/actor-critic.ts';
import type { Adam } from '../../ppo/adam.ts';
import type { PPOConfig } from '../../ppo/config.ts';
import type { RolloutBuffer } from './rollout.ts';
import { ArrayWeights, shardCut } from './array-weights.ts';
import { MlpShard } from './mlp-shard.ts';
import { stepInShards } from './shard-step.ts';
import type { MlpPairWidths, MlpSamples } from './mlp-shard.ts';
import { sharedCopy, sharedFloat32 } from './learner-thread-protocol.ts';
import type { LearnerThread } from './learner-thread.ts';

/** What {@link createMlpStepper} needs (a subset of the update context). */
export interface MlpStepperContext {
  readonly net: ActorCritic;
  readonly head: ActionHead;
  readonly actorOpt: Adam;
  readonly criticOpt: Adam;
  readonly ppo: PPOConfig;
  /** Computes the second shard of every minibatch (default: the calling thread does). */
  readonly learnerThread?: LearnerThread | null;
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
 * @throws Error when {@link mlpStepperApplies} is false for `ctx`, or the learner thread fails.
 */
export function createMlpStepper(ctx: MlpStepperContext, buf: RolloutBuffer, adv: Float32Array, targets: Float32Array): MlpStepper {
  const { net, head, ppo } = ctx;
  if (!mlpStepperApplies(net, head)) {
    throw new Error('createMlpStepper: needs an MLP actor-critic and a distribution with paramGradJs (check mlpStepperApplies first).');
  }
  const thread = ctx.learnerThread ?? null;
  const shared = thread !== null;
  const B = ppo.batchSize;
  const widths: MlpPairWidths = { actor: widthsOf(net, net.config.paramSize), critic: widthsOf(net, 1) };
  const actor = new ArrayWeights(net.actorVariables(), shared);
  const critic = new ArrayWeights(net.criticVariables(), shared);
  const local = (w: ArrayWeights) => w.arrays.map((a) => (shared ? sharedFloat32(a.length) : new Float32Array(a.length)));
  const second = { actor: local(actor), critic: local(critic) };
  const own = (a: Float32Array) => (shared ? sharedCopy(a) : a);
  const samples: MlpSamples = {
    obsDim: buf.obsDim,
    actionSize: buf.actionSize,
    obs: own(buf.obs),
    actions: own(buf.actions),
    logProbs: own(buf.logProbs),
    advantages: own(adv),
    targets: own(targets),
  };
  const maxRows = shardCut(B);
  const shard = new MlpShard(widths, maxRows, head.distribution, ppo);
  if (thread !== null) {
    thread.setup({
      kind: 'mlp',
      actionSpace: head.space.toJSON(),
      coef: { clipRange: ppo.clipRange, valueCoef: ppo.valueCoef, entropyCoef: ppo.entropyCoef },
      maxRows,
      indices: new Int32Array(new SharedArrayBuffer(maxRows * 4)),
      terms: new Float64Array(new SharedArrayBuffer(8 * 8)),
      widths,
      samples,
      actor: actor.arrays,
      critic: critic.arrays,
      actorGrads: second.actor,
      criticGrads: second.critic,
    });
  }
  const parts = { actor, critic, second, thread };
  return {
    step(rows) {
      const n = rows.length;
      if (n === 0 || n > B) throw new RangeError(`MlpStepper.step: a minibatch has 1 … ${B} samples, got ${n}.`);
      return stepInShards(ctx, parts, rows, shardCut(n), n, n, (from, to, toSecond) =>
        toSecond
          ? shard.run(samples, rows, from, to, n, actor.arrays, critic.arrays, second.actor, second.critic)
          : shard.run(samples, rows, from, to, n, actor.arrays, critic.arrays, actor.grads, critic.grads),
      );
    },
    finish() {
      actor.writeBack();
      critic.writeBack();
    },
  };
}
