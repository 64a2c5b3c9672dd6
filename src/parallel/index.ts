/**
 * The multi-agent core: the `ParallelEnv` contract (PettingZoo's Parallel API), its registry, its checker, the single-agent view, and the padded per-agent vector env of parameter sharing.
 * @module
 */
export type { ParallelEnv, PerAgent, ParallelResetResult, ParallelStepResult } from './parallel-env.ts';
export { ParallelEnvSpec, DEFAULT_PARALLEL_ENV_COST } from './parallel-env-spec.ts';
export type { ParallelEnvSpecInit, ParallelEnvCreator, ParallelVectorEnvCreator, ParallelVectorEnvOptions } from './parallel-env-spec.ts';
export {
  registerParallel,
  unregisterParallel,
  makeParallel,
  makeAgentVec,
  parallelSpec,
  isParallelEnvId,
  listParallelSpecs,
  parallelRegistry,
} from './parallel-registry.ts';
export type { MakeAgentVecOptions } from './parallel-registry.ts';
export { checkParallelEnv } from './parallel-env-checker.ts';
export type { CheckParallelEnvOptions, CheckParallelEnvReport } from './parallel-env-checker.ts';
export { SingleAgentView } from './single-agent-view.ts';
export type { SingleAgentViewOptions, SingleAgentViewInfo, ViewReward } from './single-agent-view.ts';
export { AgentPadding } from './agent-padding.ts';
export { AgentVectorEnv } from './agent-vector-env.ts';
export type { AgentVectorEnvOptions } from './agent-vector-env.ts';
export { registerSystemView, systemViewId, parallelIdOfView } from './system-view.ts';
