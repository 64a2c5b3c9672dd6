/**
 * Configuration of a training run of the learning agents: the PPO hyper-parameters (paper defaults), the
 * rollout layout, the normalizations and the network sizes.
 * @module
 */
import type { NetworkConfig } from '../acting/actor-critic.ts';
import { NEUTRAL_POLICY_INIT } from './policy-init.ts';
import type { PolicyInit } from './policy-init.ts';
import { resolvePPOConfig } from '../../ppo/config.ts';
import type { PPOConfig } from '../../ppo/config.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';

/** The learning agents. */
export type LearningAgentKind = 'ppo' | 't2drl';

/** Network fields a user may set (the sizes that come from the spaces are filled in later). */
export type NetworkOptions = Partial<Omit<NetworkConfig, 'kind' | 'obsDim' | 'paramSize'>>;

/** A complete training configuration (stored in checkpoints). */
export interface TrainingConfig {
  /** Which agent. */
  readonly agent: LearningAgentKind;
  /** Environment id. */
  readonly envId: string;
  /** Extra keyword arguments of the environment (validated by the environment). */
  readonly envKwargs: Readonly<Record<string, unknown>>;
  /**
   * Parallel sub-environments per rollout (rollout = `ppo.rolloutSteps` = numEnvs × steps per env). For a
   * multi-agent id, one per (copy of the system, agent): a multiple of the number of agents.
   */
  readonly numEnvs: number;
  /** PPO hyper-parameters. */
  readonly ppo: PPOConfig;
  /** TTT: episodes (sequences) per gradient step; 0 = the whole rollout in one step. */
  readonly sequencesPerBatch: number;
  /** Standardize observations with running statistics. */
  readonly normalizeObs: boolean;
  /** Clip of the standardized observations. */
  readonly obsClip: number;
  /** Standardize the critic's targets with running statistics of the returns. */
  readonly normalizeValues: boolean;
  /** Network sizes. */
  readonly network: Required<NetworkOptions>;
  /** The initial action distribution (bias of the actor's output layer). */
  readonly policyInit: PolicyInit;
  /** Validation episodes (deterministic policy, seeds 9000…) every `evalEvery` iterations; 0 disables. */
  readonly evalEpisodes: number;
  /** Iterations between validation runs. */
  readonly evalEvery: number;
}

/** What a user may override (every field optional; `ppo` and `network` merge field by field). */
export interface TrainingOverrides {
  numEnvs?: number;
  ppo?: Partial<PPOConfig>;
  sequencesPerBatch?: number;
  normalizeObs?: boolean;
  obsClip?: number;
  normalizeValues?: boolean;
  network?: NetworkOptions;
  policyInit?: Partial<PolicyInit>;
  evalEpisodes?: number;
  evalEvery?: number;
  envKwargs?: Record<string, unknown>;
}

/** Network defaults: the paper's PPO baseline (128-unit layers) and TTT settings (32 hidden, 4 heads, mini-batch 4, intermediate 32). */
export const NETWORK_DEFAULTS: Required<NetworkOptions> = Object.freeze({
  mlpHidden: [128, 128],
  tttHidden: 32,
  tttHeads: 4,
  tttMiniBatch: 4,
  tttIntermediate: 32,
  tttBaseLr: 1.0,
  seed: 42,
});

const KNOWN = ['numEnvs', 'ppo', 'sequencesPerBatch', 'normalizeObs', 'obsClip', 'normalizeValues', 'network', 'policyInit', 'evalEpisodes', 'evalEvery', 'envKwargs'];

function int(field: string, v: unknown, min: number, hint: string): number {
  if (!Number.isInteger(v) || (v as number) < min) {
    throw new InvalidArgument(`Training config: ${field} must be an integer ≥ ${min}, got ${JSON.stringify(v)}. ${hint}`);
  }
  return v as number;
}

/**
 * The default configuration of `agent` on `envId` with `overrides` applied and validated.
 *
 * Defaults: paper PPO settings (lr 3e-4, γ 0.95, λ 0.95, clip 0.2, value coef 0.25, entropy 0, max grad
 * norm 0.5, minibatch 128 for the MLP), 20 environments × 100 steps = 2,000 steps per iteration, 10 epochs,
 * observation and value normalization on; for `t2drl` one gradient step per epoch over all 20 episodes.
 *
 * @throws {InvalidArgument} naming an unknown or invalid field and what to pass instead.
 */
