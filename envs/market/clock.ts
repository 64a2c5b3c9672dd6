/**
 * The clock phase of the double Dutch auction.
 *
 * The buyer clock starts at P_max and only falls; the seller clock starts at P_min and only rises. A buyer
 * accepts at the first buyer-clock price at or below its value, a seller at the first seller-clock price at
 * or above its cost, and that price becomes its report. In the default `alternate` mode each round moves
 * one clock — the buyer clock when accepted buyer units ≤ accepted seller units, otherwise the seller
 * clock — by the step the auctioneer's policy picks from public state. A move that would take the buyer
 * clock below the seller clock is not made, and the auction ends. In `simultaneous` mode both clocks move
 * every round and the auction ends when a move would make them cross.
 *
 * Prices are floating-point numbers: a move that would cross the other clock by less than 1e-9 of the
 * range width is treated as meeting it (exact arithmetic would land on it), so that a step of, say, 1 % of
 * the range gives exactly 100 rounds.
 *
 * Messages: at the start both prices go to every agent (n + m messages); each round the new price goes to
 * every agent on the moving side(s) that has not accepted yet; each acceptance is one message back.
 *
 * @module
 */
import type { Book } from './book.ts';
import { MarketInputError } from './errors.ts';
import { sortIds } from './sort.ts';
import type { ClockMode, Market, PublicClockState, StepPolicy } from './types.ts';
import { checkAgents, checkRange, checkStep } from './validate.ts';

/** Options of {@link runClock}. */
export interface ClockOptions {
  /** `alternate` (default): one clock per round, the short side's. `simultaneous`: both clocks each round. */
  mode?: ClockMode;
  /** Safety cap on rounds (default 1,000,000); exceeding it throws, since the phase would be cut short. */
  maxRounds?: number;
  /** Record every price each clock took (starting prices included) in `buyerPath` / `sellerPath`. */
  recordPath?: boolean;
}

/** What the clock phase revealed. */
export interface ClockResult {
  /** Revealed agents sorted by (report, id), ready for a clearing rule; reports of others are NaN. */
  readonly book: Book;
  /** Report (acceptance price) of each buyer by id, NaN if it never accepted. */
  readonly buyerReports: Float64Array;
  /** Report (acceptance price) of each seller by id, NaN if it never accepted. */
  readonly sellerReports: Float64Array;
  /** Units accepted by buyers and by sellers at the end. */
  readonly acceptedBuyerUnits: number;
  readonly acceptedSellerUnits: number;
  /** Clock moves made. */
  readonly rounds: number;
  /** Messages, counted as in the module comment. */
  readonly messages: number;
  /** Final clock prices; `sellerClock ≤ buyerClock` always. */
  readonly buyerClock: number;
  readonly sellerClock: number;
  /** Prices the buyer / seller clock took, when `recordPath` was set. */
  readonly buyerPath?: number[];
  readonly sellerPath?: number[];
}

const DEFAULT_MAX_ROUNDS = 1_000_000;

/**
 * A step policy that always returns `step` (a fixed price grid, chosen before the auction).
 *
 * @throws {MarketInputError} (`step`) unless `step` is a finite number > 0.
 */
export function constantStep(step: number): StepPolicy {
  const s = checkStep(step);
  return () => s;
}

/**
 * A step policy that always moves by `fraction` of the price range, e.g. 0.01 for 1 %.
 *
 * @throws {MarketInputError} (`fraction`) unless `fraction` is a finite number > 0.
 */
export function rangeFractionStep(fraction: number): StepPolicy {
  checkStep(fraction, 'fraction');
  return (st) => fraction * (st.range[1] - st.range[0]);
}

/**
 * An adaptive policy from public state: a coarse step while the clocks are far apart, a fine one near
 * the crossing. Steps are fractions of the range; the switch happens when the gap between the clocks
 * falls below `switchGap` of the range. The gap depends on which clock moved, hence on acceptances, so an
 * agent can steer the grid: truthful acceptance is no longer dominant, and the gain from deviating is not
 * bounded by the largest step (see `docs/market.md`). Use {@link priceGridStep} to keep truthfulness.
 */
