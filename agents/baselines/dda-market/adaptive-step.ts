/**
 * The adaptive auctioneer: big steps while the clocks are far apart, small ones near the crossing.
 * @module
 */
import type { Info } from '../../../src/core/env.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import { OBS } from '../../../envs/dda-market/observation.ts';
import type { Agent } from '../../agent.ts';
import { largestIndexAtMost, stepFractionsOf } from './step-set.ts';

/**
 * Each round takes the largest available step that is at most `1 / divisor` of the gap between the clocks
 * (both as fractions of the price range), and the smallest step once none is. With the default steps
 * {0.5, 1, 2, 5, 10, 20} % and divisor 10: 10 % on the first move, 5 % while the gap is at least half the
 * range, then 2 %, 1 %, and 0.5 % once the gap is below a tenth of the range.
 *
 * The gap depends on which clock moved, hence on acceptances, so this policy does not fix the price grid
 * in advance and truthful acceptance is not a dominant strategy under it (see `docs/market.md`).
 *
 * @example
 * ```ts
 * const env = new DDAMarketEnv();
 * const [obs, info] = env.reset({ seed: 10000 });
 * const agent = new AdaptiveStepAuctioneer();
 * agent.reset(obs, info);   // reads info.stepFractions
 * agent.act(obs, info);     // 4 (10 %) when the clocks are at the ends of the range
 * ```
 */
export class AdaptiveStepAuctioneer implements Agent<Float32Array, number> {
  readonly name: string;
  /** The step is at most the gap divided by this. */
  readonly divisor: number;
  private fractions: number[] | null = null;

  /**
   * @param divisor step ≤ gap / divisor (default 10).
   * @param name name in result tables (default `adaptive-step`).
   * @throws {InvalidArgument} unless `divisor` is a finite number > 0.
   */
  constructor(divisor = 10, name = 'adaptive-step') {
    if (!(divisor > 0 && Number.isFinite(divisor))) {
      throw new InvalidArgument(`AdaptiveStepAuctioneer divisor must be a finite number > 0; got ${divisor}.`);
    }
    this.divisor = divisor;
    this.name = name;
  }

  /** Reads the episode's step fractions. */
  reset(_obs: Float32Array, info: Info): void {
    this.fractions = stepFractionsOf(info);
  }

  /** The largest step at most gap / divisor (the smallest when none is). */
  act(obs: Float32Array, _info: Info): number {
    if (this.fractions === null) throw new InvalidArgument(`${this.name}: call reset(obs, info) with the reset info before act().`);
    const gap = obs[OBS.buyerClock]! - obs[OBS.sellerClock]!;
    return largestIndexAtMost(this.fractions, gap / this.divisor);
  }
}
