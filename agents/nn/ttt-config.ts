/**
 * Configuration of the TTT-Linear network (the T2DRL actor/critic backbone).
 * @module
 */

/** User-facing configuration of {@link TTTLinear}; every field but the two dimensions has a default. */
export interface TTTConfig {
  /** Length of one observation token (the env's flattened observation). Required. */
  inputDim: number;
  /** Number of network outputs per token (policy parameters, or 1 for a critic). Required. */
  outputDim: number;
  /** Width of the token embedding and of the TTT layer (paper: 32). */
  hidden?: number;
  /** Number of TTT heads; `hidden` must be divisible by it (paper: 4, head dim 8). */
  heads?: number;
  /** Inner mini-batch size b: W advances once every b tokens (paper: 4). */
  miniBatch?: number;
  /** Width of the SwiGLU feed-forward block after the TTT layer; 0 removes the block (paper: 32). */
  intermediate?: number;
  /** Base inner learning rate; the per-token rate is baseLr · sigmoid(gate) / headDim (reference: 1.0). */
  baseLr?: number;
  /** Test-time (inner) updates on; false keeps W at W₀ for every token (the ablation). */
  innerUpdates?: boolean;
  /** Gain of the orthogonal init of the output head (0.01 for a policy, 1 for a critic). */
  headGain?: number;
  /** Standard deviation of the N(0, σ²) init of W₀ and of the learning-rate gate weights. */
  initStd?: number;
  /** Epsilon of the layer norms. */
  lnEps?: number;
  /** Seed of the parameter initialization (project generator). */
  seed?: number;
}

/**
 * {@link TTTConfig} with every default filled in and derived sizes; each field means the same as the
 * field of the same name in {@link TTTConfig}.
 */
export interface ResolvedTTTConfig {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly hidden: number;
  readonly heads: number;
  /** hidden / heads. */
  readonly headDim: number;
  readonly miniBatch: number;
  readonly intermediate: number;
  readonly baseLr: number;
  readonly innerUpdates: boolean;
  readonly headGain: number;
  readonly initStd: number;
  readonly lnEps: number;
  readonly seed: number;
}

/** Defaults of the optional fields (the paper's TTT settings where it gives them). */
export const TTT_DEFAULTS = {
  hidden: 32,
  heads: 4,
  miniBatch: 4,
  intermediate: 32,
  baseLr: 1.0,
  innerUpdates: true,
  headGain: 1,
  initStd: 0.02,
  lnEps: 1e-5,
  seed: 42,
} as const;

function positiveInt(field: string, value: unknown, hint: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(`TTTConfig.${field} must be a positive integer, got ${String(value)}. ${hint}`);
  }
  return value;
}

function finiteNonNegative(field: string, value: unknown, hint: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`TTTConfig.${field} must be a finite number ≥ 0, got ${String(value)}. ${hint}`);
  }
  return value;
}

/**
 * Validates a {@link TTTConfig} and fills in the defaults.
 *
 * @throws RangeError/TypeError naming the offending field and what to pass instead.
 */
export function resolveTTTConfig(config: TTTConfig): ResolvedTTTConfig {
  if (typeof config !== 'object' || config === null) {
    throw new TypeError('TTTConfig must be an object such as { inputDim: 81, outputDim: 40 }.');
  }
  const c = { ...TTT_DEFAULTS, ...config };
  const inputDim = positiveInt('inputDim', c.inputDim, 'Pass the length of the flattened observation.');
  const outputDim = positiveInt('outputDim', c.outputDim, 'Pass the number of policy parameters, or 1 for a critic.');
  const hidden = positiveInt('hidden', c.hidden, 'The paper uses 32.');
  const heads = positiveInt('heads', c.heads, 'The paper uses 4.');
  if (hidden % heads !== 0) {
    throw new RangeError(`TTTConfig.hidden (${hidden}) must be divisible by TTTConfig.heads (${heads}); e.g. 32 and 4.`);
  }
  const miniBatch = positiveInt('miniBatch', c.miniBatch, 'The paper uses 4; 1 gives a per-token update.');
  if (typeof c.intermediate !== 'number' || !Number.isInteger(c.intermediate) || c.intermediate < 0) {
    throw new RangeError(
      `TTTConfig.intermediate must be a non-negative integer, got ${String(c.intermediate)}. Use 32 (paper) or 0 for no feed-forward block.`,
    );
  }
  const baseLr = finiteNonNegative('baseLr', c.baseLr, 'The reference TTT-Linear uses 1.0.');
  if (typeof c.innerUpdates !== 'boolean') {
    throw new TypeError(`TTTConfig.innerUpdates must be true or false, got ${String(c.innerUpdates)}.`);
  }
  const headGain = finiteNonNegative('headGain', c.headGain, 'Use 0.01 for a policy head, 1 for a critic.');
  const initStd = finiteNonNegative('initStd', c.initStd, 'The reference TTT-Linear uses 0.02.');
  const lnEps = finiteNonNegative('lnEps', c.lnEps, 'Use a small positive value such as 1e-5.');
  if (lnEps === 0) throw new RangeError('TTTConfig.lnEps must be > 0 (e.g. 1e-5) to keep the layer norm finite.');
  if (typeof c.seed !== 'number' || !Number.isSafeInteger(c.seed) || c.seed < 0) {
    throw new RangeError(`TTTConfig.seed must be a non-negative integer, got ${String(c.seed)}.`);
  }
  return {
    inputDim,
    outputDim,
    hidden,
    heads,
    headDim: hidden / heads,
    miniBatch,
    intermediate: c.intermediate,
    baseLr,
    innerUpdates: c.innerUpdates,
    headGain,
    initStd,
    lnEps,
    seed: c.seed,
  };
}
