/**
 * The paper's t-DDA variant: the clock phase, then McAfee's rule on the revealed reports with the paper's
 * sentinels for missing reports (bid 0, ask +∞). Single-unit only.
 *
 * With k* = min(accepted buyers, accepted sellers) and p = (b_(k*+1) + a_(k*+1)) / 2: if a_(k*) ≤ p ≤
 * b_(k*) all k* pairs trade at p, otherwise k*−1 pairs trade, buyers paying b_(k*) and sellers receiving
 * a_(k*). After an alternating clock phase the short side's (k*+1)-th report is never revealed, so p is
 * usually +∞ (or half the next ask) and the rule mostly falls back to trade reduction.
 *
 * @module
 */
import { sharedWorkspace } from './book.ts';
import { runClock } from './clock.ts';
import { finalClocksOf, type DdaOptions } from './dda.ts';
import { mcafeeRule } from './mcafee.ts';
import { emptyAllocation, finishOutcome } from './outcome.ts';
import type { Market, MarketOutcome } from './types.ts';
import { checkAgents, requireSingleUnit } from './validate.ts';

/**
 * The t-DDA clearing rule applied directly to sealed reports (the paper's worked examples).
 *
 * @example
 * ```ts
 * const out = tDdaOnReports({ buyers: [{ value: 10 }, { value: 8 }, { value: 4 }],
 *                             sellers: [{ cost: 2 }, { cost: 5 }, { cost: 9 }] });
 * out.buyerPays; // [6.5, 6.5, 0]
 * out.welfare;   // 11
 * ```
 * @throws {MarketInputError} on bad input or a multi-unit market.
 */
export function tDdaOnReports(market: Pick<Market, 'buyers' | 'sellers'>): MarketOutcome {
  const { buyers, sellers } = market;
  checkAgents(buyers, sellers);
  requireSingleUnit('t-dda', buyers, sellers);
  const book = sharedWorkspace.load(buyers, sellers);
  const alloc = emptyAllocation(buyers.length, sellers.length);
  mcafeeRule(book, alloc, 'sentinels');
  return finishOutcome('t-dda', buyers, sellers, alloc, book, 1, buyers.length + sellers.length, null);
}

/**
 * The t-DDA: clock phase, then McAfee's rule with sentinels on the revealed reports (single-unit only).
 *
 * @example
 * ```ts
 * const out = tDda({ buyers: [{ value: 10 }, { value: 8 }, { value: 6 }, { value: 3 }],
 *                    sellers: [{ cost: 2 }, { cost: 4 }, { cost: 7 }, { cost: 9 }], range: [0, 12] },
 *                  { step: 1 });
 * [out.buyerPays[0], out.sellerReceives[0]]; // [8, 4]: the unrevealed third ask is +∞, so trade reduction
 * ```
 * @throws {MarketInputError} on bad input or a multi-unit market.
 */
export function tDda(market: Market, options: DdaOptions): MarketOutcome {
  checkAgents(market.buyers, market.sellers);
  requireSingleUnit('t-dda', market.buyers, market.sellers);
  const r = runClock(market, options.step, options);
  const alloc = emptyAllocation(market.buyers.length, market.sellers.length);
  mcafeeRule(r.book, alloc, 'sentinels');
  return finishOutcome('t-dda', market.buyers, market.sellers, alloc, r.book, r.rounds, r.messages, finalClocksOf(r));
}
