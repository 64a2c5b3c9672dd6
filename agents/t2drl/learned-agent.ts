/**
 * Building the learning agents from checkpoints: `ppo`, `t2drl` (test-time updates on), `t2drl-no-ttt`
 * (the same checkpoint with test-time updates off) and the online variant that keeps PPO updates running
 * during evaluation.
 * @module
 */
import type { Agent, AgentContext } from '../agent.ts';
import { InvalidArgument } from '../../src/core/errors.ts';
import { actionHeadFor } from './acting/action-head.ts';
import { checkCompatible, decodeWeights, readCheckpoint } from './training/checkpoint.ts';
import type { CheckpointFile } from './training/checkpoint.ts';
import { ObservationNormalizer } from './acting/normalizers.ts';
import { ObservationReader } from './acting/observation-reader.ts';
import { PolicyAgent } from './acting/policy-agent.ts';
import { SharedPolicyAgent } from './acting/shared-policy-agent.ts';
import { AgentPadding } from '../../src/parallel/agent-padding.ts';
import { parallelIdOfView, systemViewId } from '../../src/parallel/system-view.ts';
import { Dict } from '../../src/spaces/dict.ts';
import { spaceFromJSON } from '../../src/spaces/from-json.ts';
import { OnlinePPOAgent } from './training/online-agent.ts';

/** Options of {@link loadLearnedAgent}. */
export interface LearnedAgentOptions {
  /** Name in result tables. */
  readonly name: string;
  /** Path of the checkpoint file. */
  readonly checkpoint: string;
  /** T2DRL: test-time (inner) updates during episodes (default true). */
  readonly testTimeUpdates?: boolean;
  /** Keep PPO updates running online (after every episode); see `online-agent.ts`. */
  readonly online?: boolean | { epochs?: number; learningRate?: number };
}

/**
 * Refuses `ckpt` unless it belongs to the environment of `ctx`: same id (when known), same spaces, same
 * configuration hash (when the caller passed one).
 *
 * @throws {InvalidArgument} naming what differs and how to get a matching checkpoint.
 */
export function checkContext(ckpt: CheckpointFile, ctx: AgentContext, source: string): void {
  const envId = ctx.envId ?? ckpt.env.id;
  checkCompatible(
    ckpt,
    {
      id: envId,
      configHash: ctx.envConfigHash ?? ckpt.env.configHash,
      kwargs: {},
      observationSpace: ctx.observationSpace.toJSON(),
      actionSpace: ctx.actionSpace.toJSON(),
    },
    source,
  );
}

/**
 * A checkpoint named for a training seed (`<agent>-<env id>-s<seed>.json`) must have been trained with that
 * seed, or the leaderboard's rows across seeds would count one run twice under two names.
 *
 * @throws {InvalidArgument} naming both seeds and the file name the checkpoint should have.
 */
export function checkSeedInName(ckpt: CheckpointFile, path: string): void {
  const named = /-s(\d+)\.json$/.exec(path);
  const trained = ckpt.training?.ppo?.seed;
  if (named === null || typeof trained !== 'number' || Number(named[1]) === trained) return;
  throw new InvalidArgument(
    `Checkpoint ${path} is named for training seed ${named[1]} but was trained with seed ${trained}; ` +
      `rename it to ${ckpt.agent}-${ckpt.env.id}-s${trained}.json (or train seed ${named[1]}).`,
  );
}

/**
 * Loads an agent from a checkpoint for the environment described by `ctx`. A checkpoint trained with
 * parameter sharing on a multi-agent id gives a {@link SharedPolicyAgent} for that system's single-agent view.
 *
 * @throws {InvalidArgument} when the file is missing, damaged, or made for another environment, space or
 *   configuration (see {@link checkContext}).
 */
export async function loadLearnedAgent(options: LearnedAgentOptions, ctx: AgentContext): Promise<Agent<unknown, unknown>> {
  const ckpt = readCheckpoint(options.checkpoint);
  checkSeedInName(ckpt, options.checkpoint);
  if (ckpt.env.agents !== undefined) return loadSharedPolicyAgent(ckpt, options, ctx);
  checkContext(ckpt, ctx, options.checkpoint);
  const head = actionHeadFor(ctx.actionSpace);
  if (head.description !== ckpt.actionHead) {
    throw new InvalidArgument(`Checkpoint ${options.checkpoint} has policy head ${ckpt.actionHead}, this action space needs ${head.description}.`);
  }
  const dim = new ObservationReader(ctx.observationSpace).dim;
  if (dim !== ckpt.network.obsDim) {
    throw new InvalidArgument(`Checkpoint ${options.checkpoint} expects observations of ${ckpt.network.obsDim} values, the environment gives ${dim}.`);
  }
  if (ckpt.network.kind !== (ckpt.agent === 'ppo' ? 'mlp' : 'ttt')) {
    throw new InvalidArgument(`Checkpoint ${options.checkpoint} is inconsistent: agent ${ckpt.agent} with a ${ckpt.network.kind} network.`);
  }
  const obsNorm = new ObservationNormalizer(dim, ckpt.training.normalizeObs, ckpt.training.obsClip);
  obsNorm.load(ckpt.normalization.obs);
  if (options.online !== undefined && options.online !== false) {
    return OnlinePPOAgent.create(ckpt, ctx, {
      name: options.name,
      testTimeUpdates: options.testTimeUpdates !== false,
      ...(typeof options.online === 'object' ? options.online : {}),
    });
  }
  return new PolicyAgent({
    name: options.name,
    network: ckpt.network,
    weights: decodeWeights(ckpt.weights),
    head,
    obsNorm,
    observationSpace: ctx.observationSpace,
    testTimeUpdates: options.testTimeUpdates !== false,
  });
}

