/**
 * The observation of `DDAMarketEnv`: the public state of the clock auction as a float32 vector. Nothing in
 * it depends on a value or cost except through the public acceptances.
 * @module
 */
import { Box } from '../../src/spaces/box.ts';
import type { ClockAuction } from './auction/clock-auction.ts';

/** Positions of the observation entries. */
export const OBS = Object.freeze({
  /** Buyer clock, `(B − P_min) / (P_max − P_min)`, falls from 1. */
  buyerClock: 0,
  /** Seller clock, `(S − P_min) / (P_max − P_min)`, rises from 0. */
  sellerClock: 1,
  /** Units accepted by buyers / units wanted by all buyers. */
  buyerAccepted: 2,
  /** Units accepted by sellers / units offered by all sellers. */
  sellerAccepted: 3,
  /** Rounds made / round cap. */
  round: 4,
  /** 1 when the buyer clock moves next, 0 when the seller clock does. */
  buyerMoves: 5,
  /** P_min, in price units (constant for a configuration). */
  priceMin: 6,
  /** P_max, in price units (constant for a configuration). */
  priceMax: 7,
});

/** Length of the observation vector. */
export const OBS_SIZE = 8;

/** The observation space for price range `range`: `[0, 1]` for the normalized entries, `[0, P_max]` for the range. */
export function marketObservationSpace(range: readonly [number, number]): Box<Float32Array> {
  const high = [1, 1, 1, 1, 1, 1, range[1], range[1]];
  return new Box(0, high, [OBS_SIZE], 'float32') as Box<Float32Array>;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * The observation of `auction`, a round cap of `maxRounds`, and `totalBuyerUnits` / `totalSellerUnits`
 * (all demands, all capacities: public, since quantities are declared).
 */
export function observe(auction: ClockAuction, maxRounds: number, totalBuyerUnits: number, totalSellerUnits: number): Float32Array {
  const [lo, hi] = auction.market.range;
  const width = hi - lo;
  const obs = new Float32Array(OBS_SIZE);
  obs[OBS.buyerClock] = clamp01((auction.buyerClock - lo) / width);
  obs[OBS.sellerClock] = clamp01((auction.sellerClock - lo) / width);
  obs[OBS.buyerAccepted] = totalBuyerUnits > 0 ? auction.acceptedBuyerUnits / totalBuyerUnits : 0;
  obs[OBS.sellerAccepted] = totalSellerUnits > 0 ? auction.acceptedSellerUnits / totalSellerUnits : 0;
  obs[OBS.round] = clamp01(auction.rounds / maxRounds);
  obs[OBS.buyerMoves] = auction.side === 'seller' ? 0 : 1;
  obs[OBS.priceMin] = lo;
  obs[OBS.priceMax] = hi;
  return obs;
}
