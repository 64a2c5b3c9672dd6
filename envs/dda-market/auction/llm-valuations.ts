/**
 * Valuations of the reasoning-path market (docs/market.md#valuations-of-the-reasoning-path-market). The unit traded is one extra self-consistency
 * reasoning path.
 *
 * - Buyer i (a request served by model m on task t, currently sampling J paths) values one more path at
 *   `Q_i × accuracyCost × max(0, gain)`, where `gain` is the accuracy gained by path J+1 on the
 *   interpolated accuracy curve of `envs/data/accuracy.ts` (a fraction) and `accuracyCost` converts
 *   accuracy into the environment's cost units (2.5, the accuracy cost coefficient of docs/model.md#parameters-config-fields-and-defaults). A negative gain
 *   (where the published curve dips) is worth nothing.
 * - Seller j (an edge server running model m) has per-path cost `G_j × (compute + displaced)`: `compute` is
 *   the compute cost of one path, `computeCost × thoughtTokens × FLOPs per token / server FLOP/s`, and
 *   `displaced` is the cloud cost of one path (`cloudCost`), the opportunity cost of an edge server at its
 *   energy budget, which must send one path of other work to the cloud to serve this one. Serving one more
 *   path adds no communication (the prompt is sent once per request).
 * - `Q_i, G_j ~ U[0.5, 1.5]`; model, task and J are drawn uniformly (J from 1..19).
 *
 * The price range is `[0, P_max]` with P_max the largest value any buyer can have, so it is public and
 * fixed before the auction.
 *
 * @module
 */
import { ACCURACY_MODELS, TASKS, marginalPathGain, type AccuracyModel, type Task } from '../../data/accuracy.ts';
import type { Generator } from '../../../src/random/generator.ts';
import { MarketInputError } from './errors.ts';
import type { Market } from './types.ts';

/** Cost and hardware parameters of the LLM valuations (defaults from docs/model.md#parameters-config-fields-and-defaults). */
export interface LlmValuationConfig {
  /** Cost units per unit of accuracy (default 2.5). */
  accuracyCost: number;
  /** Cloud cost per request per path (default 7.5e-3); the displaced-work part of a seller's cost. */
  cloudCost: number;
  /** Cost per second of the whole server's compute (default 0.1). */
  computeCost: number;
  /** Tokens per reasoning path (default 32). */
  thoughtTokens: number;
  /** GPUs per edge server (default 16). */
  gpus: number;
  /** FLOP/s per GPU (default 312e12). */
  flopsPerGpu: number;
  /** Parameters in billions per model (defaults 137 and 540); FLOPs per token = 2 × params. */
  paramsB: Readonly<Record<AccuracyModel, number>>;
  /** Range of the quality coefficients Q and G (default [0.5, 1.5]). */
  coefficientRange: readonly [number, number];
  /** Whether a seller's cost includes the displaced cloud path (default true). */
  displacedWork: boolean;
}

/** Default LLM valuation parameters. */
export const DEFAULT_LLM_VALUATION: Readonly<LlmValuationConfig> = Object.freeze({
  accuracyCost: 2.5,
  cloudCost: 7.5e-3,
  computeCost: 0.1,
  thoughtTokens: 32,
  gpus: 16,
  flopsPerGpu: 312e12,
  paramsB: Object.freeze({ 'lamda-137b': 137, 'palm-540b': 540 }),
  coefficientRange: [0.5, 1.5] as const,
  displacedWork: true,
});

/** Largest path count a buyer can currently have (it buys path J+1 ≤ 20). */
export const MAX_CURRENT_PATHS = 19;

/**
 * A buyer's value for one more path: `q × accuracyCost × max(0, marginal gain at `paths`)`.
 *
 * @example
 * ```ts
 * llmBuyerValue('palm-540b', 'GSM8K', 5, 1); // 2.5 × 0.01 = 0.025
 * ```
 */
