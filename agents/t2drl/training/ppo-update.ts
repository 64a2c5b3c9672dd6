/**
 * The PPO update of one rollout: GAE, advantage normalization, value-target normalization, and
 * `epochs` passes of PPO-clip gradient steps.
 *
 * - MLP (`ppo`): every step is an independent sample; each pass shuffles the samples into minibatches of
 *   `batchSize` (paper: 128).
 * - TTT (`t2drl`): the rollout is cut into whole episodes (every rollout starts with fresh episodes, see
 *   `rollout.ts`), packed into padded sequences with a mask; each pass shuffles the sequences into
 *   minibatches of `sequencesPerBatch` (0 = all in one step), so the outer gradient flows through the
 *   inner updates from the first token of each episode.
 *
 * Both take their gradient steps without tfjs's autodiff where the hand-derived path applies
 * (`mlp-stepper.ts`, `ttt-stepper.ts`: every minibatch in two shards, the second one on a learner thread
 * when `UpdateContext.learnerThread` is given); `UpdateContext.autodiff` selects the tfjs path.
 *
 * One backward pass gives the gradients of the joint loss; the actor and the critic then take separate
 * Adam steps, each clipped to `maxGradNorm` on its own (so the value loss's scale cannot starve the
 * policy gradient through a shared clipping norm).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActionHead } from '../acting/action-head.ts';
import type { ActorCritic } from '../acting/actor-critic.ts';
import type { ValueNormalizer } from '../acting/normalizers.ts';
import { createMlpStepper, mlpStepperApplies } from './mlp-stepper.ts';
import type { RolloutBuffer } from './rollout.ts';
import type { LearnerThread } from './learner-thread.ts';
import type { MinibatchStepper } from './shard-step.ts';
import { createTttStepper, tttStepperApplies } from './ttt-stepper.ts';
import type { Adam } from '../../ppo/adam.ts';
import { normalizeAdvantages } from '../../ppo/advantages.ts';
import type { PPOConfig } from '../../ppo/config.ts';
import { computeGae } from '../../ppo/gae.ts';
import { ppoLoss } from '../../ppo/ppo-loss.ts';
import { episodeSegments, packSequences } from '../../ppo/sequences.ts';
import type { Segment } from '../../ppo/sequences.ts';
import type { Generator } from '../../../src/random/generator.ts';

/** Averages over the gradient steps of one update. */
export interface UpdateStats {
  /** Policy (clipped surrogate) loss. */
  policyLoss: number;
  /** Value loss (normalized units). */
  valueLoss: number;
  /** Mean policy entropy. */
  entropy: number;
  /** Approximate KL(old ‖ new). */
  approxKl: number;
  /** Share of clipped ratios. */
  clipFraction: number;
  /** Actor gradient norm before clipping. */
  actorGradNorm: number;
  /** Critic gradient norm before clipping. */
  criticGradNorm: number;
  /** Gradient steps taken. */
  gradientSteps: number;
  /** Explained variance of the value predictions (return units) before the update. */
  explainedVariance: number;
}

/** What {@link ppoUpdate} needs. */
export interface UpdateContext {
  readonly net: ActorCritic;
  readonly head: ActionHead;
  readonly valueNorm: ValueNormalizer;
  readonly actorOpt: Adam;
  readonly criticOpt: Adam;
  readonly rng: Generator;
  readonly ppo: PPOConfig;
  /** TTT: sequences per gradient step (0 = all). */
  readonly sequencesPerBatch: number;
  /**
   * Take the gradients from tfjs's autodiff instead of the hand-derived backward of `mlp-stepper.ts`
   * (MLP) or `ttt-stepper.ts` (TTT) (default false; the two agree to float rounding — for tests and
   * measurements).
   */
  readonly autodiff?: boolean;
  /**
   * A learner thread computing the second shard of every hand-derived gradient step (`learner-thread.ts`;
   * default none: the calling thread computes both shards). It changes the speed, not the result.
   */
  readonly learnerThread?: LearnerThread | null;
}

/** One minibatch as tensors (owned by the caller). */
interface Batch {
  obs: tf.Tensor3D;
  actions: tf.Tensor2D;
  oldLogProb: tf.Tensor1D;
  advantages: tf.Tensor1D;
  returns: tf.Tensor1D;
  mask?: tf.Tensor1D;
}

function shuffled(n: number, rng: Generator): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.integers(0, i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}

