/**
 * One hand-derived gradient step in two shards, shared by `mlp-stepper.ts` and `ttt-stepper.ts`: the second
 * shard starts on the learner thread when there is one, the calling thread computes the first (and the second
 * too without a thread), the second shard's gradients are added to the first's in a fixed order, and the
 * actor's and the critic's Adam steps follow — with a thread, the critic's sum and Adam step on the thread
 * ({@link threadAdam}) while the calling thread does the actor's. The result does not depend on which thread
 * computed what.
 * @module
 */
import type { ActionHead } from '../acting/action-head.ts';
import type { ActorCritic } from '../acting/actor-critic.ts';
import type { Adam } from '../../ppo/adam.ts';
import type { PPOConfig } from '../../ppo/config.ts';
import { addLossTerms } from '../../ppo/ppo-loss-js.ts';
import type { PPOLossJsTerms } from '../../ppo/ppo-loss-js.ts';
import { ArrayWeights, adamStepsAndMetrics, addShardGrads, stepMetrics } from './array-weights.ts';
import type { ArrayOptimizers } from './array-weights.ts';
import { collectQuietly } from './learner-thread.ts';
import type { LearnerThread } from './learner-thread.ts';
import { ADAM_ARGS, sharedFloat32 } from './learner-thread-protocol.ts';
import type { ThreadAdamSetup } from './learner-thread-protocol.ts';

/** What a hand-derived stepper (`mlp-stepper.ts`, `ttt-stepper.ts`) needs: a subset of the update context. */
export interface HandStepperContext {
  readonly net: ActorCritic;
  readonly head: ActionHead;
  readonly actorOpt: Adam;
  readonly criticOpt: Adam;
  readonly ppo: PPOConfig;
  /** Computes the second shard of every minibatch (default: the calling thread does). */
  readonly learnerThread?: LearnerThread | null;
}

/** Gradient steps on minibatches of one rollout (samples or episodes, by index), and the update's end. */
export interface MinibatchStepper {
  /** One gradient step on the minibatch `indices`; returns the step's metrics. */
  step(indices: readonly number[]): Record<string, number>;
  /** Writes the trained weights back into the networks' variables. */
  finish(): void;
}

/** The weights, the second shard's gradient arrays and the learner thread of an update. */
export interface ShardStepParts {
  readonly actor: ArrayWeights;
  readonly critic: ArrayWeights;
  /** Where the second shard's gradients go (the first shard's go to `actor.grads` and `critic.grads`). */
  readonly second: { readonly actor: readonly Float32Array[]; readonly critic: readonly Float32Array[] };
  readonly thread: LearnerThread | null;
}

/**
 * The actor's and the critic's weights as arrays, the second shard's gradient arrays, and the learner thread
 * of `ctx`; everything on shared memory when there is a thread.
 */
export function shardStepParts(ctx: HandStepperContext): ShardStepParts {
  const thread = ctx.learnerThread ?? null;
  const shared = thread !== null;
  const actor = new ArrayWeights(ctx.net.actorVariables(), shared);
  const critic = new ArrayWeights(ctx.net.criticVariables(), shared);
  const like = (w: ArrayWeights) => w.arrays.map((a) => (shared ? sharedFloat32(a.length) : new Float32Array(a.length)));
  return { actor, critic, second: { actor: like(actor), critic: like(critic) }, thread };
}

/**
 * The critic's Adam step for the learner thread of `parts` (its moments moved to shared memory, same values).
 * @throws Error when `parts` has no learner thread.
 */
export function threadAdam(ctx: HandStepperContext, parts: ShardStepParts): ThreadAdamSetup {
  if (parts.thread === null) throw new Error('threadAdam: the parts have no learner thread.');
  const { m, v } = ctx.criticOpt.momentsOf(parts.critic.vars, true);
  return { params: parts.critic.arrays, grads: parts.critic.grads, second: parts.second.critic, m, v, args: new Float64Array(new SharedArrayBuffer(ADAM_ARGS.size * 8)) };
}

/**
 * Runs one step over `indices[0 … count)` cut at `cut` (the second shard is empty when `cut` is `count`);
 * `run(from, to, second)` computes a shard on the calling thread into the first or the second gradient
 * arrays. Returns the step's metrics.
 * @throws the first shard's error (after collecting the thread's shard), or the learner thread's.
 */
export function stepInShards(
  ctx: ArrayOptimizers,
  parts: ShardStepParts,
  indices: readonly number[],
  cut: number,
  count: number,
  total: number,
  run: (from: number, to: number, second: boolean) => PPOLossJsTerms,
): Record<string, number> {
  const { actor, critic, second, thread } = parts;
  const parallel = thread !== null && cut < count;
  if (parallel) thread.start(indices, cut, count, total);
  let terms: PPOLossJsTerms;
  try {
    terms = run(0, cut, false);
  } catch (e) {
    if (parallel) collectQuietly(thread);
    throw e;
  }
  if (parallel) {
    // the thread adds the critic's shards and takes its Adam step while this thread does the actor's
    const rest = thread.finish();
    thread.startAdam(ctx.criticOpt.beginStep(), ctx.ppo.maxGradNorm);
    let actorNorm: number;
    try {
      addShardGrads(actor.grads, second.actor);
      actorNorm = ctx.actorOpt.applyArrays(actor.vars, actor.arrays, actor.grads, ctx.ppo.maxGradNorm).gradNorm;
    } catch (e) {
      try {
        thread.finishAdam();
      } catch {
        // the calling thread's error is the one to report
      }
      throw e;
    }
    return stepMetrics(actorNorm, thread.finishAdam(), addLossTerms(terms, rest));
  }
  if (cut < count) {
    const rest = run(cut, count, true);
    addShardGrads(actor.grads, second.actor);
    addShardGrads(critic.grads, second.critic);
    terms = addLossTerms(terms, rest);
  }
  return adamStepsAndMetrics(ctx, actor, critic, terms);
}
