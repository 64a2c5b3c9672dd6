/**
 * Configuration of the double Dutch auction environment: fields, defaults, JSON Schema, and the
 * resolution of a validated config into what the environment uses (the public price range, step sizes).
 * @module
 */
import { lazyValidator } from '../../src/config/validator.ts';
import { InvalidConfig } from '../../src/core/errors.ts';
import { llmMaxValue } from './auction/llm-valuations.ts';

/** How the agents' private values and costs are drawn at each reset. */
export type MarketValuation = 'llm' | 'uniform';

/** All fields of the `DDAMarketEnv` configuration (every one optional when passed to the environment). */
export interface DDAMarketConfig {
  /**
   * `llm`: reasoning-path values and serving costs (docs/market.md#valuations-of-the-reasoning-path-market), price range `[0, llmMaxValue()]`;
   * `uniform`: values and costs uniform on `uniformRange`, which is also the price range.
   */
  valuation: MarketValuation;
  /** Buyers per auction. */
  buyers: number;
  /** Sellers per auction. */
  sellers: number;
  /** Price range of `uniform` markets (ignored by, and not allowed with, `llm`). */
  uniformRange: [number, number];
  /** Clock steps the agent chooses from, as fractions of the price range, strictly increasing. */
  stepFractions: number[];
  /** Reward charged per message (the opening announcements are charged on the first step). */
  messageCost: number;
  /** Reward charged per round (clock move made). */
  roundCost: number;
  /** Round cap: the episode is truncated after this many rounds and the market cleared on what was revealed. */
  maxRounds: number;
  /** `ansi` for a text rendering, or null. */
  renderMode: 'ansi' | null;
}

/** The defaults (the configuration of `DDAMarket-v0`). */
export const DEFAULT_MARKET_CONFIG: Readonly<DDAMarketConfig> = Object.freeze<DDAMarketConfig>({
  valuation: 'llm',
  buyers: 20,
  sellers: 20,
  uniformRange: [0, 100],
  stepFractions: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2],
  messageCost: 1e-5,
  roundCost: 0,
  maxRounds: 200,
  renderMode: null,
});

const nonNegative = { type: 'number', minimum: 0 } as const;

/** JSON Schema of the configuration (printed by `edgellm-gym schema DDAMarket-v0`). */
export const DDA_MARKET_CONFIG_SCHEMA = {
  $id: 'edgellm-gym/DDAMarketConfig',
  title: 'DDAMarket environment configuration',
  description: 'The learning auctioneer of the double Dutch auction (docs/market.md): one episode is one auction. Every field is optional.',
  type: 'object',
  additionalProperties: false,
  properties: {
    valuation: { enum: ['llm', 'uniform'], default: 'llm', description: 'How values and costs are drawn at reset.' },
    buyers: { type: 'integer', minimum: 1, maximum: 100000, default: 20, description: 'Buyers per auction.' },
    sellers: { type: 'integer', minimum: 1, maximum: 100000, default: 20, description: 'Sellers per auction.' },
    uniformRange: {
      type: 'array',
      items: { type: 'number', minimum: 0 },
      minItems: 2,
      maxItems: 2,
      default: [0, 100],
      description: 'Price range [P_min, P_max] of uniform markets; values and costs are uniform on it.',
    },
    stepFractions: {
      type: 'array',
      items: { type: 'number', minimum: 1e-6, maximum: 1 },
      minItems: 1,
      maxItems: 64,
      default: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2],
      description: 'Clock steps to choose from, as fractions of the price range, strictly increasing.',
    },
    messageCost: { ...nonNegative, default: 1e-5, description: 'Reward charged per message.' },
    roundCost: { ...nonNegative, default: 0, description: 'Reward charged per round.' },
    maxRounds: { type: 'integer', minimum: 1, maximum: 1000000, default: 200, description: 'Round cap (truncation).' },
    renderMode: { enum: ['ansi', null], default: null },
  },
} as const;

const validate = lazyValidator<Partial<DDAMarketConfig>>(DDA_MARKET_CONFIG_SCHEMA, 'DDAMarket config');

/** A validated configuration with the derived quantities. */
export interface ResolvedMarketConfig extends DDAMarketConfig {
  /** The public price range `[P_min, P_max]` of every auction. */
  range: readonly [number, number];
  /** The clock steps in price units (`stepFractions × (P_max − P_min)`). */
  stepSizes: readonly number[];
}

function fail(field: string, text: string): never {
  throw new InvalidConfig(`Invalid DDAMarket config: config.${field} ${text}.`, [`config.${field}`]);
}

/**
 * Validates a (partial) configuration, fills in the defaults and derives the price range and step sizes.
 *
 * @example
 * ```ts
 * const c = resolveMarketConfig({ valuation: 'uniform', stepFractions: [0.01, 0.1] });
 * c.range;     // [0, 100]
 * c.stepSizes; // [1, 10]
 * ```
 * @throws {InvalidConfig} naming each unknown, mistyped or out-of-range field.
 */
export function resolveMarketConfig(input: unknown = {}): ResolvedMarketConfig {
  const given = validate(input ?? {});
  const c: DDAMarketConfig = {
    ...DEFAULT_MARKET_CONFIG,
    ...given,
    uniformRange: [...(given.uniformRange ?? DEFAULT_MARKET_CONFIG.uniformRange)] as [number, number],
    stepFractions: [...(given.stepFractions ?? DEFAULT_MARKET_CONFIG.stepFractions)],
  };
  c.stepFractions.forEach((f, k) => {
    if (k > 0 && !(f > c.stepFractions[k - 1]!)) {
      fail(`stepFractions[${k}]`, `is ${f}, not above the previous step ${c.stepFractions[k - 1]}; list the steps strictly increasing, without repeats`);
    }
  });
  if (c.valuation === 'llm' && given.uniformRange !== undefined) {
    fail('uniformRange', "applies to valuation 'uniform' only (llm markets use [0, llmMaxValue()]); remove it or set valuation to 'uniform'");
  }
  const [lo, hi] = c.uniformRange;
  if (c.valuation === 'uniform' && !(hi > lo && Number.isFinite(hi))) {
    fail('uniformRange', `must be [P_min, P_max] with P_min < P_max; got [${lo}, ${hi}]`);
  }
  const range: readonly [number, number] = c.valuation === 'llm' ? [0, llmMaxValue()] : [lo, hi];
  const width = range[1] - range[0];
  return { ...c, range, stepSizes: c.stepFractions.map((f) => f * width) };
}
