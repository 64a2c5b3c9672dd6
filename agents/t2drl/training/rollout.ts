/**
 * Collecting PPO rollouts from a vector environment (same-step autoreset), one plain-JS policy step per
 * sub-environment and slot, stored time-major (row = t·numEnvs + e).
 *
 * Every rollout starts by resetting all sub-environments with the given seeds, so each rollout is made of
 * episodes that start inside it: a sequence policy sees every episode from its first observation, and a
 * run can be resumed from any iteration boundary with identical results. An episode still running when
 * the window closes is cut there (GAE bootstraps it with the critic's value) and not continued.
 * @module
 */
import type { ActionHead } from '../acting/action-head.ts';
import type { PolicySource } from '../acting/block-policy.ts';
import type { ObservationNormalizer, ValueNormalizer } from '../acting/normalizers.ts';
import { infoAt } from './vector-info-at.ts';
import { RolloutPolicy } from './rollout-policy.ts';
import type { LearnerThread } from './learner-thread.ts';
import { ObservationReader } from '../acting/observation-reader.ts';
import type { Generator } from '../../../src/random/generator.ts';
import { createEmptyArray, writeItem } from '../../../src/vector/batch.ts';
import type { VectorEnv } from '../../../src/vector/vector-env.ts';
import type { VectorInfo } from '../../../src/vector/vector-info.ts';
import { EpisodeRecorder } from '../../evaluation/episode-recorder.ts';
import type { EpisodeRecord } from '../../evaluation/episode-recorder.ts';

/** A collected rollout (time-major arrays). */
export interface RolloutBuffer {
  /** Steps per sub-environment. */
  readonly steps: number;
  /** Sub-environments. */
  readonly numEnvs: number;
  /** Observation length. */
  readonly obsDim: number;
  /** Raw-action length. */
  readonly actionSize: number;
  /** Normalized observations the policy saw, `[steps·numEnvs, obsDim]`. */
  readonly obs: Float32Array;
  /** Raw sampled actions, `[steps·numEnvs, actionSize]`. */
  readonly actions: Float32Array;
  /** log π_old(a|s). */
  readonly logProbs: Float32Array;
  /** V(s) in return units. */
  readonly values: Float32Array;
  /** Rewards. */
  readonly rewards: Float32Array;
  /** 1 where the step terminated its episode. */
  readonly terminated: Uint8Array;
  /** 1 where the step truncated its episode. */
  readonly truncated: Uint8Array;
  /** V of the final observation where truncated (return units), else 0. */
  readonly finalValues: Float32Array;
  /** V of the observation after the last step, per sub-environment (return units). */
  readonly lastValues: Float32Array;
  /** Episodes that ended inside the rollout. */
  readonly episodes: EpisodeRecord[];
}

/** What {@link collectRollout} needs. */
export interface RolloutContext {
  /** The vector environment (same-step autoreset). */
  readonly envs: VectorEnv<unknown, unknown>;
  /** Policy head of the single action space. */
  readonly head: ActionHead;
  /** Observation normalizer (updated with every raw observation when `updateStats`). */
  readonly obsNorm: ObservationNormalizer;
  /** Value normalizer (maps critic outputs to return units). */
  readonly valueNorm: ValueNormalizer;
  /** Sampling generator. */
  readonly rng: Generator;
  /** The policy: networks, weights and how to run them. */
  readonly policy: PolicySource;
  /** Update the observation statistics during the rollout (training: yes). */
  readonly updateStats: boolean;
  /** A learner thread running the policy of the second half of the sub-environments (same result; default none). */
  readonly policyThread?: LearnerThread | null;
}

/**
 * Resets every sub-environment with `seeds` and runs `steps` steps each, sampling actions from the policy.
 *
 * @throws Error when the vector environment does not use same-step autoreset.
 */
