/**
 * The agent catalogue: every agent of the package (EdgeLLM baselines, the generic `random`, the market's
 * baseline auctioneers, the learning agents `ppo` and `t2drl*`) registered in one place, as
 * `envs/index.ts` does for environments, and the functions that look them up and build them. Importing
 * this module registers them all; each entry's description and factory live with the agent's family.
 * @module
 */
import type { Agent, AgentContext } from './agent.ts';
import type { AgentEntry } from './agent-entry.ts';
import { InvalidArgument } from '../src/core/errors.ts';
import { closest } from '../src/utils/closest.ts';
import { EDGE_LLM_BASELINES, EDGE_LLM_REFERENCE_POLICIES } from './baselines/edge-llm/index.ts';
import { GENERIC_BASELINES } from './baselines/generic/index.ts';
import { DDA_MARKET_BASELINES } from './baselines/dda-market/index.ts';
import { LEARNING_AGENT_ENTRIES } from './t2drl/entries.ts';
import { withMultiEdgeViews } from './baselines/edge-llm-multi/index.ts';

export type { AgentEntry } from './agent-entry.ts';

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

/** Every agent of the package, in leaderboard order: each family's entries carry their own descriptions. */
const CATALOGUE: readonly (readonly AgentEntry[])[] = [
  withMultiEdgeViews(EDGE_LLM_BASELINES),
  GENERIC_BASELINES,
  DDA_MARKET_BASELINES,
  EDGE_LLM_REFERENCE_POLICIES,
  LEARNING_AGENT_ENTRIES,
];

for (const family of CATALOGUE) for (const entry of family) registerAgent(entry);
