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
 * or a directory on `checkpointSearchPath`). On the single-agent view of a multi-agent system
 * (`EdgeLLMMulti-View-v0`) the checkpoint is that of the multi-agent id (`EdgeLLMMulti-v0`): one policy shared
 * by the agents, acting for each with its own test-time state (`SharedPolicyAgent`); `t2drl-online` does not
 * apply there. `AgentContext.trainingSeed` picks the training seed (default: the
 * lowest one with a checkpoint); `trainingSeeds` lists them for the leaderboard's across-seed rows.
 * Evaluation runs the networks in plain JavaScript; only the
 * online agent needs the tfjs backend (initialized on creation). The agents' modules, which load
 * TensorFlow.js, are imported when an agent is created, not when the registry is.
 * @module
 */
import type { AgentEntry } from '../agent-entry.ts';
import type { AgentContext } from '../agent.ts';
import { InvalidArgument } from '../../src/core/errors.ts';
import { parallelIdOfView } from '../../src/parallel/system-view.ts';
import { checkpointCandidates, findCheckpoint, trainingSeedsOf } from './acting/shipped-checkpoints.ts';
import type { LearnedAgentOptions } from './learned-agent.ts';

/** Environment families the learning agents are trained for. */
const FAMILIES = ['EdgeLLM', 'DDAMarket'];

function inFamily(envId: string): boolean {
  return FAMILIES.some((f) => envId.startsWith(f));
}

/**
 * The id the checkpoints of `envId` are named after: the multi-agent id behind a system view
 * (`EdgeLLMMulti-View-v0` → `EdgeLLMMulti-v0`, trained with a policy shared by its agents), else `envId`.
 */
export function checkpointEnvId(envId: string): string {
  return parallelIdOfView(envId) ?? envId;
}

function unavailable(agent: string, viewOrEnvId: string, online = false): string {
  if (!inFamily(viewOrEnvId)) return `the learning agents are trained for ${FAMILIES.map((f) => `${f}-*`).join(' and ')} environments only`;
  const envId = checkpointEnvId(viewOrEnvId);
  if (online && envId !== viewOrEnvId) return `the online variant does not run on multi-agent systems (${viewOrEnvId}); use ${agent} or ${agent}-no-ttt`;
  return (
    `no trained ${agent} checkpoint for ${envId} (looked for ${checkpointCandidates(agent, envId).join(', ')}); ` +
    `train one with \`npx edgellm-gym train --agent ${agent} --env ${envId} --steps N --seed S --out DIR\` and copy DIR/best.json there as ${agent}-${envId}-sS.json`
  );
}

function missingSeed(name: string, agent: string, viewOrEnvId: string, seed: number): string {
  const envId = checkpointEnvId(viewOrEnvId);
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
  // the online variant keeps training a single-agent policy; a system view has none
  const usable = (envId: string) => inFamily(envId) && !(options.online === true && parallelIdOfView(envId) !== null);
  return {
    name,
    description,
    appliesTo: (envId) => usable(envId) && findCheckpoint(checkpointAgent, checkpointEnvId(envId)) !== null,
    unavailableReason: (envId) => unavailable(checkpointAgent, envId, options.online === true),
    trainingSeeds: (envId) => (usable(envId) ? trainingSeedsOf(checkpointAgent, checkpointEnvId(envId)) : []),
    create: async (ctx: AgentContext) => {
      const viewOrEnvId = ctx.envId;
      if (viewOrEnvId === undefined) {
        throw new InvalidArgument(`Agent '${name}' needs the environment id (AgentContext.envId) to find its checkpoint.`);
      }
      if (options.online === true && parallelIdOfView(viewOrEnvId) !== null) throw new InvalidArgument(`Agent '${name}' cannot run on ${viewOrEnvId}: ${unavailable(checkpointAgent, viewOrEnvId, options.online === true)}.`);
      const envId = checkpointEnvId(viewOrEnvId);
      const seed = ctx.trainingSeed;
      if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) {
        throw new InvalidArgument(`Agent '${name}': trainingSeed must be a non-negative integer; got ${seed}.`);
      }
      const path = findCheckpoint(checkpointAgent, envId, seed);
      if (path === null) {
        if (seed !== undefined && trainingSeedsOf(checkpointAgent, envId).length > 0) {
          throw new InvalidArgument(missingSeed(name, checkpointAgent, viewOrEnvId, seed));
        }
        throw new InvalidArgument(`Agent '${name}' cannot run on ${viewOrEnvId}: ${unavailable(checkpointAgent, viewOrEnvId)}.`);
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
