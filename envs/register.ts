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
    });
  }
}
