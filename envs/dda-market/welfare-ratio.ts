/**
 * The terminal reward of `DDAMarketEnv`: the auction's welfare as a share of the efficient welfare OPT.
 * @module
 */

/**
 * `welfare / opt`, and 1 when `opt` is 0: a market where no trade gains anything (every value below
 * every cost, or an empty side) is cleared perfectly by any auction, since trade reduction never makes a
 * trade with negative surplus.
 *
 * @example
 * ```ts
 * welfareRatio(8, 12); // 0.666…
 * welfareRatio(0, 0);  // 1
 * ```
 */
export function welfareRatio(welfare: number, opt: number): number {
  return opt > 0 ? welfare / opt : 1;
}
