/**
 * Wrappers that change an environment's behaviour without changing its code.
 * @module
 */
export { TimeLimit } from './time-limit.ts';
export { RecordEpisodeStatistics } from './record-episode-statistics.ts';
export type { EpisodeStatistics } from './record-episode-statistics.ts';
export { OrderEnforcing } from './order-enforcing.ts';
export { PassiveEnvChecker } from './passive-env-checker.ts';
export { FlattenObservation } from './flatten-observation.ts';
export { NormalizeObservation } from './normalize-observation.ts';
export { NormalizeReward } from './normalize-reward.ts';
export { RescaleAction } from './rescale-action.ts';
export { ClipAction } from './clip-action.ts';
