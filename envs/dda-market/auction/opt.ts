/**
 * The efficient-welfare oracle OPT: sort both sides and trade unit by unit while the value is at least the
 * cost. It is a benchmark, not a mechanism: it moves no money.
 *
 * @module
 */
import { efficientUnits, sharedWorkspace, type Book } from './book.ts';
import { emptyAllocation, finishOutcome, type Allocation } from './outcome.ts';
import type { Buyer, Market, MarketOutcome, Seller } from './types.ts';
import { checkAgents } from './validate.ts';

/**
 * Gives the first `units` units of the sorted book to the best-ranked buyers and sellers (highest bids,
 * lowest asks, ties by id). Used by OPT, VCG and the uniform-price rule.
 */
export function allocateTopUnits(book: Book, units: number, alloc: Allocation): void {
  let left = units;
  for (let i = 0; i < book.bCount && left > 0; i++) {
    const id = book.bOrder[i]!;
    const q = book.bQty[id]!;
    const x = q < left ? q : left;
    alloc.buyerUnits[id] = x;
    left -= x;
  }
  left = units;
  for (let j = 0; j < book.sCount && left > 0; j++) {
    const id = book.sOrder[j]!;
    const q = book.sQty[id]!;
    const y = q < left ? q : left;
    alloc.sellerUnits[id] = y;
    left -= y;
  }
}

/**
 * Efficient gain from trade on the book's reports, leaving out one buyer and/or one seller (pass -1 to
 * keep everyone). Linear in the book size; VCG uses it for each winner's externality.
 */
export function bookWelfareWithout(book: Book, skipBuyer: number, skipSeller: number): number {
  let i = 0;
  let j = 0;
  const nb = book.bCount;
  const ns = book.sCount;
  while (i < nb && book.bOrder[i] === skipBuyer) i++;
  while (j < ns && book.sOrder[j] === skipSeller) j++;
  let remB = i < nb ? book.bQty[book.bOrder[i]!]! : 0;
  let remS = j < ns ? book.sQty[book.sOrder[j]!]! : 0;
  let w = 0;
  while (i < nb && j < ns) {
    const b = book.bRep[book.bOrder[i]!]!;
    const s = book.sRep[book.sOrder[j]!]!;
    if (b < s) break;
    const t = remB < remS ? remB : remS;
    w += (b - s) * t;
    remB -= t;
    remS -= t;
    if (remB === 0) {
      i++;
      while (i < nb && book.bOrder[i] === skipBuyer) i++;
      if (i < nb) remB = book.bQty[book.bOrder[i]!]!;
    }
    if (remS === 0) {
      j++;
      while (j < ns && book.sOrder[j] === skipSeller) j++;
      if (j < ns) remS = book.sQty[book.sOrder[j]!]!;
    }
  }
  return w;
}

/**
 * The efficient welfare OPT and the number of units traded in it.
 *
 * @example
 * ```ts
 * optWelfare([{ value: 10 }, { value: 8 }, { value: 6 }, { value: 3 }],
 *            [{ cost: 2 }, { cost: 4 }, { cost: 7 }, { cost: 9 }]); // { welfare: 12, units: 2 }
 * ```
 * @throws {MarketInputError} on bad values, costs or quantities.
 */
export function optWelfare(buyers: readonly Buyer[], sellers: readonly Seller[]): { welfare: number; units: number } {
  checkAgents(buyers, sellers);
  const book = sharedWorkspace.load(buyers, sellers);
  return { welfare: bookWelfareWithout(book, -1, -1), units: efficientUnits(book) };
}

/**
 * The efficient allocation as an outcome (no payments, budget 0, rounds 1, one report message per agent).
 * Not a mechanism: sellers receive nothing, so individual rationality does not apply.
 *
 * @example
 * ```ts
 * clearOpt({ buyers: [{ value: 10 }], sellers: [{ cost: 2 }] }).welfare; // 8
 * ```
 */
export function clearOpt(market: Pick<Market, 'buyers' | 'sellers'>): MarketOutcome {
  const { buyers, sellers } = market;
  checkAgents(buyers, sellers);
  const book = sharedWorkspace.load(buyers, sellers);
  const alloc = emptyAllocation(buyers.length, sellers.length);
  allocateTopUnits(book, efficientUnits(book), alloc);
  return finishOutcome('opt', buyers, sellers, alloc, book, 1, buyers.length + sellers.length, null);
}
