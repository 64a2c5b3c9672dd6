/**
 * Configuration of the multi-edge system (`EdgeLLMMultiEnv`): the edge servers, each a single-server
 * EdgeLLM configuration, the options they share, the reasoning-path market and the reward; its JSON
 * Schema and its resolution (docs/model.md#8-the-multi-edge-system).
 * @module
 */
import { lazyValidator } from '../../src/config/validator.ts';
import { InvalidConfig } from '../../src/core/errors.ts';
import { TASKS } from '../data/accuracy.ts';
import { EDGE_LLM_CONFIG_SCHEMA, type EdgeLLMConfig, type ResolvedConfig, resolveConfig } from '../edge-llm/config.ts';

/** How the market clears each model's book. */
export type MarketClearing = 'sealed' | 'clock';

/** Parameters of the reasoning-path market. */
export interface PathMarketOptions {
  /** Users' willingness to pay per unit of accuracy-cost relief (buyer value = utility × relief). */
  utility: number;
  /** Extra paths each edge-served request may buy per slot. */
  extraPaths: number;
  /** How fast a seller's marginal cost rises with its energy use: cost × (1 + congestion × utilisation). */
  congestion: number;
  /** Blocks of rising cost each seller's spare energy is offered in. */
  tiers: number;
  /** `sealed`: trade reduction on the reports (the clock DDA's outcome with a fine grid); `clock`: the clock DDA. */
  clearing: MarketClearing;
  /** Clock step as a fraction of the price range (`clearing: 'clock'`). */
  clockStep: number;
}

/** All fields of the multi-edge configuration (every one optional when passed to the environment). */
export interface EdgeLLMMultiConfig {
  /** The edge servers, each a (partial) single-server configuration over `common`. */
  servers: Partial<EdgeLLMConfig>[];
  /** Fields every server shares unless it sets them itself (models, horizon, workload, …). */
  common: Partial<EdgeLLMConfig>;
  /** Whether the reasoning-path market runs after every slot (`false`: the no-market ablation). */
  market: boolean;
  /** Market parameters. */
  marketOptions: PathMarketOptions;
  /** `individual`: each server's own cost minus its market revenue; `cooperative`: the system cost for everyone. */
  reward: 'individual' | 'cooperative';
  /** `ansi` for a text rendering, or null. */
  renderMode: 'ansi' | null;
}

/** The default market parameters. */
export const DEFAULT_MARKET_OPTIONS: Readonly<PathMarketOptions> = Object.freeze({
  utility: 1,
  extraPaths: 5,
  congestion: 1,
  tiers: 4,
  clearing: 'sealed',
  clockStep: 0.01,
});

/** The four heterogeneous servers of `EdgeLLMMulti-v0`: 8, 16, 16 and 32 GPUs, 3 to 5 user groups each. */
export const DEFAULT_SERVERS: readonly Partial<EdgeLLMConfig>[] = Object.freeze([
  { gpus: 8, agents: 3 },
  { gpus: 16, agents: 4 },
  { gpus: 16, agents: 4, gpu: { memoryGB: 80, flops: 312e12, watts: 200 } },
  { gpus: 32, agents: 5 },
]);

/** The defaults: four servers, the market on, individual rewards. */
export const DEFAULT_MULTI_CONFIG: Readonly<EdgeLLMMultiConfig> = Object.freeze({
  servers: DEFAULT_SERVERS as Partial<EdgeLLMConfig>[],
  common: {},
  market: true,
  marketOptions: DEFAULT_MARKET_OPTIONS,
  reward: 'individual',
  renderMode: null,
});

const { $id: _singleId, title: _singleTitle, ...SERVER_SCHEMA } = EDGE_LLM_CONFIG_SCHEMA;

/** JSON Schema of the configuration (printed by `edgellm-gym schema EdgeLLMMulti-v0`). */
export const EDGE_LLM_MULTI_CONFIG_SCHEMA = {
  $id: 'edgellm-gym/EdgeLLMMultiConfig',
  title: 'EdgeLLM multi-edge system configuration',
  description: 'Several edge servers, one policy each, with the reasoning-path market in the loop (docs/model.md). Every field is optional.',
  type: 'object',
  additionalProperties: false,
  properties: {
    servers: { type: 'array', minItems: 1, maxItems: 64, items: SERVER_SCHEMA, description: 'One single-server configuration per edge server.' },
    common: { ...SERVER_SCHEMA, description: 'Fields every server shares unless it sets them.' },
    market: { type: 'boolean', default: true, description: 'Run the reasoning-path market (false: the ablation).' },
    marketOptions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        utility: { type: 'number', exclusiveMinimum: 0, default: 1 },
        extraPaths: { type: 'integer', minimum: 1, maximum: 20, default: 5 },
        congestion: { type: 'number', minimum: 0, default: 1 },
        tiers: { type: 'integer', minimum: 1, maximum: 16, default: 4 },
        clearing: { enum: ['sealed', 'clock'], default: 'sealed' },
        clockStep: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.01 },
      },
    },
    reward: { enum: ['individual', 'cooperative'], default: 'individual' },
    renderMode: { enum: ['ansi', null], default: null },
  },
} as const;

