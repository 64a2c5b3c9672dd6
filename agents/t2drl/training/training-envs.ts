/**
 * The environments of a training run. A single-agent id gets `makeVec(id, numEnvs)` (same-step autoreset)
 * and validates on `make(id)`. An id of the parallel registry (`isParallelEnvId`, e.g. `EdgeLLMMulti-v0`)
 * is trained with parameter sharing: `numEnvs / N` copies of the system as one vector env of one
 * sub-environment per (copy, agent) in the padded spaces of `AgentPadding` (`makeAgentVec`: the id's
 * batch-native vector env, `EdgeLLMMultiVectorEnv` for the multi-edge ids, else an `AgentVectorEnv` of
 * `makeParallel` copies, which steps the same), so one network learns for every
 * agent; validation runs that shared policy for every agent at once (each with its own test-time state) on
 * the system seen through a `SingleAgentView` whose reward is the system reward, so the validation cost is
 * the mean system cost per slot.
 * @module
 */
import type { Env } from '../../../src/core/env.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import { AgentPadding } from '../../../src/parallel/agent-padding.ts';
import type { ParallelEnv, PerAgent } from '../../../src/parallel/parallel-env.ts';
import { isParallelEnvId, makeAgentVec, makeParallel } from '../../../src/parallel/parallel-registry.ts';
import { SingleAgentView } from '../../../src/parallel/single-agent-view.ts';
import { make, makeVec } from '../../../src/registry/registry.ts';
import type { Space } from '../../../src/spaces/space.ts';
import { configHash } from '../../../src/utils/run-metadata.ts';
import type { VectorEnv } from '../../../src/vector/vector-env.ts';
import type { Info } from '../../../src/core/env.ts';
import { describeEnv } from './checkpoint.ts';
import type { CheckpointEnv } from './checkpoint.ts';

/** What a training run steps and validates on. */
export interface TrainingEnvs {
  /** The rollout environments (same-step autoreset). */
  readonly envs: VectorEnv<unknown, unknown>;
  /** The validation environment (the single-agent env, or the view of the whole system). */
  readonly evalEnv: Env<unknown, unknown>;
  /** What the checkpoints record of the environment. */
  readonly envInfo: CheckpointEnv;
  /** The observation space the network reads (padded for a parallel id). */
  readonly observationSpace: Space<unknown>;
  /** The action space the policy head serves (padded for a parallel id). */
  readonly actionSpace: Space<unknown>;
  /** The padding of a parallel id's agents; `null` for a single-agent id. */
  readonly padding: AgentPadding | null;
}

/** The system reward of a step (`info.systemReward` of the agents), else the sum of the agents' rewards. */
export function systemReward(rewards: PerAgent<number>, infos: PerAgent<Info>): number {
  for (const info of Object.values(infos)) if (typeof info.systemReward === 'number') return info.systemReward;
  let s = 0;
  for (const r of Object.values(rewards)) s += r;
  return s;
}

/** The whole system as one single-agent env for validation and evaluation: system reward, actions keyed by agent. */
export function systemView(parallel: ParallelEnv<any, any>): SingleAgentView {
  return new SingleAgentView(parallel, { reward: systemReward, action: 'dict' });
}

/**
 * The {@link CheckpointEnv} of parallel env `parallel` made from `id` with `kwargs`: the padded spaces the
 * network was trained in, and every agent with its own spaces (what an agent needs to act on the view).
 */
export function describeParallelEnv(parallel: ParallelEnv<any, any>, padding: AgentPadding, id: string, kwargs: Record<string, unknown> = {}): CheckpointEnv {
  const config = (parallel as { config?: unknown }).config;
  const spec = parallel.spec as { kwargs?: Record<string, unknown> } | null | undefined;
  return {
    id,
    configHash: configHash(config ?? { ...(spec?.kwargs ?? {}), ...kwargs }),
    kwargs: { ...kwargs },
    observationSpace: padding.observationSpace.toJSON(),
    actionSpace: padding.actionSpace.toJSON(),
    agents: {
      names: [...padding.agents],
      observationSpaces: padding.agentObservationSpaces.map((s) => s.toJSON()),
      actionSpaces: padding.agentActionSpaces.map((s) => s.toJSON()),
    },
  };
}

/**
 * Builds the environments of a run of `numEnvs` sub-environments on `envId` (see the module description).
 * @throws {InvalidArgument} for a parallel id when `numEnvs` is not a multiple of its number of agents.
 */
export function buildTrainingEnvs(envId: string, numEnvs: number, kwargs: Record<string, unknown>): TrainingEnvs {
  if (!isParallelEnvId(envId)) {
    const evalEnv = make(envId, { ...kwargs });
    return {
      envs: makeVec(envId, numEnvs, { kwargs: { ...kwargs }, vectorKwargs: { autoresetMode: 'same-step' } }),
      evalEnv,
      envInfo: describeEnv(evalEnv, envId, { ...kwargs }),
      observationSpace: evalEnv.observationSpace,
      actionSpace: evalEnv.actionSpace,
      padding: null,
    };
  }
  const parallel = makeParallel(envId, { ...kwargs });
  const N = parallel.possibleAgents.length;
  if (numEnvs % N !== 0) {
    parallel.close();
    throw new InvalidArgument(
      `Training config: numEnvs (${numEnvs}) must be a multiple of the ${N} agents of ${envId}: each copy of the system gives one sub-environment per agent (e.g. numEnvs ${N * Math.max(1, Math.round(numEnvs / N))}).`,
    );
  }
  const padding = AgentPadding.of(parallel);
  const envs = makeAgentVec(envId, numEnvs / N, { kwargs: { ...kwargs } });
  return {
    envs,
    evalEnv: systemView(parallel),
    envInfo: describeParallelEnv(parallel, padding, envId, { ...kwargs }),
    observationSpace: padding.observationSpace,
    actionSpace: padding.actionSpace,
    padding,
  };
}
