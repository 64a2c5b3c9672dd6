/**
 * edgellm-gym: Gymnasium-style environments, agents and benchmarks for LLM model caching, inference
 * offloading and reasoning-path markets at the mobile edge.
 *
 * Importing the package registers its environments, so `make('EdgeLLM-v0')` works right away.
 *
 * @example
 * ```ts
 * import { make } from 'edgellm-gym';
 * const env = make('EdgeLLM-v0');
 * const [obs, info] = env.reset({ seed: 42 });
 * const [next, reward, terminated, truncated] = env.step(env.actionSpace.sample());
 * ```
 * @module
 */
export { Env } from './core/env.ts';
export type { Info, ResetArgs, StepResult, EnvMetadata } from './core/env.ts';
export { Wrapper, ObservationWrapper, RewardWrapper, ActionWrapper } from './core/wrapper.ts';
export * from './core/errors.ts';
export { warn, collectWarnings, setQuiet } from './core/logger.ts';
export * from './spaces/index.ts';
export { Generator, npRandom, checkSeed } from './random/generator.ts';
export { register, unregister, make, makeVec, spec, listSpecs, registry } from './registry/registry.ts';
export type { MakeOptions, MakeVecOptions } from './registry/registry.ts';
export { EnvSpec } from './registry/env-spec.ts';
export type { EnvSpecInit, EnvCreator } from './registry/env-spec.ts';
export { parseEnvId } from './registry/env-id.ts';
export * from './wrappers/index.ts';
export { VectorEnv } from './vector/vector-env.ts';
export type { VectorResetArgs, VectorStepResult, VectorEnvMetadata } from './vector/vector-env.ts';
export { SyncVectorEnv } from './vector/sync-vector-env.ts';
export { AsyncVectorEnv } from './vector/async-vector-env.ts';
export type { AsyncVectorEnvOptions } from './vector/async-vector-env.ts';
export { makeVecAsync } from './registry/make-vec-async.ts';
export type { MakeVecAsyncOptions } from './registry/make-vec-async.ts';
export { AutoresetMode } from './vector/autoreset-mode.ts';
export { batchSpace, concatenate, iterate, createEmptyArray } from './vector/batch.ts';
export * from './parallel/index.ts';
export { checkEnv } from './checker/env-checker.ts';
export { EnvCheckError } from './checker/check-error.ts';
export { dataEquivalence } from './checker/data-equivalence.ts';
export { compileValidator } from './config/validator.ts';
export { RunningMeanStd } from './utils/running-mean-std.ts';
export { mean, std, iqm, bootstrapCI, summarize } from './utils/statistics.ts';
export { renderSvg, intervalChart, stackedChart, lineChart } from './plot/index.ts';
export { benchEnv } from '../benchmarks/env-bench.ts';
export { benchMarket, type BenchOptions, type BenchResult } from '../benchmarks/market-bench.ts';

export * from '../envs/index.ts';

export type { Agent, AgentContext, Transition } from '../agents/agent.ts';
export { registerAgent, listAgents, agentsFor, createAgent } from '../agents/catalogue.ts';
export * from '../agents/baselines/edge-llm/index.ts';
export { evaluateAgent, runEpisode, summarizeEpisodes, EVAL_SEED_BASE } from '../agents/evaluation/evaluate.ts';
export type { EvaluationResult, EvaluateOptions } from '../agents/evaluation/evaluate.ts';
export { EpisodeRecorder } from '../agents/evaluation/episode-recorder.ts';
export type { EpisodeRecord } from '../agents/evaluation/episode-recorder.ts';
export { runLeaderboard } from '../agents/orchestration/leaderboard.ts';
export { decodeTrace } from '../agents/evaluation/episode-trace.ts';
export type { EpisodeTrace, DecodedTrace } from '../agents/evaluation/episode-trace.ts';
export { leaderboardPage, writeLeaderboardPage } from '../agents/evaluation/leaderboard-page.ts';

export { startServer, startServerThread, RemoteEnv, RemoteVectorEnv, evaluateRemote, BridgeError, PROTOCOL_VERSION } from '../bridge/index.ts';
export type { BridgeServer, ServerOptions, RemoteEnvOptions, RemoteVectorEnvOptions, RemoteEvaluation } from '../bridge/index.ts';
export * from '../envs/dda-market/auction/index.ts';
