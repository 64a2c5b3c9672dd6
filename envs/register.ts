/**
 * Registers the package's environments (done once, when the package entry point is imported).
 * @module
 */
import type { Env } from '../src/core/env.ts';
import { register, registry } from '../src/registry/registry.ts';
import { moduleUrl } from '../src/package-files.ts';
import type { VectorEnvCreator } from '../src/registry/env-spec.ts';
import { EdgeLLMEnv } from './edge-llm/edge-llm-env.ts';
import { EdgeLLMVectorEnv } from './edge-llm/edge-llm-vector-env.ts';
import { EDGE_LLM_CONFIG_SCHEMA } from './edge-llm/config.ts';
import { EDGE_LLM_SCENARIOS } from './edge-llm/scenarios.ts';
import { DDAMarketEnv } from './dda-market/dda-market-env.ts';
import { DDA_MARKET_CONFIG_SCHEMA } from './dda-market/config.ts';
import { DDA_MARKET_SCENARIOS } from './dda-market/scenarios.ts';
import { parallelRegistry, registerParallel } from '../src/parallel/parallel-registry.ts';
import { registerSystemView, systemViewId } from '../src/parallel/system-view.ts';
import type { ParallelEnv } from '../src/parallel/parallel-env.ts';
import type { ParallelVectorEnvCreator } from '../src/parallel/parallel-env-spec.ts';
import { EdgeLLMMultiEnv } from './edge-llm-multi/edge-llm-multi-env.ts';
import { EdgeLLMMultiVectorEnv } from './edge-llm-multi/edge-llm-multi-vector-env.ts';
import { DEFAULT_SERVERS, EDGE_LLM_MULTI_CONFIG_SCHEMA } from './edge-llm-multi/config.ts';
import { EDGE_LLM_MULTI_SCENARIOS } from './edge-llm-multi/scenarios.ts';

/** The module whose import registers the built-in environments (imported by worker threads). */
const REGISTERING_MODULE = moduleUrl('envs/index.ts').href;

/**
 * Cost of an EdgeLLM env: its state and step work grow with the agent-model pairs (docs/model.md#1-the-system), so
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

/** One environment family: how to build its environment, its configuration schema, and its scenarios. */
interface EnvFamily {
  /** Builds the environment from a scenario's configuration merged with the caller's overrides. */
  entryPoint: (kwargs: Record<string, unknown>) => Env<any, any>;
  /** JSON Schema of the configuration (overrides are validated against it). */
  configSchema: object;
  /** Registered ids with their descriptions and configurations. */
  scenarios: Readonly<Record<string, { description: string; config: object }>>;
  /** Relative cost of one environment of the family from its configuration (the server's admission budget). */
  cost?: (kwargs: Record<string, unknown>) => number;
  /** Builds the family's batch-native vector environment (what `makeVec` gives), when it has one. */
  vectorEntryPoint?: VectorEnvCreator;
}

/** Every environment family of the package; a new family adds one line here. */
const FAMILIES: readonly EnvFamily[] = [
  {
    entryPoint: (kwargs) => new EdgeLLMEnv(kwargs),
    vectorEntryPoint: (kwargs, numEnvs, options) => new EdgeLLMVectorEnv(numEnvs, kwargs, options),
    configSchema: EDGE_LLM_CONFIG_SCHEMA,
    scenarios: EDGE_LLM_SCENARIOS,
    cost: edgeLlmCost,
  },
  { entryPoint: (kwargs) => new DDAMarketEnv(kwargs), configSchema: DDA_MARKET_CONFIG_SCHEMA, scenarios: DDA_MARKET_SCENARIOS, cost: marketCost },
];

/**
 * Cost of a multi-edge system: the sum of its servers' pair counts over 20 (each server costs what a
 * single-server environment of its size does); the 4 servers of `EdgeLLMMulti-v0` (16 user groups, 2 models) cost 1.6.
 */
export function edgeLlmMultiCost(kwargs: Record<string, unknown>): number {
  const servers = (Array.isArray(kwargs.servers) ? kwargs.servers : DEFAULT_SERVERS) as Record<string, unknown>[];
  const common = (kwargs.common ?? {}) as Record<string, unknown>;
  return servers.reduce((a, s) => a + edgeLlmCost({ ...common, ...s }), 0);
}

/** One family of multi-agent (parallel) environments, registered with `registerParallel`. */
interface ParallelEnvFamily {
  entryPoint: (kwargs: Record<string, unknown>) => ParallelEnv<any, any>;
  configSchema: object;
  scenarios: Readonly<Record<string, { description: string; config: object }>>;
  cost?: (kwargs: Record<string, unknown>) => number;
  /** Builds K copies as one batch-native vector environment (what `makeAgentVec` gives), when the family has one. */
  vectorEntryPoint?: ParallelVectorEnvCreator;
}

/** Every multi-agent environment family of the package (made with `makeParallel`, not `make`). */
const PARALLEL_FAMILIES: readonly ParallelEnvFamily[] = [
  {
    entryPoint: (kwargs) => new EdgeLLMMultiEnv(kwargs),
    vectorEntryPoint: (kwargs, numCopies, options) => new EdgeLLMMultiVectorEnv(numCopies, kwargs, options),
    configSchema: EDGE_LLM_MULTI_CONFIG_SCHEMA,
    scenarios: EDGE_LLM_MULTI_SCENARIOS,
    cost: edgeLlmMultiCost,
  },
];

/** The registration fields of every scenario of a family (single-agent or parallel), those not yet registered. */
function scenarioSpecs<E>(
  family: { entryPoint: (kwargs: Record<string, unknown>) => E; configSchema: object; scenarios: EnvFamily['scenarios']; cost?: (kwargs: Record<string, unknown>) => number },
  registered: { has(id: string): boolean },
) {
  return Object.entries(family.scenarios)
    .filter(([id]) => !registered.has(id))
    .map(([id, scenario]) => ({
      id,
      entryPoint: family.entryPoint,
      kwargs: scenario.config as Record<string, unknown>,
      description: scenario.description,
      configSchema: family.configSchema,
      module: REGISTERING_MODULE,
      cost: family.cost ?? null,
    }));
}

/** Registers every built-in environment id that is not registered yet (single-agent and parallel). */
export function registerBuiltinEnvs(): void {
  for (const family of FAMILIES) {
    for (const spec of scenarioSpecs(family, registry)) register({ ...spec, vectorEntryPoint: family.vectorEntryPoint ?? null });
  }
  for (const family of PARALLEL_FAMILIES) {
    for (const spec of scenarioSpecs(family, parallelRegistry)) registerParallel({ ...spec, vectorEntryPoint: family.vectorEntryPoint ?? null });
  }
  // every parallel scenario is also a single-agent id, its system view (`EdgeLLMMulti-View-v0`, …), for the
  // evaluation harness and the leaderboard (src/parallel/system-view.ts)
  for (const family of PARALLEL_FAMILIES) {
    for (const id of Object.keys(family.scenarios)) if (!registry.has(systemViewId(id))) registerSystemView(id);
  }
}
