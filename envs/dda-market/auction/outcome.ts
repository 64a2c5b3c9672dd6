/**
 * Building {@link MarketOutcome}s: per-agent allocation arrays, pairing winners into trades, welfare and
 * budget.
 *
 * @module
 */
import type { Book } from './book.ts';
import type { Buyer, MarketOutcome, OutcomeSource, Seller, Trade } from './types.ts';

/** Per-agent units and money, filled in by a clearing rule. */
export interface Allocation {
  buyerUnits: number[];
  sellerUnits: number[];
  buyerPays: number[];
  sellerReceives: number[];
}

function zeros(n: number): number[] {
  const a = new Array<number>(n);
  for (let i = 0; i < n; i++) a[i] = 0;
  return a;
}

/** An allocation in which nobody trades. */
export function emptyAllocation(n: number, m: number): Allocation {
  return { buyerUnits: zeros(n), sellerUnits: zeros(m), buyerPays: zeros(n), sellerReceives: zeros(m) };
}

/**
 * Pairs winning buyers and sellers into trades: winners in book order (best report first), each buyer's
 * units filled from the sellers in turn.
 */
export function pairTrades(book: Book, alloc: Allocation): Trade[] {
  const trades: Trade[] = [];
  let j = 0;
  let sid = -1;
  let remS = 0;
  for (let i = 0; i < book.bCount; i++) {
    const bid = book.bOrder[i]!;
    let need = alloc.buyerUnits[bid]!;
    while (need > 0) {
      while (remS === 0) {
        if (j >= book.sCount) throw new Error('internal: buyers won more units than sellers sold');
        sid = book.sOrder[j++]!;
        remS = alloc.sellerUnits[sid]!;
      }
      const t = need < remS ? need : remS;
      trades.push({ buyer: bid, seller: sid, units: t });
      need -= t;
      remS -= t;
    }
  }
  return trades;
}

/**
 * Completes an outcome: trades (paired from the book unless given), welfare on the agents' values and
 * costs, and budget.
 */
export function finishOutcome(
  mechanism: OutcomeSource,
  buyers: readonly Buyer[],
  sellers: readonly Seller[],
  alloc: Allocation,
  book: Book | null,
  rounds: number,
  messages: number,
  finalClocks: { buyer: number; seller: number } | null,
  trades?: Trade[],
): MarketOutcome {
  let welfare = 0;
  let pays = 0;
  let recv = 0;
  for (let i = 0; i < buyers.length; i++) {
    const x = alloc.buyerUnits[i]!;
    if (x !== 0) welfare += buyers[i]!.value * x;
    pays += alloc.buyerPays[i]!;
  }
  for (let j = 0; j < sellers.length; j++) {
    const y = alloc.sellerUnits[j]!;
    if (y !== 0) welfare -= sellers[j]!.cost * y;
    recv += alloc.sellerReceives[j]!;
  }
  return {
    mechanism,
    trades: trades ?? (book ? pairTrades(book, alloc) : []),
    buyerUnits: alloc.buyerUnits,
    sellerUnits: alloc.sellerUnits,
    buyerPays: alloc.buyerPays,
    sellerReceives: alloc.sellerReceives,
    welfare,
    budget: pays - recv,
    rounds,
    messages,
    finalClocks,
  };
}
