/**
 * The iterative double auction (IDA) baseline.
 *
 * Buyers start bidding at P_min and sellers asking at P_max (a buyer never bids above its value, a seller
 * never asks below its cost). Rounds alternate between the sides, buyers first: in its round every
 * unmatched trader of the moving side improves its quote by the fixed step, up to its value or cost. If the
 * side whose turn it is can no longer move, the other side moves. After each round, while the highest bid
 * is at least the lowest ask (ties to the smaller id), that pair trades as many units as both still have at
 * the midpoint of the two quotes, and a trader with nothing left leaves. The auction ends when the round
 * budget is used up or no quote can move.
 *
 * Messages: every trader sends its opening quote (n + m); each round every unmatched trader of the moving
 * side sends its new quote and the auctioneer broadcasts the best bid and ask to every unmatched trader;
 * each trade sends one notice to each of its two traders.
 *
 * @module
 */
import { emptyAllocation, finishOutcome } from './outcome.ts';
import type { Market, MarketOutcome, Trade } from './types.ts';
import { MarketInputError } from './errors.ts';
import { checkAgents, checkRange, checkStep } from './validate.ts';

/** Options of {@link clearIda}. */
export interface IdaOptions {
  /** Quote improvement per move (> 0). */
  step: number;
  /**
   * Round budget. Default `2·⌈(P_max − P_min)/step⌉`: enough for every quote to cross the whole range, so by
   * default the auction ends when no quote can move.
   */
  maxRounds?: number;
}

/**
 * The default IDA round budget for a range and step: `2·⌈(P_max − P_min)/step⌉`.
 */
export function defaultIdaRounds(range: readonly [number, number], step: number): number {
  return 2 * Math.ceil((range[1] - range[0]) / step - 1e-9);
}

/**
 * Runs the iterative double auction with truthful quote bounds.
 *
 * @example
 * ```ts
 * const out = clearIda({ buyers: [{ value: 10 }], sellers: [{ cost: 2 }], range: [0, 12] }, { step: 1 });
 * out.trades;   // [{ buyer: 0, seller: 0, units: 1, price: 6 }]
 * out.rounds;   // 12 (bids reach 6 after six buyer rounds, asks 6 after six seller rounds)
 * ```
 * @throws {MarketInputError} on bad input.
 */
export function clearIda(market: Market, options: IdaOptions): MarketOutcome {
  const { buyers, sellers, range } = market;
  checkAgents(buyers, sellers);
  checkRange(range, buyers, sellers);
  const step = checkStep(options.step);
  const budget = options.maxRounds ?? defaultIdaRounds(range, step);
  if (!Number.isSafeInteger(budget) || budget < 0) {
    throw new MarketInputError('maxRounds', `must be a non-negative integer, got ${String(budget)}`, 'pass a round budget such as 200');
  }
  const n = buyers.length;
  const m = sellers.length;
  const v = new Float64Array(n);
  const c = new Float64Array(m);
  const bid = new Float64Array(n);
  const ask = new Float64Array(m);
  const remB = new Int32Array(n);
  const remS = new Int32Array(m);
  let activeB = 0;
  let activeS = 0;
  for (let i = 0; i < n; i++) {
    v[i] = buyers[i]!.value;
    bid[i] = Math.min(range[0], v[i]!);
    remB[i] = buyers[i]!.demand ?? 1;
    activeB++;
  }
  for (let j = 0; j < m; j++) {
    c[j] = sellers[j]!.cost;
    ask[j] = Math.max(range[1], c[j]!);
    remS[j] = sellers[j]!.capacity ?? 1;
    activeS++;
  }
  const alloc = emptyAllocation(n, m);
  const trades: Trade[] = [];
  let messages = n + m;
  let rounds = 0;

  const match = (): void => {
    for (;;) {
      let bi = -1;
      for (let i = 0; i < n; i++) if (remB[i]! > 0 && (bi < 0 || bid[i]! > bid[bi]!)) bi = i;
      let sj = -1;
      for (let j = 0; j < m; j++) if (remS[j]! > 0 && (sj < 0 || ask[j]! < ask[sj]!)) sj = j;
      if (bi < 0 || sj < 0 || bid[bi]! < ask[sj]!) return;
      const units = Math.min(remB[bi]!, remS[sj]!);
      const price = (bid[bi]! + ask[sj]!) / 2;
      trades.push({ buyer: bi, seller: sj, units, price });
      alloc.buyerUnits[bi] = alloc.buyerUnits[bi]! + units;
      alloc.sellerUnits[sj] = alloc.sellerUnits[sj]! + units;
      alloc.buyerPays[bi] = alloc.buyerPays[bi]! + price * units;
      alloc.sellerReceives[sj] = alloc.sellerReceives[sj]! + price * units;
      remB[bi] = remB[bi]! - units;
      remS[sj] = remS[sj]! - units;
      if (remB[bi] === 0) activeB--;
      if (remS[sj] === 0) activeS--;
      messages += 2;
    }
  };

  match();
  while (rounds < budget && activeB > 0 && activeS > 0) {
    let canB = false;
    for (let i = 0; i < n && !canB; i++) if (remB[i]! > 0 && bid[i]! < v[i]!) canB = true;
    let canS = false;
    for (let j = 0; j < m && !canS; j++) if (remS[j]! > 0 && ask[j]! > c[j]!) canS = true;
    if (!canB && !canS) break;
    const buyersTurn = rounds % 2 === 0 ? canB : !canS;
    rounds++;
    if (buyersTurn) {
      for (let i = 0; i < n; i++) {
        if (remB[i]! > 0) {
          const nb = bid[i]! + step;
          bid[i] = nb < v[i]! ? nb : v[i]!;
        }
      }
      messages += activeB;
    } else {
      for (let j = 0; j < m; j++) {
        if (remS[j]! > 0) {
          const na = ask[j]! - step;
          ask[j] = na > c[j]! ? na : c[j]!;
        }
      }
      messages += activeS;
    }
    messages += activeB + activeS;
    match();
  }
  return finishOutcome('ida', buyers, sellers, alloc, null, rounds, messages, null, trades);
}