function explainedVariance(pred: ArrayLike<number>, target: ArrayLike<number>): number {
  const n = target.length;
  let mt = 0;
  for (let i = 0; i < n; i++) mt += target[i]!;
  mt /= n;
  let vt = 0;
  let vr = 0;
  let mr = 0;
  for (let i = 0; i < n; i++) mr += target[i]! - pred[i]!;
  mr /= n;
  for (let i = 0; i < n; i++) {
    vt += (target[i]! - mt) ** 2;
    vr += (target[i]! - pred[i]! - mr) ** 2;
  }
  return vt > 0 ? 1 - vr / vt : 0;
}

/** One gradient step on `batch`; returns the scalar metrics. */
function gradientStep(ctx: UpdateContext, batch: Batch): Record<string, number> {
  const { net, head, ppo } = ctx;
  const actorVars = net.actorVariables();
  const criticVars = net.criticVariables();
  const kept: Record<string, tf.Scalar> = {};
  const { value, grads } = tf.variableGrads(() => {
    const { params, values } = net.forward(batch.obs);
    const dist = head.distribution;
    const terms = ppoLoss(
      {
        logProb: dist.logProb(params, batch.actions),
        oldLogProb: batch.oldLogProb,
        advantages: batch.advantages,
        values,
        returns: batch.returns,
        entropy: dist.entropy(params),
        ...(batch.mask ? { mask: batch.mask } : {}),
      },
      ppo,
    );
    for (const k of ['policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction'] as const) kept[k] = tf.keep(terms[k]);
    return terms.loss;
  }, [...actorVars, ...criticVars]);
  let a: number;
  let c: number;
  try {
    a = ctx.actorOpt.apply(actorVars, grads, ppo.maxGradNorm).gradNorm;
    c = ctx.criticOpt.apply(criticVars, grads, ppo.maxGradNorm).gradNorm;
  } finally {
    tf.dispose(Object.values(grads));
  }
  const out: Record<string, number> = { actorGradNorm: a, criticGradNorm: c };
  for (const [k, v] of Object.entries(kept)) out[k] = v.dataSync()[0]!;
  tf.dispose([value, ...Object.values(kept)]);
  return out;
}

function gather(src: ArrayLike<number>, width: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    for (let j = 0; j < width; j++) out[i * width + j] = src[r * width + j]!;
  });
  return out;
}

/** Receives the metrics of each gradient step. */
type StepSink = (metrics: Record<string, number>) => void;


/** `epochs` passes over `count` items in minibatches of `per`, in a new random order each pass when `shuffle`. */
function runEpochs(ctx: UpdateContext, count: number, per: number, shuffle: boolean, stepper: MinibatchStepper, add: StepSink): void {
  try {
    for (let epoch = 0; epoch < ctx.ppo.epochs; epoch++) {
      const order = shuffle ? shuffled(count, ctx.rng) : Array.from({ length: count }, (_, i) => i);
      for (let s = 0; s < count; s += per) add(stepper.step(order.slice(s, s + per)));
    }
  } finally {
    stepper.finish();
  }
}

/** A stepper that builds each minibatch as tensors and differentiates the loss with tfjs's autodiff. */
function autodiffStepper(ctx: UpdateContext, batchOf: (indices: readonly number[]) => Batch): MinibatchStepper {
  return {
    step(indices) {
      const batch = batchOf(indices);
      try {
        return gradientStep(ctx, batch);
      } finally {
        tf.dispose(Object.values(batch) as tf.Tensor[]);
      }
    },
    finish() {},
  };
}

/**
 * The MLP agent (`ppo`): every step of the rollout is an independent sample; each epoch shuffles the
 * samples into minibatches of `batchSize` with one gradient step each — hand-derived
 * ({@link createMlpStepper}) where it applies, else through tfjs's autodiff.
 */
function updateOnSamples(ctx: UpdateContext, buf: RolloutBuffer, advantages: Float32Array, targets: Float32Array, add: StepSink): void {
  const { ppo } = ctx;
  const { obsDim: D, actionSize: A } = buf;
  const n = buf.steps * buf.numEnvs;
  const adv = ppo.normalizeAdvantages ? normalizeAdvantages(advantages) : advantages;
  const stepper =
    ctx.autodiff !== true && mlpStepperApplies(ctx.net, ctx.head)
      ? createMlpStepper(ctx, buf, adv, targets)
      : autodiffStepper(ctx, (rows) => ({
          obs: tf.tensor3d(gather(buf.obs, D, rows), [rows.length, 1, D]),
          actions: tf.tensor2d(gather(buf.actions, A, rows), [rows.length, A]),
          oldLogProb: tf.tensor1d(gather(buf.logProbs, 1, rows)),
          advantages: tf.tensor1d(gather(adv, 1, rows)),
          returns: tf.tensor1d(gather(targets, 1, rows)),
        }));
  runEpochs(ctx, n, ppo.batchSize, true, stepper, add);
}

