/**
 * Registry entries of the learning agents (registered by `agents/catalogue.ts`):
 *
 * | name | what |
 * |---|---|
 * | `ppo` | PPO with a 2×128 MLP actor-critic, from its shipped checkpoint |
 * | `t2drl` | T2DRL (PPO with TTT-Linear actor and critic), test-time updates on |
 * | `t2drl-no-ttt` | the same T2DRL checkpoint with test-time updates off (W stays W₀): the ablation |
 * | `t2drl-online` | the T2DRL checkpoint with PPO updates continuing after every evaluation episode |
 *
 * An entry applies to an environment when a checkpoint for it exists (`agents/checkpoints/<agent>-<id>-s<seed>.json`,
 * or a directory on `checkpointSearchPath`). `AgentContext.trainingSeed` picks the training seed (default: the
 * lowest one with a checkpoint); `trainingSeeds` lists them for the leaderboard's across-seed rows.
 * Evaluation runs the networks in plain JavaScript; only the
 * online agent needs the tfjs backend (initialized on creation). The agents' modules, which load
 * TensorFlow.js, are imported when an agent is created, not when the registry is.
 * @module
 */
import type { AgentEntry } from '../agent-entry.ts';
import type { AgentContext } from '../agent.ts';
import { InvalidArgument } from '../../src/core/errors.ts';
import { checkpointCandidates, findCheckpoint, trainingSeedsOf } from './acting/shipped-checkpoints.ts';
import type { LearnedAgentOptions } from './learned-agent.ts';

/** Environment families the learning agents are trained for. */
const FAMILIES = ['EdgeLLM', 'DDAMarket'];

function inFamily(envId: string): boolean {
  return FAMILIES.some((f) => envId.startsWith(f));
}

function unavailable(agent: string, envId: string): string {
  if (!inFamily(envId)) return `the learning agents are trained for ${FAMILIES.map((f) => `${f}-*`).join(' and ')} environments only`;
  return (
    `no trained ${agent} checkpoint for ${envId} (looked for ${checkpointCandidates(agent, envId).join(', ')}); ` +
    `train one with \`npx edgellm-gym train --agent ${agent} --env ${envId} --steps N --seed S --out DIR\` and copy DIR/best.json there as ${agent}-${envId}-sS.json`
  );
}

function missingSeed(name: string, agent: string, envId: string, seed: number): string {
  const seeds = trainingSeedsOf(agent, envId);
  return (
    `Agent '${name}' has no checkpoint of training seed ${seed} for ${envId} (looked for ${checkpointCandidates(agent, envId, seed).join(', ')}); ` +
    `training seeds available: ${seeds.join(', ') || '(none)'}. Pass one of them as the training seed, or train seed ${seed} and copy its best.json there.`
  );
}

function entry(
  name: string,
  checkpointAgent: 'ppo' | 't2drl',
  description: string,
  options: Omit<LearnedAgentOptions, 'name' | 'checkpoint'>,
): AgentEntry {
  return {
    name,
    description,
    appliesTo: (envId) => inFamily(envId) && findCheckpoint(checkpointAgent, envId) !== null,
    unavailableReason: (envId) => unavailable(checkpointAgent, envId),
    trainingSeeds: (envId) => (inFamily(envId) ? trainingSeedsOf(checkpointAgent, envId) : []),
    create: async (ctx: AgentContext) => {
      const envId = ctx.envId;
      if (envId === undefined) {
        throw new InvalidArgument(`Agent '${name}' needs the environment id (AgentContext.envId) to find its checkpoint.`);
      }
      const seed = ctx.trainingSeed;
      if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) {
        throw new InvalidArgument(`Agent '${name}': trainingSeed must be a non-negative integer; got ${seed}.`);
      }
      const path = findCheckpoint(checkpointAgent, envId, seed);
      if (path === null) {
        if (seed !== undefined && trainingSeedsOf(checkpointAgent, envId).length > 0) {
          throw new InvalidArgument(missingSeed(name, checkpointAgent, envId, seed));
        }
        throw new InvalidArgument(`Agent '${name}' cannot run on ${envId}: ${unavailable(checkpointAgent, envId)}.`);
      }
      if (options.online) await (await import('../tfjs/backend.ts')).initBackend('auto');
      const { loadLearnedAgent } = await import('./learned-agent.ts');
      return loadLearnedAgent({ name, checkpoint: path, ...options }, ctx);
    },
    baseline: false,
  };
}

/** The entries, in leaderboard order. */
export const LEARNING_AGENT_ENTRIES: readonly AgentEntry[] = [
  entry('ppo', 'ppo', 'PPO, 2×128 tanh MLP actor-critic (shipped checkpoint).', {}),
  entry('t2drl', 't2drl', 'T2DRL: PPO with TTT-Linear actor and critic; test-time updates on (shipped checkpoint).', { testTimeUpdates: true }),
  entry('t2drl-no-ttt', 't2drl', 'The T2DRL checkpoint with test-time updates off (inner weights stay at W₀).', { testTimeUpdates: false }),
  entry('t2drl-online', 't2drl', 'The T2DRL checkpoint with PPO updates running online after every episode (samples its actions).', {
    testTimeUpdates: true,
    online: true,
  }),
];
