/**
 * The agent registry: which agents exist, which environments each applies to, and how to build them.
 * @module
 */
import type { Agent, AgentContext } from './agent.ts';
import { InvalidArgument } from '../src/core/errors.ts';
import { closest } from '../src/utils/closest.ts';
import { EDGE_BASELINES } from './baselines/index.ts';
import { LEARNING_AGENT_ENTRIES } from './ppo-agent/entries.ts';
import { MARKET_BASELINES } from './market/index.ts';
import { StaticBestPolicy, staticPlanFor } from './baselines/static-best.ts';
import { LookaheadPolicy } from './baselines/lookahead.ts';

/** A registered agent. */
export interface AgentEntry {
  /** Name used on the command line and in results. */
  name: string;
  /** One-line description. */
  description: string;
  /** `true` when the agent applies to environment `envId`. */
  appliesTo: (envId: string) => boolean;
  /** Builds the agent (learning agents load their checkpoint, hence the promise). */
  create: (ctx: AgentContext) => Agent<any, any> | Promise<Agent<any, any>>;
  /** `true` for agents that count as baselines in ratios. */
  baseline: boolean;
  /** Why the agent does not apply to `envId` (e.g. no trained checkpoint), for error messages. */
  unavailableReason?: (envId: string) => string;
}

const entries = new Map<string, AgentEntry>();

/** Registers (or replaces) an agent. */
export function registerAgent(entry: AgentEntry): void {
  entries.set(entry.name, entry);
}

/** Every registered agent, in registration order. */
export function listAgents(): AgentEntry[] {
  return [...entries.values()];
}

/** The agents that apply to `envId`. */
export function agentsFor(envId: string): AgentEntry[] {
  return listAgents().filter((e) => e.appliesTo(envId));
}

/**
 * Builds agent `name` for an environment.
 * @throws {InvalidArgument} for an unknown agent (with a suggestion) or one that does not apply to the env.
 */
export async function createAgent(name: string, ctx: AgentContext): Promise<Agent<any, any>> {
  const entry = entries.get(name);
  if (entry === undefined) {
    const guess = closest(name, entries.keys());
    throw new InvalidArgument(
      `Unknown agent '${name}'.${guess ? ` Did you mean '${guess}'?` : ''} Known agents: ${[...entries.keys()].join(', ')}.`,
    );
  }
  if (ctx.envId !== undefined && !entry.appliesTo(ctx.envId)) {
    const fits = agentsFor(ctx.envId).map((e) => e.name);
    const why = entry.unavailableReason?.(ctx.envId);
    throw new InvalidArgument(
      `Agent '${name}' does not apply to ${ctx.envId}${why ? `: ${why}` : ''}; agents for it: ${fits.join(', ') || '(none)'}.`,
    );
  }
  return entry.create(ctx);
}

const EDGE_DESCRIPTIONS: Record<string, string> = {
  cloud: 'Cache nothing; every request to the cloud.',
  fifo: 'On-demand caching, evict the earliest loaded; serve cached pairs locally.',
  lfu: 'On-demand caching, evict the least requested this episode.',
  laot: 'On-demand caching, evict the smallest age of thoughts κ.',
  'fifo-idle': 'FIFO evicting only pairs not requested in the same slot.',
  'lfu-idle': 'LFU evicting only pairs not requested in the same slot.',
  'laot-idle': 'LAoT evicting only pairs not requested in the same slot.',
  popularity: 'Cache the highest estimated request rate per GB; no on-demand loads.',
  greedy: 'Myopic: minimize this slot’s cost given its requests.',
  random: 'Uniform random actions.',
};

const isEdge = (id: string) => id.startsWith('EdgeLLM');

for (const [name, create] of Object.entries(EDGE_BASELINES)) {
  registerAgent({
    name,
    description: EDGE_DESCRIPTIONS[name] ?? name,
    appliesTo: name === 'random' ? () => true : isEdge,
    create,
    baseline: true,
  });
}

const isMarket = (id: string) => id.startsWith('DDAMarket');

for (const [name, { description, create }] of Object.entries(MARKET_BASELINES)) {
  registerAgent({ name, description, appliesTo: isMarket, create, baseline: true });
}

registerAgent({
  name: 'static-best',
  description: 'Best fixed cache set and local shares, chosen on training seeds 0–9 by enumeration and exact simulation.',
  appliesTo: isEdge,
  create: (ctx) => new StaticBestPolicy(staticPlanFor(ctx.envId ?? 'EdgeLLM-v0', ctx.envConfigHash), ctx.actionSpace),
  baseline: false,
});

registerAgent({
  name: 'lookahead',
  description: 'Non-clairvoyant value functions: online rate estimates, per-pair values over 10 slots, memory as a knapsack.',
  appliesTo: isEdge,
  create: (ctx) => new LookaheadPolicy(ctx.actionSpace),
  baseline: false,
});

for (const learned of LEARNING_AGENT_ENTRIES) registerAgent(learned);