/**
 * The sequence agent (`t2drl`): the rollout is cut into whole episodes, packed into padded sequences with a
 * mask; each epoch shuffles the sequences into minibatches of `sequencesPerBatch` (0 = all in one step), so
 * the outer gradient flows through the test-time inner updates from each episode's first token.
 */
function updateOnEpisodes(ctx: UpdateContext, buf: RolloutBuffer, advantages: Float32Array, targets: Float32Array, add: StepSink): void {
  const { ppo } = ctx;
  const { numEnvs: E, obsDim: D, actionSize: A } = buf;
  const segments = rolloutSegments(buf);
  const L = Math.max(...segments.map((s) => s.length));
  const packed = packSequences(buf.obs, D, E, segments, L);
  const pActions = packSequences(buf.actions, A, E, segments, L).data;
  const pLogp = packSequences(buf.logProbs, 1, E, segments, L).data;
  const pTargets = packSequences(targets, 1, E, segments, L).data;
  const pAdvRaw = packSequences(advantages, 1, E, segments, L).data;
  const pAdv = ppo.normalizeAdvantages ? normalizeAdvantages(pAdvRaw, packed.mask) : pAdvRaw;
  const per = ctx.sequencesPerBatch > 0 ? Math.min(ctx.sequencesPerBatch, segments.length) : segments.length;
  const stepper =
    ctx.autodiff !== true && tttStepperApplies(ctx.net, ctx.head)
      ? createTttStepper(ctx, { sequences: segments.length, length: L, obs: packed.data, actions: pActions, logProbs: pLogp, advantages: pAdv, targets: pTargets, mask: packed.mask }, per)
      : autodiffStepper(ctx, (seqs) => ({
          obs: tf.tensor3d(gather(packed.data, L * D, seqs), [seqs.length, L, D]),
          actions: tf.tensor2d(gather(pActions, L * A, seqs), [seqs.length * L, A]),
          oldLogProb: tf.tensor1d(gather(pLogp, L, seqs)),
          advantages: tf.tensor1d(gather(pAdv, L, seqs)),
          returns: tf.tensor1d(gather(pTargets, L, seqs)),
          mask: tf.tensor1d(gather(packed.mask, L, seqs)),
        }));
  // one minibatch of every episode needs no shuffling (and draws nothing from the generator)
  runEpochs(ctx, segments.length, per, segments.length !== per, stepper, add);
}

/**
 * Runs the PPO update of `buf` and returns averaged statistics. Updates the value normalizer with the new
 * returns first, so the critic's targets use the latest statistics.
 */
export function ppoUpdate(ctx: UpdateContext, buf: RolloutBuffer): UpdateStats {
  const { ppo } = ctx;
  const gae = computeGae({
    rewards: buf.rewards,
    values: buf.values,
    terminated: buf.terminated,
    truncated: buf.truncated,
    finalValues: buf.finalValues,
    lastValues: buf.lastValues,
    numEnvs: buf.numEnvs,
    gamma: ppo.gamma,
    lambda: ppo.gaeLambda,
  });
  const ev = explainedVariance(buf.values, gae.returns);
  ctx.valueNorm.update(gae.returns);
  const targets = ctx.valueNorm.normalizeAll(gae.returns);
  const totals: Record<string, number> = {};
  let count = 0;
  const add: StepSink = (m) => {
    for (const [k, v] of Object.entries(m)) totals[k] = (totals[k] ?? 0) + v;
    count++;
  };
  if (ctx.net.config.kind === 'mlp') updateOnSamples(ctx, buf, gae.advantages, targets, add);
  else updateOnEpisodes(ctx, buf, gae.advantages, targets, add);
  const mean = (k: string) => (count > 0 ? (totals[k] ?? 0) / count : 0);
  return {
    policyLoss: mean('policyLoss'),
    valueLoss: mean('valueLoss'),
    entropy: mean('entropy'),
    approxKl: mean('approxKl'),
    clipFraction: mean('clipFraction'),
    actorGradNorm: mean('actorGradNorm'),
    criticGradNorm: mean('criticGradNorm'),
    gradientSteps: count,
    explainedVariance: ev,
  };
}

/** Exposed for tests: the whole-episode segments of a rollout. */
export function rolloutSegments(buf: RolloutBuffer): Segment[] {
  const n = buf.steps * buf.numEnvs;
  const done = new Uint8Array(n);
  for (let i = 0; i < n; i++) done[i] = buf.terminated[i]! | buf.truncated[i]!;
  return episodeSegments(done, buf.steps, buf.numEnvs);
}
