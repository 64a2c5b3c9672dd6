/**
 * Double Dutch auction (DDA) mechanisms for the reasoning-path market: the clock phase, the clearing
 * rules (trade reduction, uniform price, t-DDA, McAfee, VCG), the IDA baseline, the OPT oracle, market
 * generators, the comparison table and the JSON case contract (the speed benchmark is
 * `benchmarks/market-bench.ts`). Pure functions; no
 * environment needed. See `docs/market.md`.
 *
 * @example
 * ```ts
 * import { clearMarket } from './index.ts';
 * const out = clearMarket('dda-tr', {
 *   buyers: [{ value: 10 }, { value: 8 }, { value: 6 }, { value: 3 }],
 *   sellers: [{ cost: 2 }, { cost: 4 }, { cost: 7 }, { cost: 9 }],
 *   range: [0, 12],
 * }, { step: 1 });
 * out.welfare; // 8
 * ```
 * @module
 */
export { MarketInputError } from './errors.ts';
export {
  MECHANISMS,
  type Buyer,
  type ClockMode,
  type ClockSide,
  type Market,
  type MarketOutcome,
  type MechanismId,
  type OutcomeSource,
  type PublicClockState,
  type Rationing,
  type Seller,
  type StepPolicy,
  type Trade,
} from './types.ts';
export { efficientUnits, type Book } from './book.ts';
export { checkAgents, checkRange, checkStep, isSingleUnit, requireSingleUnit } from './validate.ts';
export { constantStep, gapStep, priceGridStep, rangeFractionStep, runClock, type ClockOptions, type ClockResult } from './clock.ts';
export { ClockAuction } from './clock-auction.ts';
export { clockTradeReduction, ddaTradeReduction, ddaUniformPrice, type DdaOptions } from './dda.ts';
export { tDda, tDdaOnReports } from './t-dda.ts';
export { clearTradeReduction, tradeReductionRule, type TradeReductionSummary } from './trade-reduction.ts';
export { uniformPriceRule } from './uniform-price.ts';
export { clearMcAfee, mcafeeRule, type MissingReport } from './mcafee.ts';
export { clearVcg } from './vcg.ts';
export { clearIda, defaultIdaRounds, type IdaOptions } from './ida.ts';
export { clearOpt, optWelfare } from './opt.ts';
export { ration } from './multi-unit.ts';
export { clearMarket, isClockMechanism, type ClearOptions } from './mechanisms.ts';
export { clearCase, parseCase, MARKET_CASE_SCHEMA, type CaseResult, type MarketCase } from './clear-case.ts';
export { uniformMarket, generateMarket, type UniformMarketOptions, type ValuationKind } from './valuations.ts';
export {
  DEFAULT_LLM_VALUATION,
  llmBuyerValue,
  llmMarket,
  llmMaxValue,
  llmServingCost,
  type LlmValuationConfig,
} from './llm-valuations.ts';
export { compareMechanisms, formatComparison, type CompareOptions, type Comparison, type ComparisonRow, type DdaVsIda } from './compare.ts';
