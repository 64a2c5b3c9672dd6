/**
 * Baseline auctioneers of `DDAMarketEnv` and their catalogue entries.
 * @module
 */
import type { Agent } from '../../agent.ts';
import type { ImmediateAgentEntry } from '../../agent-entry.ts';
import { AdaptiveStepAuctioneer } from './adaptive-step.ts';
import { FixedStepAuctioneer } from './fixed-step.ts';

export { AdaptiveStepAuctioneer, FixedStepAuctioneer };
export { closestIndex, largestIndexAtMost, stepFractionsOf } from './step-set.ts';

/** `true` for the ids of the DDA market family. */
export const isDDAMarket = (envId: string): boolean => envId.startsWith('DDAMarket');

function auctioneer(name: string, description: string, create: () => Agent<Float32Array, number>): ImmediateAgentEntry {
  return { name, description, appliesTo: isDDAMarket, create, baseline: true };
}

/** The catalogue entries of the baseline auctioneers, in leaderboard order. */
export const DDA_MARKET_BASELINES: readonly ImmediateAgentEntry[] = [
  auctioneer(
    'small-step',
    'Auctioneer: fixed clock step of 0.5 % of the price range (fixed grid, many rounds).',
    () => new FixedStepAuctioneer('small-step', 0.005),
  ),
  auctioneer(
    'large-step',
    'Auctioneer: fixed clock step of 10 % of the price range (fixed grid, few rounds, coarse prices).',
    () => new FixedStepAuctioneer('large-step', 0.1),
  ),
  auctioneer(
    'adaptive-step',
    'Auctioneer: largest step ≤ a tenth of the gap between the clocks (big steps far apart, small near the crossing).',
    () => new AdaptiveStepAuctioneer(10),
  ),
];

/** The same entries by name. */
export const MARKET_BASELINES: Readonly<Record<string, ImmediateAgentEntry>> = Object.fromEntries(DDA_MARKET_BASELINES.map((e) => [e.name, e]));