export function resolveTrainingConfig(agent: LearningAgentKind, envId: string, overrides: TrainingOverrides = {}): TrainingConfig {
  if (agent !== 'ppo' && agent !== 't2drl') {
    throw new InvalidArgument(`Training config: agent must be 'ppo' or 't2drl', got ${JSON.stringify(agent)}.`);
  }
  for (const k of Object.keys(overrides)) {
    if (!KNOWN.includes(k)) throw new InvalidArgument(`Training config has no field '${k}'; known fields: ${KNOWN.join(', ')}.`);
  }
  let ppo: PPOConfig;
  try {
    ppo = resolvePPOConfig(overrides.ppo ?? {});
  } catch (e) {
    throw new InvalidArgument(`Training config: ${(e as Error).message}`);
  }
  const numEnvs = int('numEnvs', overrides.numEnvs ?? 20, 1, 'The default is 20.');
  if (ppo.rolloutSteps % numEnvs !== 0) {
    throw new InvalidArgument(
      `Training config: ppo.rolloutSteps (${ppo.rolloutSteps}) must be a multiple of numEnvs (${numEnvs}); e.g. 2000 and 20.`,
    );
  }
  const network = { ...NETWORK_DEFAULTS, ...(overrides.network ?? {}) };
  for (const k of Object.keys(overrides.network ?? {})) {
    if (!(k in NETWORK_DEFAULTS)) {
      throw new InvalidArgument(`Training config: network has no field '${k}'; known: ${Object.keys(NETWORK_DEFAULTS).join(', ')}.`);
    }
  }
  if (!Array.isArray(network.mlpHidden) || network.mlpHidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new InvalidArgument(`Training config: network.mlpHidden must be an array of positive integers such as [128, 128].`);
  }
  for (const k of ['tttHidden', 'tttHeads', 'tttMiniBatch'] as const) int(`network.${k}`, network[k], 1, 'See the paper defaults.');
  int('network.tttIntermediate', network.tttIntermediate, 0, 'Use 32 (paper) or 0.');
  int('network.seed', network.seed, 0, 'Any non-negative integer.');
  if (!(network.tttBaseLr >= 0) || !Number.isFinite(network.tttBaseLr)) {
    throw new InvalidArgument(`Training config: network.tttBaseLr must be a finite number ≥ 0, got ${network.tttBaseLr}.`);
  }
  const obsClip = overrides.obsClip ?? 10;
  if (!(obsClip > 0) || !Number.isFinite(obsClip)) throw new InvalidArgument(`Training config: obsClip must be a positive number, got ${obsClip}.`);
  for (const k of ['normalizeObs', 'normalizeValues'] as const) {
    if (overrides[k] !== undefined && typeof overrides[k] !== 'boolean') {
      throw new InvalidArgument(`Training config: ${k} must be true or false, got ${JSON.stringify(overrides[k])}.`);
    }
  }
  if (overrides.envKwargs !== undefined && (typeof overrides.envKwargs !== 'object' || overrides.envKwargs === null || Array.isArray(overrides.envKwargs))) {
    throw new InvalidArgument('Training config: envKwargs must be an object of environment config fields.');
  }
  const policyInit = { ...NEUTRAL_POLICY_INIT, ...(overrides.policyInit ?? {}) };
  for (const [k, v] of Object.entries(policyInit)) {
    if (!(k in NEUTRAL_POLICY_INIT)) {
      throw new InvalidArgument(`Training config: policyInit has no field '${k}'; known: ${Object.keys(NEUTRAL_POLICY_INIT).join(', ')}.`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgument(`Training config: policyInit.${k} must be a finite number, got ${JSON.stringify(v)}.`);
  }
  return Object.freeze({
    agent,
    envId,
    envKwargs: Object.freeze({ ...(overrides.envKwargs ?? {}) }),
    numEnvs,
    ppo,
    sequencesPerBatch: int('sequencesPerBatch', overrides.sequencesPerBatch ?? 0, 0, '0 means all episodes of the rollout in one step.'),
    normalizeObs: overrides.normalizeObs ?? true,
    obsClip,
    normalizeValues: overrides.normalizeValues ?? true,
    network: Object.freeze({ ...network, mlpHidden: [...network.mlpHidden] }),
    policyInit: Object.freeze(policyInit),
    evalEpisodes: int('evalEpisodes', overrides.evalEpisodes ?? 5, 0, '0 disables validation.'),
    evalEvery: int('evalEvery', overrides.evalEvery ?? 5, 1, 'e.g. 5.'),
  });
}

/** The network configuration of a training configuration for the given sizes. */
export function networkConfigOf(config: TrainingConfig, obsDim: number, paramSize: number): NetworkConfig {
  return { kind: config.agent === 'ppo' ? 'mlp' : 'ttt', obsDim, paramSize, ...config.network };
}
