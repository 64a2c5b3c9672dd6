/**
 * The clock phase of the double Dutch auction run to its end: `runClock` with a constant step or a step
 * policy, and the step policies. The rules (who moves, acceptance, rounding, message counting) live in
 * the steppable {@link ClockAuction} of `clock-auction.ts`, which `runClock` drives one round at a time.
 *
 * A step policy sees public state only and returns the next step (> 0), or `{ buyer, seller }` to give
 * the two clocks different steps (only the moving clock's step is used).
 *
 * @module
 */
import { badStep, ClockAuction, type ClockOptions, type ClockResult } from './clock-auction.ts';
import type { Market, StepPolicy } from './types.ts';
import { checkStep } from './validate.ts';

export type { ClockOptions, ClockResult } from './clock-auction.ts';

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
  const auction = new ClockAuction(market, options);
  if (typeof step === 'number') {
    const fixed = checkStep(step);
    while (auction.move(fixed, fixed));
    return auction.result();
  }
  if (typeof step !== 'function') throw badStep(step, 0);
  const state = auction.state;
  for (;;) {
    const r = step(state);
    let moved: boolean;
    if (typeof r === 'number') moved = auction.move(r, r);
    else if (typeof r === 'object' && r !== null) moved = auction.move(r.buyer, r.seller);
    else throw badStep(r, auction.rounds);
    if (!moved) return auction.result();
  }
}
