/**
 * The environments of the package. Importing this module registers them.
 * @module
 */
import { registerBuiltinEnvs } from './register.ts';

export { EdgeLLMEnv } from './edge-llm/edge-llm-env.ts';
export type { EdgeLLMAction, EdgeLLMStepInfo, SlotCosts } from './edge-llm/edge-llm-env.ts';
export { resolveConfig, DEFAULT_CONFIG, EDGE_LLM_CONFIG_SCHEMA } from './edge-llm/config.ts';
export type { EdgeLLMConfig, ModelConfig, GpuConfig, WorkloadConfig, ResolvedConfig } from './edge-llm/config.ts';
export type { SystemDescription } from './edge-llm/system.ts';
export { EDGE_LLM_SCENARIOS } from './edge-llm/scenarios.ts';
export { DDAMarketEnv, DDA_MARKET_CONFIG_SCHEMA, DDA_MARKET_SCENARIOS, DEFAULT_MARKET_CONFIG, OBS as MARKET_OBS, resolveMarketConfig } from './dda-market/index.ts';
export type { DDAMarketConfig, DDAMarketResetInfo, DDAMarketStepInfo, MarketEnd, ResolvedMarketConfig } from './dda-market/index.ts';
export { EdgeLLMMultiEnv } from './edge-llm-multi/edge-llm-multi-env.ts';
export { EdgeLLMMultiVectorEnv } from './edge-llm-multi/edge-llm-multi-vector-env.ts';
export type { EdgeLLMMultiVectorEnvOptions } from './edge-llm-multi/edge-llm-multi-vector-env.ts';
export type { ServerAction, ServerStepInfo, ServerMarketInfo, SystemMarketInfo } from './edge-llm-multi/edge-llm-multi-env.ts';
export { resolveMultiConfig, DEFAULT_MULTI_CONFIG, DEFAULT_MARKET_OPTIONS, EDGE_LLM_MULTI_CONFIG_SCHEMA } from './edge-llm-multi/config.ts';
export type { EdgeLLMMultiConfig, PathMarketOptions, ResolvedMultiConfig } from './edge-llm-multi/config.ts';
export { PathMarket } from './edge-llm-multi/path-market.ts';
export type { PathTrade, ModelClearing, SlotMarket, ServerSlot } from './edge-llm-multi/path-market.ts';
export { EDGE_LLM_MULTI_SCENARIOS } from './edge-llm-multi/scenarios.ts';
export * from './data/accuracy.ts';
export { registerBuiltinEnvs } from './register.ts';

registerBuiltinEnvs();
