/**
 * The agents of the package (`edgellm-gym/agents`): the `Agent` interface, the agent registry, the
 * EdgeLLM and market baselines, evaluation and the leaderboard. Importing this module registers the
 * environments and the agents. The learning agents (`ppo`, `t2drl`, …) are made through
 * {@link createAgent}, which loads TensorFlow.js only then.
 *
 * @example
 * ```ts
 * import { make } from 'edgellm-gym';
 * import { createAgent, evaluateAgent } from 'edgellm-gym/agents';
 * const env = make('EdgeLLM-v0');
 * const agent = await createAgent('lfu', { envId: 'EdgeLLM-v0', observationSpace: env.observationSpace, actionSpace: env.actionSpace });
 * const result = evaluateAgent(env, agent, { episodes: 5 });
 * ```
 * @module
 */
import '../envs/index.ts';

export type { Agent, AgentContext, Transition } from './agent.ts';
export { registerAgent, listAgents, agentsFor, createAgent } from './catalogue.ts';
export type { AgentEntry } from './agent-entry.ts';
export * from './baselines/edge-llm/index.ts';
export * from './baselines/dda-market/index.ts';
export { evaluateAgent, runEpisode, summarizeEpisodes, EVAL_SEED_BASE } from './evaluation/evaluate.ts';
export type { EvaluationResult, EvaluateOptions } from './evaluation/evaluate.ts';
export { EpisodeRecorder } from './evaluation/episode-recorder.ts';
export type { EpisodeRecord } from './evaluation/episode-recorder.ts';
export { runLeaderboard, leaderboardPlan, writeLeaderboardOutputs, DEFAULT_LEADERBOARD_ENVS } from './orchestration/leaderboard.ts';
export type { LeaderboardOptions } from './orchestration/leaderboard.ts';
export { SHIPPED_CHECKPOINT_DIR, checkpointFileName, checkpointSearchPath, findCheckpoint, trainingSeedsOf } from './t2drl/acting/shipped-checkpoints.ts';
