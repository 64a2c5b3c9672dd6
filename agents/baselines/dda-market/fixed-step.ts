/**
 * The fixed-step auctioneer: the same clock step every round, a price grid fixed before the auction.
 * @module
 */
import type { Info } from '../../../src/core/env.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import type { Agent } from '../../agent.ts';
import { closestIndex, stepFractionsOf } from './step-set.ts';

/**
 * Moves the clocks by the available step closest to `fraction` of the price range every round. The grid
 * of each clock is fixed before the auction, so the truthful DDA keeps its dominant-strategy truthfulness;
 * a small step wastes rounds and messages, a large one loses welfare to coarse reports.
 *
 * @example
 * ```ts
 * const env = make('DDAMarket-v0');
 * const agent = new FixedStepAuctioneer('small-step', 0.005);
 * const [obs, info] = env.reset({ seed: 10000 });
 * agent.reset(obs, info);
 * env.step(agent.act(obs, info)); // index 0: 0.5 % of the range
 * ```
 */
export class FixedStepAuctioneer implements Agent<Float32Array, number> {
  readonly name: string;
  /** The wanted step, as a fraction of the price range. */
  readonly fraction: number;
  private index = -1;

  /**
   * @param name name in result tables.
   * @param fraction wanted step as a fraction of the price range (the closest available one is used).
   * @throws {InvalidArgument} unless `fraction` is a finite number > 0.
   */
  constructor(name: string, fraction: number) {
    if (!(fraction > 0 && Number.isFinite(fraction))) {
      throw new InvalidArgument(`FixedStepAuctioneer fraction must be a finite number > 0 (e.g. 0.01 for 1 %); got ${fraction}.`);
    }
    this.name = name;
    this.fraction = fraction;
  }

  /** Picks the step index from the episode's step fractions. */
  reset(_obs: Float32Array, info: Info): void {
    this.index = closestIndex(stepFractionsOf(info), this.fraction);
  }

  /** The same index every round. */
  act(_obs: Float32Array, _info: Info): number {
    if (this.index < 0) throw new InvalidArgument(`${this.name}: call reset(obs, info) with the reset info before act().`);
    return this.index;
  }
}