export function gapStep(coarse = 0.1, fine = 0.01, switchGap = 0.3): StepPolicy {
  checkStep(coarse, 'coarse');
  checkStep(fine, 'fine');
  checkStep(switchGap, 'switchGap');
  return (st) => {
    const width = st.range[1] - st.range[0];
    return (st.buyerClock - st.sellerClock > switchGap * width ? coarse : fine) * width;
  };
}

/**
 * A step policy that pre-commits a price grid per clock: the buyer clock's next step depends only on the
 * buyer clock's price, the seller clock's only on the seller clock's price. The grids are then fixed before
 * the auction, whoever accepts when, so trade reduction stays dominant-strategy truthful for values on the
 * grids. (A policy that reacts to acceptances or to the gap between the clocks does not have this property.)
 *
 * @example
 * ```ts
 * // coarse steps far from the middle of [0, 20], unit steps near it
 * const policy = priceGridStep((b) => (b > 12 ? 4 : 1), (s) => (s < 8 ? 4 : 1));
 * ```
 */
export function priceGridStep(buyerStep: (buyerClock: number) => number, sellerStep: (sellerClock: number) => number): StepPolicy {
  return (st) => ({ buyer: buyerStep(st.buyerClock), seller: sellerStep(st.sellerClock) });
}

function badStep(value: unknown, round: number): MarketInputError {
  return new MarketInputError(
    'step',
    `the step policy returned ${String(value)} before round ${round + 1}; steps must be finite numbers > 0`,
    'make the policy return a positive price step, or { buyer, seller } with positive steps for each clock',
  );
}

/**
 * Runs the clock phase on a market with truthful agents (each accepts as soon as the clock reaches its
 * value or cost).
 *
 * @param market buyers, sellers and the price range; P_max must be ≥ every value and P_min ≤ every cost.
 * @param step a constant step, or a {@link StepPolicy} that sees only public state.
 * @example
 * ```ts
 * const r = runClock(
 *   { buyers: [{ value: 10 }, { value: 8 }, { value: 6 }, { value: 3 }],
 *     sellers: [{ cost: 2 }, { cost: 4 }, { cost: 7 }, { cost: 9 }], range: [0, 12] },
 *   1,
 * );
 * r.rounds;                       // 12
 * [r.buyerClock, r.sellerClock];  // [6, 6]
 * Array.from(r.buyerReports);     // [10, 8, 6, NaN]
 * ```
 * @throws {MarketInputError} on bad input or a step that is not a finite positive number.
 */
