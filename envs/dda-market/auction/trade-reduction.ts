/**
 * Trade reduction (the truthful DDA's clearing rule), agent level so that it also clears multi-unit
 * markets.
 *
 * With Q the efficient number of units on the reports, the marginal buyer is the first buyer in report
 * order whose cumulative demand reaches Q, the marginal seller likewise. Both are dropped whole; the buyers
 * ranked above the marginal buyer pay its report per unit, the sellers ranked above the marginal seller
 * receive its report per unit, and the longer of the two groups is rationed by a rule that ignores
 * reports. In a single-unit market this is the classic rule: with k efficient pairs, the top k−1 pairs
 * trade, buyers pay the k-th bid and sellers receive the k-th ask.
 *
 * @module
 */
import { efficientUnits, sharedWorkspace, type Book } from './book.ts';
import { ration } from './multi-unit.ts';
import { emptyAllocation, finishOutcome, type Allocation } from './outcome.ts';
import type { Market, MarketOutcome, Rationing } from './types.ts';
import { checkAgents } from './validate.ts';

/** What trade reduction decided, besides the allocation. */
export interface TradeReductionSummary {
  /** Efficient units on the reports. */
  readonly efficientUnits: number;
  /** Ids of the marginal buyer and seller (-1 when nothing is efficient). */
  readonly marginalBuyer: number;
  readonly marginalSeller: number;
  /** Per-unit prices (NaN when nothing is efficient). */
  readonly buyerPrice: number;
  readonly sellerPrice: number;
}

/** A {@link TradeReductionSummary} that a caller reuses (see {@link tradeReductionRule}'s `into`). */
export type MutableTradeReductionSummary = { -readonly [K in keyof TradeReductionSummary]: TradeReductionSummary[K] };

/**
 * Applies agent-level trade reduction to a sorted book and writes units and money into `alloc`.
 * Returns the marginal agents (as ids) and prices: in `into` when given (nothing is allocated then unless
 * a side is rationed among more than 64 agents), else in a new object.
 */
export function tradeReductionRule(book: Book, alloc: Allocation, rationing: Rationing = 'proportional', into?: MutableTradeReductionSummary): TradeReductionSummary {
  const Q = efficientUnits(book);
  if (Q === 0) {
    if (into === undefined) return { efficientUnits: 0, marginalBuyer: -1, marginalSeller: -1, buyerPrice: Number.NaN, sellerPrice: Number.NaN };
    into.efficientUnits = 0;
    into.marginalBuyer = -1;
    into.marginalSeller = -1;
    into.buyerPrice = Number.NaN;
    into.sellerPrice = Number.NaN;
    return into;
  }
  // Marginal buyer: the first in report order whose cumulative demand reaches Q; unitsB counts the units of
  // the buyers before it. Likewise for sellers.
  let mb = 0;
  let cum = 0;
  for (; mb < book.bCount; mb++) {
    const q = book.bQty[book.bOrder[mb]!]!;
    if (cum + q >= Q) break;
    cum += q;
  }
  const unitsB = cum;
  let ms = 0;
  cum = 0;
  for (; ms < book.sCount; ms++) {
    const q = book.sQty[book.sOrder[ms]!]!;
    if (cum + q >= Q) break;
    cum += q;
  }
  const unitsS = cum;
  const mbId = book.bOrder[mb]!;
  const msId = book.sOrder[ms]!;
  const pB = book.bRep[mbId]!;
  const pS = book.sRep[msId]!;
  const q = unitsB < unitsS ? unitsB : unitsS;
  if (q > 0) {
    if (unitsB === q) for (let k = 0; k < mb; k++) alloc.buyerUnits[book.bOrder[k]!] = book.bQty[book.bOrder[k]!]!;
    else ration(book.bOrder, 0, mb, book.bQty, q, alloc.buyerUnits, rationing);
    if (unitsS === q) for (let k = 0; k < ms; k++) alloc.sellerUnits[book.sOrder[k]!] = book.sQty[book.sOrder[k]!]!;
    else ration(book.sOrder, 0, ms, book.sQty, q, alloc.sellerUnits, rationing);
    for (let k = 0; k < mb; k++) {
      const id = book.bOrder[k]!;
      alloc.buyerPays[id] = pB * alloc.buyerUnits[id]!;
    }
    for (let k = 0; k < ms; k++) {
      const id = book.sOrder[k]!;
      alloc.sellerReceives[id] = pS * alloc.sellerUnits[id]!;
    }
  }
  if (into === undefined) return { efficientUnits: Q, marginalBuyer: mbId, marginalSeller: msId, buyerPrice: pB, sellerPrice: pS };
  into.efficientUnits = Q;
  into.marginalBuyer = mbId;
  into.marginalSeller = msId;
  into.buyerPrice = pB;
  into.sellerPrice = pS;
  return into;
}

/**
 * Direct (sealed-bid) trade reduction on the values and costs as reports. The clock DDA with trade
 * reduction gives the same outcome on the clock-quantized reports.
 *
 * @example
 * ```ts
 * const out = clearTradeReduction({
 *   buyers: [{ value: 10 }, { value: 8 }, { value: 6 }, { value: 3 }],
 *   sellers: [{ cost: 2 }, { cost: 4 }, { cost: 7 }, { cost: 9 }],
 * });
 * out.trades;   // [{ buyer: 0, seller: 0, units: 1 }]
 * out.buyerPays[0]; out.sellerReceives[0]; // 8, 4
 * ```
 * @throws {MarketInputError} on bad values, costs or quantities.
 */
export function clearTradeReduction(
  market: Pick<Market, 'buyers' | 'sellers'>,
  options: { rationing?: Rationing } = {},
): MarketOutcome {
  const { buyers, sellers } = market;
  checkAgents(buyers, sellers);
  const book = sharedWorkspace.load(buyers, sellers);
  const alloc = emptyAllocation(buyers.length, sellers.length);
  tradeReductionRule(book, alloc, options.rationing);
  return finishOutcome('tr', buyers, sellers, alloc, book, 1, buyers.length + sellers.length, null);
}
