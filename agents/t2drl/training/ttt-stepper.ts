/**
 * PPO gradient steps of the sequence agent (`t2drl`) without tfjs's autodiff: the weights are read out of
 * the variables once per update and kept in Float32Arrays; each minibatch of padded episodes is cut into two
 * shards of sequences ({@link shardCut}) whose gradients {@link TttShard} computes — the hand-derived forward
 * and backward of the actor's and the critic's TTT networks, the PPO loss and its gradient in JavaScript on
 * the unpadded tokens — and adds in a fixed order; then the actor's and the critic's clipped Adam steps run
 * on the arrays ({@link Adam.applyArrays}); {@link TttStepper.finish} writes the weights back. Same loss,
 * same gradients (to float rounding), same optimizer arithmetic as the tfjs path of `ppo-update.ts`.
 *
 * With a learner thread ({@link LearnerThread}) the second shard runs there while the calling thread computes
 * the first; without one, the calling thread computes both. Either way the result is the same, bit for bit.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActionHead } from '../acting/action-head.ts';
import { tttConfigs } from '../acting/actor-critic.ts';
import type { ActorCritic } from '../acting/actor-critic.ts';
import { resolveTTTConfig } from '../../nn/ttt-config.ts';
import { tttParameterNames, tttParameterSizes } from '../../nn/ttt-grad.ts';
import { shardCut } from './array-weights.ts';
import { setupBase, sharedCopy } from './learner-thread-protocol.ts';
import { shardStepParts, stepInShards, threadAdam } from './shard-step.ts';
import type { MinibatchStepper, HandStepperContext } from './shard-step.ts';
import { TttShard, tokensOf } from './ttt-shard.ts';
import type { PackedEpisodes } from './ttt-shard.ts';

export type { PackedEpisodes } from './ttt-shard.ts';

/** Whether the hand-derived path applies: a TTT actor-critic and a distribution with `paramGradJs`. */
export function tttStepperApplies(net: ActorCritic, head: ActionHead): boolean {
  if (net.config.kind !== 'ttt' || head.distribution.paramGradJs === undefined) return false;
  const cfgs = tttConfigs(net.config);
  const fits = (vars: readonly tf.Variable[], names: readonly string[], sizes: Record<string, number>) =>
    vars.length === names.length && vars.every((v, i) => v.size === sizes[names[i]!]);
  const a = resolveTTTConfig(cfgs.actor);
  const c = resolveTTTConfig(cfgs.critic);
  return fits(net.actorVariables(), tttParameterNames(a), tttParameterSizes(a)) && fits(net.criticVariables(), tttParameterNames(c), tttParameterSizes(c));
}

/** Arrays by parameter name (`arrays` in {@link tttParameterNames} order). */
function byName(names: readonly string[], arrays: readonly Float32Array[]): Record<string, Float32Array> {
  return Object.fromEntries(names.map((n, i) => [n, arrays[i]!]));
}

/**
 * A stepper over the packed episodes `data`, for minibatches of at most `maxSequences` sequences.
 * @throws Error when {@link tttStepperApplies} is false for `ctx`, or the learner thread fails.
 */
export function createTttStepper(ctx: HandStepperContext, data: PackedEpisodes, maxSequences: number, innerUpdates = true): MinibatchStepper {
  const { net, head, ppo } = ctx;
  if (!tttStepperApplies(net, head)) {
    throw new Error('createTttStepper: needs a TTT actor-critic and a distribution with paramGradJs (check tttStepperApplies first).');
  }
  const parts = shardStepParts(ctx);
  const { actor, critic, second, thread } = parts;
  const shared = thread !== null;
  const cfgs = tttConfigs(net.config);
  const actorCfg = resolveTTTConfig(cfgs.actor);
  const criticCfg = resolveTTTConfig(cfgs.critic);
  const actorNames = tttParameterNames(actorCfg);
  const criticNames = tttParameterNames(criticCfg);
  const weights = { actor: byName(actorNames, actor.arrays), critic: byName(criticNames, critic.arrays) };
  const grads = { actor: byName(actorNames, actor.grads), critic: byName(criticNames, critic.grads) };
  const secondGrads = { actor: byName(actorNames, second.actor), critic: byName(criticNames, second.critic) };
  const packed: PackedEpisodes = shared
    ? {
        sequences: data.sequences,
        length: data.length,
        obs: sharedCopy(data.obs),
        actions: sharedCopy(data.actions),
        logProbs: sharedCopy(data.logProbs),
        advantages: sharedCopy(data.advantages),
        targets: sharedCopy(data.targets),
        mask: sharedCopy(data.mask),
      }
    : data;
  const L = data.length;
  const maxShard = shardCut(maxSequences);
  const shard = new TttShard(actorCfg, criticCfg, maxShard * L, head.distribution, ppo, innerUpdates);
  if (thread !== null) {
    thread.setup({
      kind: 'ttt',
      ...setupBase(head.space.toJSON(), ppo, maxShard * L, maxShard, threadAdam(ctx, parts)),
      actorCfg,
      criticCfg,
      innerUpdates,
      data: packed,
      actor: weights.actor,
      critic: weights.critic,
      actorGrads: secondGrads.actor,
      criticGrads: secondGrads.critic,
    });
  }
  return {
    step(seqs) {
      const B = seqs.length;
      if (B === 0 || B > maxSequences) throw new RangeError(`TttStepper.step: a minibatch has 1 … ${maxSequences} sequences, got ${B}.`);
      const total = tokensOf(packed, seqs);
      if (total === 0) throw new RangeError('TttStepper.step: the minibatch has no unpadded token.');
      // every packed episode has at least one unpadded token, so both shards have some
      return stepInShards(ctx, parts, seqs, shardCut(B), B, total, (from, to, toSecond) =>
        toSecond
          ? shard.run(packed, seqs, from, to, total, weights.actor, weights.critic, secondGrads.actor, secondGrads.critic)
          : shard.run(packed, seqs, from, to, total, weights.actor, weights.critic, grads.actor, grads.critic),
      );
    },
    finish() {
      actor.writeBack();
      critic.writeBack();
    },
  };
}
