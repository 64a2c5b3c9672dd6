/**
 * PPO gradient steps of the sequence agent (`t2drl`) without tfjs's autodiff: the weights are read out of
 * the variables once per update and kept in Float32Arrays; each minibatch of padded episodes runs the
 * hand-derived forward and backward of the actor's and the critic's TTT networks ({@link TTTGrad}), the
 * PPO loss and its gradient in JavaScript on the unpadded tokens ({@link ppoLossJs}, the distribution's
 * `paramGradJs`; padded tokens get a zero gradient, as the mask gives them in the tfjs loss), and the
 * actor's and the critic's clipped Adam steps on the arrays ({@link Adam.applyArrays});
 * {@link TttStepper.finish} writes the weights back. Same loss, same gradients (to float rounding), same
 * optimizer arithmetic as the tfjs path of `ppo-update.ts`.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActionHead } from '../acting/action-head.ts';
import { tttConfigs } from '../acting/actor-critic.ts';
import type { ActorCritic } from '../acting/actor-critic.ts';
import { resolveTTTConfig } from '../../nn/ttt-config.ts';
import type { ResolvedTTTConfig } from '../../nn/ttt-config.ts';
import { TTTGrad, tttParameterNames, tttParameterSizes } from '../../nn/ttt-grad.ts';
import type { Adam } from '../../ppo/adam.ts';
import type { PPOConfig } from '../../ppo/config.ts';
import { ppoLossJs } from '../../ppo/ppo-loss-js.ts';
import { ArrayWeights, adamStepsAndMetrics } from './array-weights.ts';

/** What {@link createTttStepper} needs (a subset of the update context). */
export interface TttStepperContext {
  readonly net: ActorCritic;
  readonly head: ActionHead;
  readonly actorOpt: Adam;
  readonly criticOpt: Adam;
  readonly ppo: PPOConfig;
}

/** The rollout packed into padded episodes (`[sequences, length, …]`, see `packSequences`). */
export interface PackedEpisodes {
  /** Number of sequences. */
  readonly sequences: number;
  /** Tokens per sequence (padded). */
  readonly length: number;
  /** Observations `[sequences, length, obsDim]`. */
  readonly obs: Float32Array;
  /** Actions `[sequences, length, actionSize]`. */
  readonly actions: Float32Array;
  /** Rollout log-probabilities `[sequences, length]`. */
  readonly logProbs: Float32Array;
  /** Advantages (normalized if configured) `[sequences, length]`. */
  readonly advantages: ArrayLike<number>;
  /** Value targets `[sequences, length]`. */
  readonly targets: ArrayLike<number>;
  /** 1 for real tokens, 0 for padding `[sequences, length]`. */
  readonly mask: Float32Array;
}

/** Gradient steps on minibatches of episodes of one rollout (see the module description). */
export interface TttStepper {
  /** One gradient step on the sequences `seqs`; returns the step's metrics. */
  step(seqs: readonly number[]): Record<string, number>;
  /** Writes the trained weights back into the networks' variables. */
  finish(): void;
}

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

/**
 * The networks' gradient buffers by actor-critic, kept between updates (about 8 MB per network at 2,000 rows:
 * allocating them afresh every update cost page faults and garbage collection); replaced when an update needs
 * more rows.
 */
const gradCache = new WeakMap<ActorCritic, { actor: TTTGrad; critic: TTTGrad }>();

function gradsFor(net: ActorCritic, actorCfg: ResolvedTTTConfig, criticCfg: ResolvedTTTConfig, rows: number): { actor: TTTGrad; critic: TTTGrad } {
  const have = gradCache.get(net);
  if (have !== undefined && have.actor.maxRows >= rows) return have;
  const made = { actor: new TTTGrad(actorCfg, rows), critic: new TTTGrad(criticCfg, rows) };
  gradCache.set(net, made);
  return made;
}

/** Arrays by parameter name (`arrays` in {@link tttParameterNames} order). */
function byName(names: readonly string[], arrays: readonly Float32Array[]): Record<string, Float32Array> {
  return Object.fromEntries(names.map((n, i) => [n, arrays[i]!]));
}

/**
 * A stepper over the packed episodes `data`, for minibatches of at most `maxSequences` sequences.
 * @throws Error when {@link tttStepperApplies} is false for `ctx`.
 */
