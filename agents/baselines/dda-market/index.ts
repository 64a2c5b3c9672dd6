/**
 * Baseline auctioneers of `DDAMarketEnv` and their factories by name.
 * @module
 */
import type { Agent, AgentContext } from '../../agent.ts';
import { AdaptiveStepAuctioneer } from './adaptive-step.ts';
import { FixedStepAuctioneer } from './fixed-step.ts';

export { AdaptiveStepAuctioneer, FixedStepAuctioneer };
export { closestIndex, largestIndexAtMost, stepFractionsOf } from './step-set.ts';

/** Factories and one-line descriptions of the market baselines, by name. */
export const MARKET_BASELINES: Readonly<Record<string, { description: string; create: (ctx: AgentContext) => Agent<Float32Array, number> }>> = {
  'small-step': {
    description: 'Auctioneer: fixed clock step of 0.5 % of the price range (fixed grid, many rounds).',
    create: () => new FixedStepAuctioneer('small-step', 0.005),
  },
  'large-step': {
    description: 'Auctioneer: fixed clock step of 10 % of the price range (fixed grid, few rounds, coarse prices).',
    create: () => new FixedStepAuctioneer('large-step', 0.1),
  },
  'adaptive-step': {
    description: 'Auctioneer: largest step ≤ a tenth of the gap between the clocks (big steps far apart, small near the crossing).',
    create: () => new AdaptiveStepAuctioneer(10),
  },
};
