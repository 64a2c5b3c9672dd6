/**
 * PPO hyper-parameters, with the paper's values as defaults.
 * @module
 */

/** PPO hyper-parameters. Fields marked "paper" are the values the paper reports. */
export interface PPOConfig {
  /** Adam learning rate (paper: 3e-4). */
  readonly learningRate: number;
  /** Discount γ (paper: 0.95). */
  readonly gamma: number;
  /** GAE λ (paper: 0.95). */
  readonly gaeLambda: number;
  /** Clip range ε of the probability ratio (paper: 0.2). */
  readonly clipRange: number;
  /** Weight of the value loss, a mean squared error (paper: 0.25). */
  readonly valueCoef: number;
  /** Weight of the entropy bonus (paper: 0). */
  readonly entropyCoef: number;
  /** Global gradient-norm clip; Infinity disables it (paper: 0.5). */
  readonly maxGradNorm: number;
  /** Samples per gradient step for feed-forward policies (paper: 128). Sequence policies use whole episodes. */
  readonly batchSize: number;
  /** Passes over each rollout (not in the paper; 10 is the common PPO default). */
  readonly epochs: number;
  /** Environment steps collected per iteration (paper: 2000). */
  readonly rolloutSteps: number;
  /** Normalize advantages to zero mean and unit variance per batch (common PPO default: true). */
  readonly normalizeAdvantages: boolean;
  /** Adam ε (not in the paper; 1e-5 is the common PPO choice). */
  readonly adamEpsilon: number;
  /** Seed of the agent's generators (paper: 42). */
  readonly seed: number;
}

/** The paper's PPO/T2DRL settings, completed with common PPO defaults where the paper is silent. */
export const PAPER_PPO_CONFIG: PPOConfig = Object.freeze({
  learningRate: 3e-4,
  gamma: 0.95,
  gaeLambda: 0.95,
  clipRange: 0.2,
  valueCoef: 0.25,
  entropyCoef: 0,
  maxGradNorm: 0.5,
  batchSize: 128,
  epochs: 10,
  rolloutSteps: 2000,
  normalizeAdvantages: true,
  adamEpsilon: 1e-5,
  seed: 42,
});

type Check = (v: unknown) => boolean;
const num: Check = (v) => typeof v === 'number' && !Number.isNaN(v);
const RULES: Record<keyof PPOConfig, { ok: Check; need: string }> = {
  learningRate: { ok: (v) => num(v) && Number.isFinite(v as number) && (v as number) > 0, need: 'a finite number > 0, e.g. 3e-4' },
  gamma: { ok: (v) => num(v) && (v as number) >= 0 && (v as number) <= 1, need: 'a number in [0, 1], e.g. 0.95' },
  gaeLambda: { ok: (v) => num(v) && (v as number) >= 0 && (v as number) <= 1, need: 'a number in [0, 1], e.g. 0.95' },
  clipRange: { ok: (v) => num(v) && Number.isFinite(v as number) && (v as number) > 0, need: 'a finite number > 0, e.g. 0.2' },
  valueCoef: { ok: (v) => num(v) && Number.isFinite(v as number) && (v as number) >= 0, need: 'a finite number ≥ 0, e.g. 0.25' },
  entropyCoef: { ok: (v) => num(v) && Number.isFinite(v as number) && (v as number) >= 0, need: 'a finite number ≥ 0, e.g. 0' },
  maxGradNorm: { ok: (v) => num(v) && (v as number) > 0, need: 'a number > 0 (Infinity disables clipping), e.g. 0.5' },
  batchSize: { ok: (v) => Number.isInteger(v) && (v as number) > 0, need: 'a positive integer, e.g. 128' },
  epochs: { ok: (v) => Number.isInteger(v) && (v as number) > 0, need: 'a positive integer, e.g. 10' },
  rolloutSteps: { ok: (v) => Number.isInteger(v) && (v as number) > 0, need: 'a positive integer, e.g. 2000' },
  normalizeAdvantages: { ok: (v) => typeof v === 'boolean', need: 'true or false' },
  adamEpsilon: { ok: (v) => num(v) && Number.isFinite(v as number) && (v as number) > 0, need: 'a finite number > 0, e.g. 1e-5' },
  seed: { ok: (v) => Number.isSafeInteger(v) && (v as number) >= 0, need: 'a non-negative integer, e.g. 42' },
};

/**
 * Fills in {@link PAPER_PPO_CONFIG} for missing fields and validates every field.
 *
 * @throws RangeError naming the field, the bad value and what is expected; TypeError for unknown fields.
 */
export function resolvePPOConfig(overrides: Partial<PPOConfig> = {}): PPOConfig {
  for (const key of Object.keys(overrides)) {
    if (!(key in RULES)) {
      throw new TypeError(`PPOConfig has no field '${key}'; known fields: ${Object.keys(RULES).join(', ')}.`);
    }
  }
  const merged = { ...PAPER_PPO_CONFIG, ...overrides };
  for (const [key, rule] of Object.entries(RULES) as [keyof PPOConfig, { ok: Check; need: string }][]) {
    if (!rule.ok(merged[key])) {
      throw new RangeError(`PPOConfig.${key} must be ${rule.need}; got ${String(merged[key])}.`);
    }
  }
  return Object.freeze(merged);
}