export function collectRollout(ctx: RolloutContext, steps: number, seeds: readonly number[]): RolloutBuffer {
  const { envs, head } = ctx;
  if (envs.metadata.autoresetMode !== 'same-step') {
    throw new Error(`collectRollout needs a vector env with autoresetMode 'same-step', got '${envs.metadata.autoresetMode}'.`);
  }
  const E = envs.numEnvs;
  if (seeds.length !== E) throw new RangeError(`collectRollout: ${seeds.length} seeds for ${E} sub-environments.`);
  const reader = new ObservationReader(envs.singleObservationSpace);
  const D = reader.dim;
  const dist = head.distribution;
  const A = dist.actionSize;
  const n = steps * E;
  const buf: RolloutBuffer = {
    steps,
    numEnvs: E,
    obsDim: D,
    actionSize: A,
    obs: new Float32Array(n * D),
    actions: new Float32Array(n * A),
    logProbs: new Float32Array(n),
    values: new Float32Array(n),
    rewards: new Float32Array(n),
    terminated: new Uint8Array(n),
    truncated: new Uint8Array(n),
    finalValues: new Float32Array(n),
    lastValues: new Float32Array(E),
    episodes: [],
  };
  const policy = new RolloutPolicy(ctx.policy, E, ctx.policyThread ?? null);
  try {
    collect(ctx, steps, seeds, policy, reader, buf);
  } finally {
    policy.close();
  }
  return buf;
}

function collect(ctx: RolloutContext, steps: number, seeds: readonly number[], policy: RolloutPolicy, reader: ObservationReader, buf: RolloutBuffer): void {
  const { envs, head, obsNorm, valueNorm, rng } = ctx;
  const E = envs.numEnvs;
  const D = reader.dim;
  const dist = head.distribution;
  const A = dist.actionSize;
  const P = dist.paramSize;
  const recorders = seeds.map((s) => new EpisodeRecorder(s));
  const raw = new Float32Array(E * D);
  const scratch = new Float32Array(D);
  const actionBatch = createEmptyArray(envs.singleActionSpace, E);
  let [obs] = envs.reset({ seed: [...seeds] }) as [unknown, VectorInfo];
  for (let t = 0; t < steps; t++) {
    for (let e = 0; e < E; e++) reader.fromBatch(obs, e, raw.subarray(e * D, (e + 1) * D));
    if (ctx.updateStats) obsNorm.update(raw, E);
    const rows = buf.obs.subarray(t * E * D, (t + 1) * E * D);
    for (let e = 0; e < E; e++) obsNorm.normalize(raw.subarray(e * D, (e + 1) * D), rows.subarray(e * D, (e + 1) * D));
    policy.step(rows);
    for (let e = 0; e < E; e++) {
      const row = t * E + e;
      const p = policy.params.subarray(e * P, (e + 1) * P);
      const a = buf.actions.subarray(row * A, (row + 1) * A);
      dist.sample(p, rng, a);
      buf.logProbs[row] = dist.logProbJs(p, a);
      buf.values[row] = valueNorm.denormalize(policy.values[e]!);
      writeItem(envs.singleActionSpace, head.toEnv(a), actionBatch, e);
    }
    const [next, rewards, terms, truncs, infos] = envs.step(actionBatch) as [unknown, Float64Array, boolean[], boolean[], VectorInfo];
    const finalInfos = infos.final_info as VectorInfo | undefined;
    const finalObs = infos.final_obs as unknown[] | undefined;
    for (let e = 0; e < E; e++) {
      const row = t * E + e;
      const ended = terms[e]! || truncs[e]!;
      buf.rewards[row] = rewards[e]!;
      buf.terminated[row] = terms[e]! ? 1 : 0;
      buf.truncated[row] = truncs[e]! && !terms[e]! ? 1 : 0;
      recorders[e]!.add(rewards[e]!, ended && finalInfos !== undefined ? infoAt(finalInfos, e) : infoAt(infos, e));
      if (!ended) continue;
      if (buf.truncated[row] === 1) {
        const fo = reader.fromSingle(finalObs![e], scratch);
        buf.finalValues[row] = valueNorm.denormalize(policy.peekValue(e, obsNorm.normalize(fo, fo)));
      }
      buf.episodes.push(recorders[e]!.finish());
      recorders[e] = new EpisodeRecorder(-1); // autoreset episodes have no seed of their own
      policy.resetState(e);
    }
    obs = next;
  }
  for (let e = 0; e < E; e++) {
    reader.fromBatch(obs, e, scratch);
    buf.lastValues[e] = valueNorm.denormalize(policy.peekValue(e, obsNorm.normalize(scratch, scratch)));
  }
}
