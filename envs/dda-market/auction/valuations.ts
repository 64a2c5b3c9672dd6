/**
 * Random markets for tests, benchmarks and comparisons: uniform values and costs (the literature's
 * standard setting) and, through {@link generateMarket}, the LLM reasoning-path market.
 *
 * All randomness comes from the project's seeded {@link Generator}.
 *
 * @module
 */
import type { Generator } from '../../../src/random/generator.ts';
import { MarketInputError } from './errors.ts';
import { llmMarket, type LlmValuationConfig } from './llm-valuations.ts';
import type { Buyer, Market, Seller } from './types.ts';

/** Options of {@link uniformMarket}. */
export interface UniformMarketOptions {
  /** Number of buyers and sellers. */
  buyers: number;
  sellers: number;
  /** Value/cost support and price range (default [0, 100]). */
  low?: number;
  high?: number;
  /** Draw integers in [low, high] instead of reals in [low, high) (default false). */
  integer?: boolean;
  /** Demands and capacities drawn uniformly from 1..max (default 1: single-unit). */
  maxDemand?: number;
  maxCapacity?: number;
}

function count(x: unknown, field: string, min: number): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) {
    throw new MarketInputError(field, `must be an integer ≥ ${min}, got ${String(x)}`, `pass a whole number such as ${Math.max(min, 10)}`);
  }
  return x;
}

/**
 * A market with values and costs uniform on `[low, high]` and price range `[low, high]`.
 *
 * @example
 * ```ts
 * const m = uniformMarket(new Generator(7), { buyers: 5, sellers: 5, integer: true });
 * m.buyers.length; // 5, values are integers in [0, 100]
 * ```
 * @throws {MarketInputError} on bad counts or bounds.
 */
export function uniformMarket(rng: Generator, options: UniformMarketOptions): Market {
  const nb = count(options.buyers, 'buyers', 0);
  const ns = count(options.sellers, 'sellers', 0);
  const low = options.low ?? 0;
  const high = options.high ?? 100;
  if (!(Number.isFinite(low) && low >= 0)) throw new MarketInputError('low', `must be a finite number ≥ 0, got ${low}`, 'use e.g. 0');
  if (!(Number.isFinite(high) && high > low)) throw new MarketInputError('high', `must be a finite number above low = ${low}, got ${high}`, 'use e.g. 100');
  const integer = options.integer ?? false;
  if (integer && !(Number.isInteger(low) && Number.isInteger(high))) {
    throw new MarketInputError('low', 'integer markets need integer bounds', 'round low and high to integers');
  }
  const maxD = count(options.maxDemand ?? 1, 'maxDemand', 1);
  const maxK = count(options.maxCapacity ?? 1, 'maxCapacity', 1);
  const draw = (): number => (integer ? rng.integers(low, high + 1) : rng.uniform(low, high));
  const buyers: Buyer[] = [];
  for (let i = 0; i < nb; i++) {
    const value = draw();
    buyers.push(maxD > 1 ? { value, demand: rng.integers(1, maxD + 1) } : { value });
  }
  const sellers: Seller[] = [];
  for (let j = 0; j < ns; j++) {
    const cost = draw();
    sellers.push(maxK > 1 ? { cost, capacity: rng.integers(1, maxK + 1) } : { cost });
  }
  return { buyers, sellers, range: [low, high] };
}

/** Valuation models for generated markets. */
export type ValuationKind = 'uniform' | 'llm';

/**
 * Draws a single-unit market of either kind with `buyers` and `sellers` agents.
 *
 * @example
 * ```ts
 * const m = generateMarket('llm', new Generator(3), 10, 10);
 * ```
 * @throws {MarketInputError} on bad counts or an unknown kind.
 */
export function generateMarket(
  kind: ValuationKind,
  rng: Generator,
  buyers: number,
  sellers: number,
  llmConfig?: Partial<LlmValuationConfig>,
): Market {
  if (kind === 'uniform') return uniformMarket(rng, { buyers, sellers });
  if (kind === 'llm') return llmMarket(rng, llmConfig ? { buyers, sellers, config: llmConfig } : { buyers, sellers });
  throw new MarketInputError('valuation', `unknown valuation kind ${JSON.stringify(kind)}`, "use 'uniform' or 'llm'");
}
