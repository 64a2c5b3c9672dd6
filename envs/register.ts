/**
 * Registers the package's environments (done once, when the package entry point is imported).
 * @module
 */
import { register, registry } from '../src/registry/registry.ts';
import { moduleUrl } from '../src/package-files.ts';
import { EdgeLLMEnv } from './edge-llm/edge-llm-env.ts';
import { EDGE_LLM_CONFIG_SCHEMA } from './edge-llm/config.ts';
import { EDGE_LLM_SCENARIOS } from './edge-llm/scenarios.ts';
import { DDAMarketEnv } from './market-env/dda-market-env.ts';
import { DDA_MARKET_CONFIG_SCHEMA } from './market-env/config.ts';
import { DDA_MARKET_SCENARIOS } from './market-env/scenarios.ts';

/** The module whose import registers the built-in environments (imported by worker threads). */
const REGISTERING_MODULE = moduleUrl('envs/index.ts').href;

/**
 * Cost of an EdgeLLM env: its state and step work grow with the agent-model pairs (docs/model.md §1), so
 * the cost is pairs / 20, the pairs of the default configuration (10 agents, 2 models).
 */
export function edgeLlmCost(kwargs: Record<string, unknown>): number {
  const agents = typeof kwargs.agents === 'number' ? kwargs.agents : 10;
  const models = Array.isArray(kwargs.models) ? kwargs.models.length : 2;
  return (agents * models) / 20;
}

/** Cost of a DDA market env: its books grow with the traders, so the cost is traders / 40 (the default 20 + 20). */
export function marketCost(kwargs: Record<string, unknown>): number {
  const buyers = typeof kwargs.buyers === 'number' ? kwargs.buyers : 20;
  const sellers = typeof kwargs.sellers === 'number' ? kwargs.sellers : 20;
  return (buyers + sellers) / 40;
}

/** Registers every built-in environment id that is not registered yet. */
export function registerBuiltinEnvs(): void {
  for (const [id, scenario] of Object.entries(EDGE_LLM_SCENARIOS)) {
    if (registry.has(id)) continue;
    register({
      id,
      entryPoint: (kwargs) => new EdgeLLMEnv(kwargs),
      kwargs: scenario.config,
      description: scenario.description,
      configSchema: EDGE_LLM_CONFIG_SCHEMA,
      module: REGISTERING_MODULE,
      cost: edgeLlmCost,
    });
  }
  for (const [id, scenario] of Object.entries(DDA_MARKET_SCENARIOS)) {
    if (registry.has(id)) continue;
    register({
      id,
      entryPoint: (kwargs) => new DDAMarketEnv(kwargs),
      kwargs: scenario.config,
      description: scenario.description,
      configSchema: DDA_MARKET_CONFIG_SCHEMA,
      module: REGISTERING_MODULE,
      cost: marketCost,
    });
  }
}
