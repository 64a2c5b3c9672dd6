/**
 * The multi-agent core: the `ParallelEnv` contract (PettingZoo's Parallel API) and its registry.
 * @module
 */
export type { ParallelEnv, PerAgent, ParallelResetResult, ParallelStepResult } from './parallel-env.ts';
export { ParallelEnvSpec, DEFAULT_PARALLEL_ENV_COST } from './parallel-env-spec.ts';
export type { ParallelEnvSpecInit, ParallelEnvCreator } from './parallel-env-spec.ts';
export {
  registerParallel,
  unregisterParallel,
  makeParallel,
  parallelSpec,
  isParallelEnvId,
  listParallelSpecs,
  parallelRegistry,
} from './parallel-registry.ts';
