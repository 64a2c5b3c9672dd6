/**
 * Networks and policy distributions of the learning agents (TTT-Linear, MLP; Bernoulli, Categorical,
 * diagonal Gaussian, logistic-squashed Gaussian, products).
 * @module
 */
export { Bernoulli } from './bernoulli.ts';
export { Categorical } from './categorical.ts';
export { DiagGaussian } from './diag-gaussian.ts';
export type { ActionDistribution } from './distribution.ts';
export { constantInit, glorotUniform, normalInit, orthogonalInit } from './init.ts';
export { MLP, MLPInference, resolveMLPConfig } from './mlp.ts';
export type { MLPConfig, ResolvedMLPConfig } from './mlp.ts';
export { ParamSet } from './params.ts';
export type { ParamValues } from './params.ts';
export { ProductDistribution } from './product-distribution.ts';
export { SquashedGaussian } from './squashed-gaussian.ts';
export { resolveTTTConfig, TTT_DEFAULTS } from './ttt-config.ts';
export type { ResolvedTTTConfig, TTTConfig } from './ttt-config.ts';
export { TTTLinear } from './ttt-linear.ts';
export type { TTTApplyOptions } from './ttt-linear.ts';
export { TTTInference } from './ttt-online.ts';
export type { TTTState } from './ttt-online.ts';
