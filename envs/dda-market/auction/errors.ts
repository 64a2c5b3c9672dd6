/**
 * The error every market function throws on bad input.
 *
 * @module
 */

/**
 * Bad input to a market function: a negative or non-finite value, a zero step, a price range that does
 * not contain every value, a multi-unit market given to a single-unit rule, and so on.
 *
 * `field` names the offending input with a path such as `buyers[3].value`, `range[1]` or `step`, and the
 * message says what was wrong and how to fix it.
 *
 * @example
 * ```ts
 * try {
 *   clearMarket('dda-tr', { buyers: [{ value: -1 }], sellers: [], range: [0, 10] }, { step: 1 });
 * } catch (e) {
 *   if (e instanceof MarketInputError) console.log(e.field); // "buyers[0].value"
 * }
 * ```
 */
export class MarketInputError extends Error {
  /** Path of the offending input, e.g. `buyers[3].value`, `range[0]`, `step`. */
  readonly field: string;

  /**
   * @param field path of the offending input
   * @param problem what is wrong with it
   * @param fix what to do instead
   */
  constructor(field: string, problem: string, fix: string) {
    super(`${field}: ${problem}. Fix: ${fix}`);
    this.name = 'MarketInputError';
    this.field = field;
  }
}
