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
 * Loads an agent from a checkpoint for the environment described by `ctx`.
 *
 * @throws {InvalidArgument} when the file is missing, damaged, or made for another environment, space or
 *   configuration (see {@link checkContext}).
 */
export async function loadLearnedAgent(options: LearnedAgentOptions, ctx: AgentContext): Promise<Agent<unknown, unknown>> {
  const ckpt = readCheckpoint(options.checkpoint);
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
