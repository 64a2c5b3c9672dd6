/**
 * `AgentEntry`: how the catalogue (`agents/catalogue.ts`) knows an agent — its name, its one-line
 * description, the environments it applies to, and its factory. Every agent family exports its entries
 * next to its factories (`agents/baselines/<family>/index.ts`, `agents/t2drl/entries.ts`), so adding an
 * agent never touches the catalogue's code.
 * @module
 */
import type { Agent, AgentContext } from './agent.ts';

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
  /**
   * Learning agents: the training seeds with a checkpoint for `envId`, ascending (pass one as
   * `AgentContext.trainingSeed`). The leaderboard evaluates every seed and reports the row across seeds.
   */
  trainingSeeds?: (envId: string) => number[];
}

/** An entry whose factory builds the agent at once (every baseline). */
export interface ImmediateAgentEntry extends AgentEntry {
  /** Builds the agent synchronously. */
  create: (ctx: AgentContext) => Agent<any, any>;
}
