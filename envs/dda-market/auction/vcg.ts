/**
 * The VCG double auction: the efficient allocation, each winner paying (or receiving) so that its utility
 * equals its marginal contribution to welfare. Truthful and efficient; the auctioneer runs a deficit.
 *
 * Single-unit markets use the closed form (buyers pay max(s_(K), b_(K+1)), sellers receive
 * min(b_(K), s_(K+1))); multi-unit markets compute each winner's externality with OPT recomputed without it.
 *
 * @module
 */
import { efficientUnits, sharedWorkspace, type Book } from './book.ts';
import { allocateTopUnits, bookWelfareWithout } from './opt.ts';
import { emptyAllocation, finishOutcome, type Allocation } from './outcome.ts';
import type { Market, MarketOutcome } from './types.ts';
import { checkAgents, isSingleUnit } from './validate.ts';

/** VCG on a single-unit book by the closed-form prices. Returns the number of trades. */
export function vcgRuleSingleUnit(book: Book, alloc: Allocation): number {
  const K = efficientUnits(book);
  if (K === 0) return 0;
  const bK = book.bRep[book.bOrder[K - 1]!]!;
  const sK = book.sRep[book.sOrder[K - 1]!]!;
  const bNext = K < book.bCount ? book.bRep[book.bOrder[K]!]! : -Infinity;
  const sNext = K < book.sCount ? book.sRep[book.sOrder[K]!]! : Infinity;
  const pay = sK > bNext ? sK : bNext;
  const recv = bK < sNext ? bK : sNext;
  for (let k = 0; k < K; k++) {
    const b = book.bOrder[k]!;
    const s = book.sOrder[k]!;
    alloc.buyerUnits[b] = 1;
    alloc.buyerPays[b] = pay;
    alloc.sellerUnits[s] = 1;
    alloc.sellerReceives[s] = recv;
  }
  return K;
}

/**
 * VCG on any book: efficient allocation; buyer i pays v_i·x_i − (OPT − OPT without i), seller j receives
 * c_j·y_j + (OPT − OPT without j). Returns the units traded.
 */
export function vcgRuleGeneral(book: Book, alloc: Allocation): number {
  const units = efficientUnits(book);
  if (units === 0) return 0;
  allocateTopUnits(book, units, alloc);
  const opt = bookWelfareWithout(book, -1, -1);
  for (let k = 0; k < book.bCount; k++) {
    const id = book.bOrder[k]!;
    const x = alloc.buyerUnits[id]!;
    if (x === 0) break;
    alloc.buyerPays[id] = book.bRep[id]! * x - (opt - bookWelfareWithout(book, id, -1));
  }
  for (let k = 0; k < book.sCount; k++) {
    const id = book.sOrder[k]!;
    const y = alloc.sellerUnits[id]!;
    if (y === 0) break;
    alloc.sellerReceives[id] = book.sRep[id]! * y + (opt - bookWelfareWithout(book, -1, id));
  }
  return units;
}

/**
 * The VCG double auction on the values and costs as sealed reports (single- or multi-unit).
 *
 * @example
 * ```ts
 * const out = clearVcg({
 *   buyers: [{ value: 10 }, { value: 8 }, { value: 6 }, { value: 3 }],
 *   sellers: [{ cost: 2 }, { cost: 4 }, { cost: 7 }, { cost: 9 }],
 * });
 * out.buyerPays;      // [6, 6, 0, 0]
 * out.sellerReceives; // [7, 7, 0, 0]
 * out.budget;         // -2
 * ```
 * @throws {MarketInputError} on bad values, costs or quantities.
 */
export function clearVcg(market: Pick<Market, 'buyers' | 'sellers'>): MarketOutcome {
  const { buyers, sellers } = market;
  checkAgents(buyers, sellers);
  const book = sharedWorkspace.load(buyers, sellers);
  const alloc = emptyAllocation(buyers.length, sellers.length);
  if (isSingleUnit(buyers, sellers)) vcgRuleSingleUnit(book, alloc);
  else vcgRuleGeneral(book, alloc);
  return finishOutcome('vcg', buyers, sellers, alloc, book, 1, buyers.length + sellers.length, null);
}
