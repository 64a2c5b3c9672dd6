/**
 * The registered double Dutch auction scenarios: named, versioned configurations (docs/model.md#5-workloads-and-scenarios).
 * @module
 */
import type { DDAMarketConfig } from './config.ts';

/** Scenario configurations by id. */
export const DDA_MARKET_SCENARIOS: Readonly<Record<string, { description: string; config: Partial<DDAMarketConfig> }>> = {
  'DDAMarket-v0': {
    description: 'Learning auctioneer of the double Dutch auction: 20 buyers (requests) and 20 sellers (edge servers) with reasoning-path values and costs.',
    config: { valuation: 'llm' },
  },
  'DDAMarket-Uniform-v0': {
    description: 'Learning auctioneer of the double Dutch auction: 20 buyers and 20 sellers with values and costs uniform on [0, 100].',
    config: { valuation: 'uniform' },
  },
};
