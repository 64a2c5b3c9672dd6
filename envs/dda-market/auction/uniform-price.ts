/**
 * Uniform-price clearing, the classic double Dutch rule: every efficient unit among the revealed reports
 * trades at one price, by default the midpoint of the final clocks. Individually rational and strongly
 * budget balanced, but not truthful (the last agent to accept moves the price).
 *
 * @module
 */
import { efficientUnits, type Book } from './book.ts';
import { allocateTopUnits } from './opt.ts';
import type { Allocation } from './outcome.ts';

/**
 * Trades the efficient units of the book at `price` per unit; the long side is served in report order
 * (ties by id). Returns the units traded.
 *
 * Individual rationality needs `price` between the last accepted ask and the last accepted bid, which
 * holds for any point of `[sellerClock, buyerClock]` after a clock phase.
 */
export function uniformPriceRule(book: Book, alloc: Allocation, price: number): number {
  const units = efficientUnits(book);
  if (units === 0) return 0;
  allocateTopUnits(book, units, alloc);
  for (let k = 0; k < book.bCount; k++) {
    const id = book.bOrder[k]!;
    const x = alloc.buyerUnits[id]!;
    if (x > 0) alloc.buyerPays[id] = price * x;
  }
  for (let k = 0; k < book.sCount; k++) {
    const id = book.sOrder[k]!;
    const y = alloc.sellerUnits[id]!;
    if (y > 0) alloc.sellerReceives[id] = price * y;
  }
  return units;
}
