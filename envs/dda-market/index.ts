/**
 * The double Dutch auction environment (the learning auctioneer): `DDAMarketEnv`, its configuration and
 * observation layout, and the registered scenarios. See `docs/market.md`.
 *
 * @example
 * ```ts
 * import { make } from '../../src/registry/registry.ts';
 * import '../index.ts'; // registers DDAMarket-v0 and DDAMarket-Uniform-v0
 * const env = make('DDAMarket-v0');
 * const [obs, info] = env.reset({ seed: 3 });
 * ```
 * @module
 */
export { DDAMarketEnv, type DDAMarketResetInfo, type DDAMarketStepInfo, type MarketEnd } from './dda-market-env.ts';
export {
  DDA_MARKET_CONFIG_SCHEMA,
  DEFAULT_MARKET_CONFIG,
  resolveMarketConfig,
  type DDAMarketConfig,
  type MarketValuation,
  type ResolvedMarketConfig,
} from './config.ts';
export { OBS, OBS_SIZE, marketObservationSpace, observe } from './observation.ts';
export { renderMarket, type MarketRenderState } from './render.ts';
export { welfareRatio } from './welfare-ratio.ts';
export { DDA_MARKET_SCENARIOS } from './scenarios.ts';
