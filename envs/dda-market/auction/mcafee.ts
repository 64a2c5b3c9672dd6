/**
 * McAfee's dominant-strategy double auction (single-unit), on direct reports.
 *
 * With K efficient pairs, let p = (b_(K+1) + s_(K+1)) / 2 from the first excluded bid and ask. If
 * s_(K) ≤ p ≤ b_(K), all K pairs trade at p; otherwise trade reduction: the top K−1 pairs trade, buyers
 * pay b_(K), sellers receive s_(K).
 *
 * A missing (K+1)-th report is handled in one of two ways: McAfee's convention here falls back to trade
 * reduction; the paper's t-DDA variant instead uses sentinels (bid 0, ask +∞).
 *
 * @module
 */
import { efficientUnits, sharedWorkspace, type Book } from './book.ts';
import { emptyAllocation, finishOutcome, type Allocation } from './outcome.ts';
import type { Market, MarketOutcome } from './types.ts';
import { checkAgents, requireSingleUnit } from './validate.ts';

/** How a missing (K+1)-th bid or ask is treated. */
export type MissingReport = 'trade-reduction' | 'sentinels';

/**
 * Applies McAfee's rule to a single-unit sorted book and writes into `alloc`. Returns the number of
 * trades.
 */
export function mcafeeRule(book: Book, alloc: Allocation, missing: MissingReport = 'trade-reduction'): number {
  const K = efficientUnits(book);
  if (K === 0) return 0;
  const bK = book.bRep[book.bOrder[K - 1]!]!;
  const sK = book.sRep[book.sOrder[K - 1]!]!;
  const hasB = K < book.bCount;
  const hasS = K < book.sCount;
  let p = Number.NaN;
  if (hasB && hasS) p = (book.bRep[book.bOrder[K]!]! + book.sRep[book.sOrder[K]!]!) / 2;
  else if (missing === 'sentinels') p = ((hasB ? book.bRep[book.bOrder[K]!]! : 0) + (hasS ? book.sRep[book.sOrder[K]!]! : Infinity)) / 2;
  let trades: number;
  let pay: number;
  let recv: number;
  if (sK <= p && p <= bK) {
    trades = K;
    pay = p;
    recv = p;
  } else {
    trades = K - 1;
    pay = bK;
    recv = sK;
  }
  for (let k = 0; k < trades; k++) {
    const b = book.bOrder[k]!;
    const s = book.sOrder[k]!;
    alloc.buyerUnits[b] = 1;
    alloc.buyerPays[b] = pay;
    alloc.sellerUnits[s] = 1;
    alloc.sellerReceives[s] = recv;
  }
  return trades;
}

/**
 * McAfee's double auction on the values and costs as sealed reports (single-unit markets only).
 *
 * @example
 * ```ts
 * const out = clearMcAfee({ buyers: [{ value: 9 }, { value: 4 }], sellers: [{ cost: 3 }, { cost: 8 }] });
 * out.trades;       // [{ buyer: 0, seller: 0, units: 1 }]
 * out.buyerPays[0]; // 6, and seller 0 receives 6
 * ```
 * @throws {MarketInputError} on bad input or a multi-unit market.
 */
export function clearMcAfee(market: Pick<Market, 'buyers' | 'sellers'>): MarketOutcome {
  const { buyers, sellers } = market;
  checkAgents(buyers, sellers);
  requireSingleUnit('mcafee', buyers, sellers);
  const book = sharedWorkspace.load(buyers, sellers);
  const alloc = emptyAllocation(buyers.length, sellers.length);
  mcafeeRule(book, alloc, 'trade-reduction');
  return finishOutcome('mcafee', buyers, sellers, alloc, book, 1, buyers.length + sellers.length, null);
}