export function llmBuyerValue(model: AccuracyModel, task: Task, paths: number, q: number, config: Partial<LlmValuationConfig> = {}): number {
  const c = { ...DEFAULT_LLM_VALUATION, ...config };
  const gain = marginalPathGain(model, task, paths);
  return gain > 0 ? q * c.accuracyCost * gain : 0;
}

/**
 * An edge server's marginal cost of serving one more path on `model`, before the coefficient G.
 *
 * @example
 * ```ts
 * llmServingCost('lamda-137b'); // 0.1 × 32 × 2.74e11 / (16 × 312e12) + 7.5e-3 ≈ 7.68e-3
 * ```
 */
export function llmServingCost(model: AccuracyModel, config: Partial<LlmValuationConfig> = {}): number {
  const c = { ...DEFAULT_LLM_VALUATION, ...config };
  const flopsPerToken = 2 * c.paramsB[model] * 1e9;
  const compute = (c.computeCost * c.thoughtTokens * flopsPerToken) / (c.gpus * c.flopsPerGpu);
  return compute + (c.displacedWork ? c.cloudCost : 0);
}

/** {@link llmMaxValue} of the default configuration, computed on first use (every default market needs it). */
let defaultMaxValue: number | null = null;

/** The largest value any buyer can have under `config`: the public upper end of the price range. */
export function llmMaxValue(config: Partial<LlmValuationConfig> = {}): number {
  const isDefault = Object.keys(config).length === 0;
  if (isDefault && defaultMaxValue !== null) return defaultMaxValue;
  const c = { ...DEFAULT_LLM_VALUATION, ...config };
  let best = 0;
  for (const m of ACCURACY_MODELS) {
    for (const t of TASKS) {
      for (let p = 1; p <= MAX_CURRENT_PATHS; p++) best = Math.max(best, llmBuyerValue(m, t, p, c.coefficientRange[1], c));
    }
  }
  if (isDefault) defaultMaxValue = best;
  return best;
}

function checkCount(x: unknown, field: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) {
    throw new MarketInputError(field, `must be a non-negative integer, got ${String(x)}`, 'give the number of agents on this side, e.g. 10');
  }
  return x;
}

/**
 * Draws a single-unit LLM market with `buyers` buyers and `sellers` sellers from `rng`.
 *
 * @example
 * ```ts
 * const market = llmMarket(new Generator(1), { buyers: 10, sellers: 10 });
 * market.range; // [0, llmMaxValue()]
 * ```
 * @throws {MarketInputError} on negative or fractional counts or a bad coefficient range.
 */
export function llmMarket(rng: Generator, options: { buyers: number; sellers: number; config?: Partial<LlmValuationConfig> }): Market {
  const nb = checkCount(options.buyers, 'buyers');
  const ns = checkCount(options.sellers, 'sellers');
  const c = { ...DEFAULT_LLM_VALUATION, ...options.config };
  const [lo, hi] = c.coefficientRange;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= 0 && hi >= lo)) {
    throw new MarketInputError('config.coefficientRange', `must be [low, high] with 0 ≤ low ≤ high, got [${lo}, ${hi}]`, 'use e.g. [0.5, 1.5]');
  }
  const buyers = [];
  for (let i = 0; i < nb; i++) {
    const model = ACCURACY_MODELS[rng.integers(0, ACCURACY_MODELS.length)]!;
    const task = TASKS[rng.integers(0, TASKS.length)]!;
    const paths = rng.integers(1, MAX_CURRENT_PATHS + 1);
    const q = rng.uniform(lo, hi);
    buyers.push({ value: llmBuyerValue(model, task, paths, q, c) });
  }
  const sellers = [];
  for (let j = 0; j < ns; j++) {
    const model = ACCURACY_MODELS[rng.integers(0, ACCURACY_MODELS.length)]!;
    const g = rng.uniform(lo, hi);
    sellers.push({ cost: g * llmServingCost(model, c) });
  }
  return { buyers, sellers, range: [0, llmMaxValue(options.config ?? {})] };
}
