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
import type { RolloutBuffer } from './rollout.ts';
import { shardCut } from './array-weights.ts';
import { MlpShard } from './mlp-shard.ts';
import { shardStepParts, stepInShards, threadAdam } from './shard-step.ts';
import type { MinibatchStepper, HandStepperContext } from './shard-step.ts';
import type { MlpPairWidths, MlpSamples } from './mlp-shard.ts';
import { setupBase, sharedCopy } from './learner-thread-protocol.ts';

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
export function createMlpStepper(ctx: HandStepperContext, buf: RolloutBuffer, adv: Float32Array, targets: Float32Array): MinibatchStepper {
  const { net, head, ppo } = ctx;
  if (!mlpStepperApplies(net, head)) {
    throw new Error('createMlpStepper: needs an MLP actor-critic and a distribution with paramGradJs (check mlpStepperApplies first).');
  }
  const parts = shardStepParts(ctx);
  const { actor, critic, second, thread } = parts;
  const shared = thread !== null;
  const B = ppo.batchSize;
  const widths: MlpPairWidths = { actor: widthsOf(net, net.config.paramSize), critic: widthsOf(net, 1) };
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
      ...setupBase(head.space.toJSON(), ppo, maxRows, maxRows, threadAdam(ctx, parts)),
      widths,
      samples,
      actor: actor.arrays,
      critic: critic.arrays,
      actorGrads: second.actor,
      criticGrads: second.critic,
    });
  }
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