export function runClock(market: Market, step: number | StepPolicy, options: ClockOptions = {}): ClockResult {
  const { buyers, sellers, range } = market;
  checkAgents(buyers, sellers);
  checkRange(range, buyers, sellers);
  const mode: ClockMode = options.mode ?? 'alternate';
  if (mode !== 'alternate' && mode !== 'simultaneous') {
    throw new MarketInputError('mode', `unknown clock mode ${JSON.stringify(mode)}`, "use 'alternate' or 'simultaneous'");
  }
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  if (!Number.isSafeInteger(maxRounds) || maxRounds < 1) {
    throw new MarketInputError('maxRounds', `must be a positive integer, got ${String(maxRounds)}`, 'pass e.g. 100000');
  }
  if (typeof step !== 'number' && typeof step !== 'function') throw badStep(step, 0);
  const fixed = typeof step === 'number' ? checkStep(step) : 0;
  const policy = typeof step === 'function' ? step : null;

  const n = buyers.length;
  const m = sellers.length;
  const size = Math.max(n, m, 1);
  const value = new Float64Array(n);
  const cost = new Float64Array(m);
  const bQty = new Int32Array(n);
  const sQty = new Int32Array(m);
  const bOrder = new Int32Array(n);
  const sOrder = new Int32Array(m);
  const tmp = new Int32Array(size);
  for (let i = 0; i < n; i++) {
    value[i] = buyers[i]!.value;
    bQty[i] = buyers[i]!.demand ?? 1;
    bOrder[i] = i;
  }
  for (let j = 0; j < m; j++) {
    cost[j] = sellers[j]!.cost;
    sQty[j] = sellers[j]!.capacity ?? 1;
    sOrder[j] = j;
  }
  // Agents accept in value order, so a pointer into each sorted side finds the new acceptances.
  sortIds(bOrder, value, n, true, tmp);
  sortIds(sOrder, cost, m, false, tmp);
  const bRep = new Float64Array(n).fill(Number.NaN);
  const sRep = new Float64Array(m).fill(Number.NaN);

  let B = range[1];
  let S = range[0];
  let pb = 0;
  let ps = 0;
  let unitsB = 0;
  let unitsS = 0;
  let rounds = 0;
  let messages = n + m;
  while (pb < n && value[bOrder[pb]!]! >= B) {
    bRep[bOrder[pb]!] = B;
    unitsB += bQty[bOrder[pb]!]!;
    pb++;
    messages++;
  }
  while (ps < m && cost[sOrder[ps]!]! <= S) {
    sRep[sOrder[ps]!] = S;
    unitsS += sQty[sOrder[ps]!]!;
    ps++;
    messages++;
  }
  const buyerPath = options.recordPath ? [B] : undefined;
  const sellerPath = options.recordPath ? [S] : undefined;
  const state: PublicClockState = {
    buyerClock: B,
    sellerClock: S,
    acceptedBuyerUnits: unitsB,
    acceptedSellerUnits: unitsS,
    round: 0,
    side: 'buyer',
    range,
  };
  const simultaneous = mode === 'simultaneous';
  const snap = 1e-9 * (range[1] - range[0]);

  for (;;) {
    const moveBuyer = simultaneous || unitsB <= unitsS;
    const moveSeller = simultaneous || !moveBuyer;
    let dB = fixed;
    let dS = fixed;
    if (policy) {
      state.buyerClock = B;
      state.sellerClock = S;
      state.acceptedBuyerUnits = unitsB;
      state.acceptedSellerUnits = unitsS;
      state.round = rounds;
      state.side = simultaneous ? 'both' : moveBuyer ? 'buyer' : 'seller';
      const r = policy(state);
      if (typeof r === 'number') {
        dB = r;
        dS = r;
      } else if (typeof r === 'object' && r !== null) {
        dB = r.buyer;
        dS = r.seller;
      } else {
        throw badStep(r, rounds);
      }
      if (moveBuyer && !(dB > 0 && dB < Infinity)) throw badStep(dB, rounds);
      if (moveSeller && !(dS > 0 && dS < Infinity)) throw badStep(dS, rounds);
    }
    let nextB = moveBuyer ? B - dB : B;
    let nextS = moveSeller ? S + dS : S;
    if (nextB < nextS) {
      // A move that crosses only by floating-point rounding meets the other clock instead.
      if (nextS - nextB > snap) break;
      if (!moveSeller) nextB = nextS;
      else if (!moveBuyer) nextS = nextB;
      else nextB = nextS = (nextB + nextS) / 2;
    }
    if (rounds >= maxRounds) {
      throw new MarketInputError('maxRounds', `the clock phase did not end within ${maxRounds} rounds`, 'use larger steps or raise maxRounds');
    }
    rounds++;
    if (moveBuyer) {
      B = nextB;
      buyerPath?.push(B);
      messages += n - pb;
      while (pb < n && value[bOrder[pb]!]! >= B) {
        bRep[bOrder[pb]!] = B;
        unitsB += bQty[bOrder[pb]!]!;
        pb++;
        messages++;
      }
    }
    if (moveSeller) {
      S = nextS;
      sellerPath?.push(S);
      messages += m - ps;
      while (ps < m && cost[sOrder[ps]!]! <= S) {
        sRep[sOrder[ps]!] = S;
        unitsS += sQty[sOrder[ps]!]!;
        ps++;
        messages++;
      }
    }
  }

  // Revealed agents are a prefix of the value order; re-sort it by (report, id) so that equal reports
  // are ordered by id, not by the private values behind them.
  sortIds(bOrder, bRep, pb, true, tmp);
  sortIds(sOrder, sRep, ps, false, tmp);
  const book: Book = { bCount: pb, bOrder, bRep, bQty, sCount: ps, sOrder, sRep, sQty };
  const result: ClockResult = {
    book,
    buyerReports: bRep,
    sellerReports: sRep,
    acceptedBuyerUnits: unitsB,
    acceptedSellerUnits: unitsS,
    rounds,
    messages,
    buyerClock: B,
    sellerClock: S,
  };
  if (buyerPath && sellerPath) return { ...result, buyerPath, sellerPath };
  return result;
}
