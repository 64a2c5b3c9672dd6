/**
 * The auctioneer's action set as announced by `DDAMarketEnv.reset`: the step fractions in `info`, and
 * how the baselines pick an index from them.
 * @module
 */
import type { Info } from '../../../src/core/env.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';

/**
 * The step fractions of the episode, read from the reset `info.stepFractions` (strictly increasing).
 *
 * @example
 * ```ts
 * const [, info] = new DDAMarketEnv().reset({ seed: 1 });
 * stepFractionsOf(info); // [0.005, 0.01, 0.02, 0.05, 0.1, 0.2]
 * ```
 * @throws {InvalidArgument} when the info does not carry a non-empty array of positive numbers.
 */
export function stepFractionsOf(info: Info): number[] {
  const f = info.stepFractions;
  if (!Array.isArray(f) || f.length === 0 || !f.every((x) => typeof x === 'number' && x > 0)) {
    throw new InvalidArgument(
      `The market auctioneers need the reset info.stepFractions of DDAMarketEnv (a non-empty array of positive numbers); got ${JSON.stringify(f)}. ` +
        'Run them on a DDAMarket environment and pass the reset info to agent.reset(obs, info).',
    );
  }
  return f as number[];
}

/**
 * The index of the fraction closest to `target` (the smaller one on a tie).
 *
 * @example
 * ```ts
 * closestIndex([0.005, 0.01, 0.02, 0.05, 0.1, 0.2], 0.1);  // 4
 * closestIndex([0.005, 0.01, 0.02, 0.05, 0.1, 0.2], 0.15); // 4 (tie between 0.1 and 0.2)
 * ```
 */
export function closestIndex(fractions: readonly number[], target: number): number {
  let best = 0;
  for (let k = 1; k < fractions.length; k++) {
    if (Math.abs(fractions[k]! - target) < Math.abs(fractions[best]! - target)) best = k;
  }
  return best;
}

/**
 * The index of the largest fraction at most `limit`, or 0 (the smallest step) when none is.
 * `fractions` must be increasing.
 *
 * @example
 * ```ts
 * largestIndexAtMost([0.005, 0.01, 0.02, 0.05, 0.1, 0.2], 0.03);  // 2 (0.02)
 * largestIndexAtMost([0.005, 0.01, 0.02, 0.05, 0.1, 0.2], 0.001); // 0
 * ```
 */
export function largestIndexAtMost(fractions: readonly number[], limit: number): number {
  let best = 0;
  for (let k = 1; k < fractions.length; k++) if (fractions[k]! <= limit) best = k;
  return best;
}