export function createTttStepper(ctx: TttStepperContext, data: PackedEpisodes, maxSequences: number, innerUpdates = true): TttStepper {
  const { net, head, ppo } = ctx;
  if (!tttStepperApplies(net, head)) {
    throw new Error('createTttStepper: needs a TTT actor-critic and a distribution with paramGradJs (check tttStepperApplies first).');
  }
  const dist = head.distribution;
  const { obsDim: D, paramSize: P } = net.config;
  const A = dist.actionSize;
  const L = data.length;
  const cfgs = tttConfigs(net.config);
  const actorCfg = resolveTTTConfig(cfgs.actor);
  const criticCfg = resolveTTTConfig(cfgs.critic);
  const actorNames = tttParameterNames(actorCfg);
  const criticNames = tttParameterNames(criticCfg);
  const actor = new ArrayWeights(net.actorVariables());
  const critic = new ArrayWeights(net.criticVariables());
  const actorWeights = byName(actorNames, actor.arrays);
  const criticWeights = byName(criticNames, critic.arrays);
  const actorGrads = byName(actorNames, actor.grads);
  const criticGrads = byName(criticNames, critic.grads);
  const R = maxSequences * L;
  const { actor: actorNet, critic: criticNet } = gradsFor(net, actorCfg, criticCfg, R);
  const obs = new Float32Array(R * D);
  // per valid token (compacted)
  const rowOf = new Int32Array(R);
  const logProb = new Float64Array(R);
  const oldLogProb = new Float64Array(R);
  const advantages = new Float64Array(R);
  const returns = new Float64Array(R);
  const values = new Float64Array(R);
  const entropy = new Float64Array(R);
  const dLogProb = new Float64Array(R);
  const dValue = new Float64Array(R);
  const dParams = new Float32Array(R * P);
  const dValues = new Float32Array(R);
  return {
    step(seqs) {
      const B = seqs.length;
      if (B === 0 || B > maxSequences) throw new RangeError(`TttStepper.step: a minibatch has 1 … ${maxSequences} sequences, got ${B}.`);
      let n = 0;
      for (let i = 0; i < B; i++) {
        const s = seqs[i]!;
        obs.set(data.obs.subarray(s * L * D, (s + 1) * L * D), i * L * D);
        for (let t = 0; t < L; t++) {
          const src = s * L + t;
          if (data.mask[src] === 0) continue;
          rowOf[n] = i * L + t;
          oldLogProb[n] = data.logProbs[src]!;
          advantages[n] = data.advantages[src]!;
          returns[n] = data.targets[src]!;
          n++;
        }
      }
      if (n === 0) throw new RangeError('TttStepper.step: the minibatch has no unpadded token.');
      const params = actorNet.forward(obs, B, L, actorWeights, innerUpdates);
      const vals = criticNet.forward(obs, B, L, criticWeights, innerUpdates);
      for (let k = 0; k < n; k++) {
        const r = rowOf[k]!;
        const s = seqs[Math.floor(r / L)]!;
        const src = s * L + (r % L);
        const p = params.subarray(r * P, (r + 1) * P);
        logProb[k] = dist.logProbJs(p, data.actions.subarray(src * A, (src + 1) * A));
        entropy[k] = dist.entropyJs(p);
        values[k] = vals[r]!;
      }
      const terms = ppoLossJs({ n, logProb, oldLogProb, advantages, values, returns, entropy }, ppo, { dLogProb, dValue });
      dParams.fill(0, 0, B * L * P);
      dValues.fill(0, 0, B * L);
      for (let k = 0; k < n; k++) {
        const r = rowOf[k]!;
        const s = seqs[Math.floor(r / L)]!;
        const src = s * L + (r % L);
        dist.paramGradJs!(params.subarray(r * P, (r + 1) * P), data.actions.subarray(src * A, (src + 1) * A), dLogProb[k]!, terms.dEntropy, dParams.subarray(r * P, (r + 1) * P));
        dValues[r] = dValue[k]!;
      }
      actorNet.backward(dParams, actorGrads);
      criticNet.backward(dValues, criticGrads);
      return adamStepsAndMetrics(ctx, actor, critic, terms);
    },
    finish() {
      actor.writeBack();
      critic.writeBack();
    },
  };
}