/**
 * The agent of a checkpoint trained with parameter sharing on a multi-agent id, for that system's
 * single-agent view (`ctx.envId` the view id, e.g. `EdgeLLMMulti-View-v0`; its observation the agents'
 * observations concatenated, its action a Dict keyed by agent): a {@link SharedPolicyAgent}.
 *
 * @throws {InvalidArgument} when the view is not that of the checkpoint's system, or its configuration,
 *   agents or spaces differ; for the online variant.
 */
function loadSharedPolicyAgent(ckpt: CheckpointFile, options: LearnedAgentOptions, ctx: AgentContext): Agent<unknown, unknown> {
  const source = options.checkpoint;
  const stored = ckpt.env.agents!;
  const fix = `Train a checkpoint for it with \`npx edgellm-gym train --agent ${ckpt.agent} --env ${ckpt.env.id} …\`.`;
  const viewOf = ctx.envId === undefined ? ckpt.env.id : (parallelIdOfView(ctx.envId) ?? ctx.envId);
  if (viewOf !== ckpt.env.id) {
    throw new InvalidArgument(`Checkpoint ${source} was trained on the multi-agent system ${ckpt.env.id}; ${ctx.envId} is not its view (${systemViewId(ckpt.env.id)}). ${fix}`);
  }
  if (ctx.envConfigHash !== undefined && ctx.envConfigHash !== ckpt.env.configHash) {
    throw new InvalidArgument(`Checkpoint ${source} was trained on ${ckpt.env.id} with configuration ${ckpt.env.configHash}, but this environment's configuration is ${ctx.envConfigHash}. ${fix}`);
  }
  if (options.online !== undefined && options.online !== false) {
    throw new InvalidArgument(`Checkpoint ${source} holds a policy shared by the agents of ${ckpt.env.id}; the online variant does not run on it.`);
  }
  const obsSpaces = stored.observationSpaces.map((j, i) => spaceFromJSON(j, `env.agents.observationSpaces[${i}]`));
  const actSpaces = stored.actionSpaces.map((j, i) => spaceFromJSON(j, `env.agents.actionSpaces[${i}]`));
  const padding = new AgentPadding(stored.names, obsSpaces, actSpaces);
  const act = ctx.actionSpace;
  if (!(act instanceof Dict) || act.keys.length !== stored.names.length || stored.names.some((a, i) => act.spaces[a] === undefined || !act.spaces[a]!.equals(actSpaces[i]!))) {
    throw new InvalidArgument(
      `Checkpoint ${source} acts for the agents ${stored.names.join(', ')} of ${ckpt.env.id} with their own action spaces; this environment's action space ${act.toString().slice(0, 120)} is not a Dict of exactly those. ${fix}`,
    );
  }
  const dim = padding.observationDims.reduce((a, b) => a + b, 0);
  if (new ObservationReader(ctx.observationSpace).dim !== dim) {
    throw new InvalidArgument(`Checkpoint ${source} expects the agents' observations concatenated (${dim} values); this environment gives ${new ObservationReader(ctx.observationSpace).dim}. ${fix}`);
  }
  const head = actionHeadFor(padding.actionSpace);
  if (head.description !== ckpt.actionHead || padding.observationSpace.size !== ckpt.network.obsDim) {
    throw new InvalidArgument(`Checkpoint ${source} is inconsistent: its network does not match the padded spaces of its agents; the file is damaged.`);
  }
  const obsNorm = new ObservationNormalizer(ckpt.network.obsDim, ckpt.training.normalizeObs, ckpt.training.obsClip);
  obsNorm.load(ckpt.normalization.obs);
  return new SharedPolicyAgent({
    name: options.name,
    padding,
    network: ckpt.network,
    weights: decodeWeights(ckpt.weights),
    head,
    obsNorm,
    testTimeUpdates: options.testTimeUpdates !== false,
  });
}
