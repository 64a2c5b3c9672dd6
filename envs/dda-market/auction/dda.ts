/**
 * The double Dutch auction: the clock phase followed by a clearing rule on the revealed reports —
 * trade reduction (`dda-tr`, the truthful default) or the uniform midpoint price (`dda-up`, classic).
 *
 * @module
 */
import { runClock, type ClockOptions, type ClockResult } from './clock.ts';
import { emptyAllocation, finishOutcome } from './outcome.ts';
import { tradeReductionRule } from './trade-reduction.ts';
import type { Market, MarketOutcome, Rationing, StepPolicy } from './types.ts';
import { uniformPriceRule } from './uniform-price.ts';

/** Options of the clock mechanisms. */
export interface DdaOptions extends ClockOptions {
  /** Constant clock step, or a step policy on public state. */
  step: number | StepPolicy;
  /** Rationing of the long side in multi-unit trade reduction (default `proportional`). */
  rationing?: Rationing;
}

/** Final clocks of a clock result, as stored in outcomes. */
export function finalClocksOf(r: ClockResult): { buyer: number; seller: number } {
  return { buyer: r.buyerClock, seller: r.sellerClock };
}

/**
 * The truthful DDA: clock phase, then agent-level trade reduction on the revealed reports. Single-unit:
 * with k = min(accepted buyers, accepted sellers), the top k−1 pairs trade, buyers pay the k-th bid and
 * sellers receive the k-th ask. Dominant-strategy truthful when the price grid is fixed before the auction.
 *
 * @example
 * ```ts
 * const out = ddaTradeReduction(
 *   { buyers: [{ value: 10 }, { value: 8 }, { value: 6 }, { value: 3 }],
 *     sellers: [{ cost: 2 }, { cost: 4 }, { cost: 7 }, { cost: 9 }], range: [0, 12] },
 *   { step: 1 },
 * );
 * out.trades;                               // [{ buyer: 0, seller: 0, units: 1 }]
 * [out.buyerPays[0], out.sellerReceives[0]]; // [8, 4]
 * [out.welfare, out.budget, out.rounds];     // [8, 4, 12]
 * ```
 * @throws {MarketInputError} on bad input.
 */
export function ddaTradeReduction(market: Market, options: DdaOptions): MarketOutcome {
  return clockTradeReduction(market, runClock(market, options.step, options), options.rationing);
}

/**
 * The truthful DDA's clearing step on a finished clock phase: agent-level trade reduction on the revealed
 * reports of `r`, which must come from a clock auction of `market` (run with `runClock` or stepped with a
 * `ClockAuction`).
 *
 * @example
 * ```ts
 * const market = { buyers: [{ value: 10 }, { value: 8 }], sellers: [{ cost: 2 }, { cost: 4 }], range: [0, 12] as const };
 * clockTradeReduction(market, runClock(market, 1)).welfare; // 8: buyer 0 and seller 0 trade
 * ```
 */
export function clockTradeReduction(market: Market, r: ClockResult, rationing?: Rationing): MarketOutcome {
  const alloc = emptyAllocation(market.buyers.length, market.sellers.length);
  tradeReductionRule(r.book, alloc, rationing);
  return finishOutcome('dda-tr', market.buyers, market.sellers, alloc, r.book, r.rounds, r.messages, finalClocksOf(r));
}

/**
 * The classic double Dutch auction: clock phase, then every accepted unit that can be matched trades at
 * the midpoint of the final clocks. Individually rational and budget balanced, not truthful.
 *
 * @example
 * ```ts
 * const out = ddaUniformPrice({ buyers: [{ value: 10 }], sellers: [{ cost: 2 }], range: [0, 12] }, { step: 1 });
 * [out.buyerPays[0], out.sellerReceives[0], out.rounds]; // [2, 2, 12]
 * ```
 * @throws {MarketInputError} on bad input.
 */
export function ddaUniformPrice(market: Market, options: DdaOptions): MarketOutcome {
  const r = runClock(market, options.step, options);
  const alloc = emptyAllocation(market.buyers.length, market.sellers.length);
  uniformPriceRule(r.book, alloc, (r.buyerClock + r.sellerClock) / 2);
  return finishOutcome('dda-up', market.buyers, market.sellers, alloc, r.book, r.rounds, r.messages, finalClocksOf(r));
}
