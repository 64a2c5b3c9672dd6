/**
 * Environment-agnostic PPO math: configuration, GAE, advantage normalization, the PPO-clip loss, Adam
 * with global-norm clipping, and episode sequences for sequence policies.
 * @module
 */
export { Adam } from './adam.ts';
export type { AdamOptions, AdamState, AdamStepInfo } from './adam.ts';
export { normalizeAdvantages } from './advantages.ts';
export { PAPER_PPO_CONFIG, resolvePPOConfig } from './config.ts';
export type { PPOConfig } from './config.ts';
export { computeGae } from './gae.ts';
export type { GaeInput, GaeOutput } from './gae.ts';
export { clipByGlobalNorm } from './grad-clip.ts';
export type { ClippedGradients } from './grad-clip.ts';
export { ppoLoss } from './ppo-loss.ts';
export type { PPOLossCoefficients, PPOLossInput, PPOLossTerms } from './ppo-loss.ts';
export { episodeSegments, packSequences, unpackSequences } from './sequences.ts';
export type { PackedSequences, Segment } from './sequences.ts';
export { createAdam, trainStep } from './train-step.ts';
export type { LossWithMetrics, TrainStepResult } from './train-step.ts';