const validate = lazyValidator<Partial<EdgeLLMMultiConfig>>(EDGE_LLM_MULTI_CONFIG_SCHEMA, 'EdgeLLMMulti config');

/** A resolved multi-edge configuration: every server's configuration resolved by the single-server rules. */
export interface ResolvedMultiConfig extends EdgeLLMMultiConfig {
  /** Each server's resolved configuration. */
  resolved: ResolvedConfig[];
  /** Each server's configuration as given to its single-server environment (`common` under its own fields). */
  serverConfigs: Partial<EdgeLLMConfig>[];
  /** Number of servers, N. */
  numServers: number;
  /** Slots per episode (every server's horizon). */
  horizon: number;
  /** Model names, the same at every server. */
  modelNames: string[];
}

function fail(field: string, text: string): never {
  throw new InvalidConfig(`Invalid EdgeLLMMulti config: config.${field} ${text}.`, [`config.${field}`]);
}

/**
 * Validates a (partial) configuration, fills in defaults, and resolves each server's configuration
 * (`common` under the server's own fields). Servers that give no `tasks` get the benchmark tasks in turn
 * across the whole system, so that user groups at different servers differ. Every server must have the
 * same horizon and the same models (the market trades paths per model).
 *
 * @example
 * ```ts
 * const c = resolveMultiConfig({ servers: [{ gpus: 8 }, { gpus: 24 }], market: false });
 * c.numServers;              // 2
 * c.resolved[1]!.memoryGB;   // 1920
 * ```
 * @throws {InvalidConfig} naming each unknown, mistyped or inconsistent field (`config.servers[n].…`).
 */
export function resolveMultiConfig(input: unknown = {}): ResolvedMultiConfig {
  const given = validate(input ?? {});
  const c: EdgeLLMMultiConfig = {
    ...DEFAULT_MULTI_CONFIG,
    ...given,
    servers: (given.servers ?? DEFAULT_MULTI_CONFIG.servers).map((s) => ({ ...s })),
    common: { ...(given.common ?? {}) },
    marketOptions: { ...DEFAULT_MARKET_OPTIONS, ...(given.marketOptions ?? {}) },
  };
  let taskOffset = 0;
  const serverConfigs: Partial<EdgeLLMConfig>[] = [];
  const resolved = c.servers.map((server, n) => {
    const merged: Partial<EdgeLLMConfig> = { ...c.common, ...server };
    if (c.common.gpu !== undefined && server.gpu !== undefined) merged.gpu = { ...c.common.gpu, ...server.gpu };
    if (c.renderMode !== null && merged.renderMode === undefined) merged.renderMode = c.renderMode;
    const agents = merged.agents ?? 10;
    if (merged.tasks === undefined) merged.tasks = Array.from({ length: agents }, (_, i) => TASKS[(taskOffset + i) % TASKS.length]!);
    taskOffset += agents;
    serverConfigs.push(merged);
    try {
      return resolveConfig(merged);
    } catch (e) {
      if (e instanceof InvalidConfig) {
        const fields = e.fields.map((f) => f.replace(/^config\./, `config.servers[${n}].`));
        throw new InvalidConfig(`Invalid EdgeLLMMulti config, server ${n}: ${e.message}`, fields);
      }
      throw e;
    }
  });
  const first = resolved[0]!;
  const modelNames = first.models.map((m) => m.name);
  resolved.forEach((r, n) => {
    if (r.horizon !== first.horizon) fail(`servers[${n}].horizon`, `is ${r.horizon} but server 0's is ${first.horizon}; every server runs the same slots (set it in common)`);
    const names = r.models.map((m) => m.name);
    if (names.length !== modelNames.length || names.some((x, i) => x !== modelNames[i])) {
      fail(`servers[${n}].models`, `are ${names.join(', ')} but server 0's are ${modelNames.join(', ')}; every server offers the same models, in the same order (set them in common)`);
    }
  });
  return { ...c, resolved, serverConfigs, numServers: resolved.length, horizon: first.horizon, modelNames };
}
