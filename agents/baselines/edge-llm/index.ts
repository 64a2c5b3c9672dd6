/**
 * The EdgeLLM baselines (docs/model.md#6-baselines) and their catalogue entries.
 * @module
 */
import type { Agent, AgentContext } from '../../agent.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import { closest } from '../../../src/utils/closest.ts';
import { CloudOnlyPolicy } from './cloud-only.ts';
import { OnDemandCachePolicy } from './on-demand-cache.ts';
import { PopularityPolicy } from './popularity.ts';
import { GreedyPolicy } from './greedy.ts';
import { StaticBestPolicy, staticPlanFor } from './static-best.ts';
import { LookaheadPolicy } from './lookahead.ts';
import { RandomPolicy, GENERIC_BASELINES } from '../generic/index.ts';
import type { ImmediateAgentEntry } from '../../agent-entry.ts';
import { parallelIdOfView } from '../../../src/parallel/system-view.ts';

export { CloudOnlyPolicy, OnDemandCachePolicy, PopularityPolicy, GreedyPolicy, RandomPolicy };
export type { EvictionRule, EvictionScope } from './on-demand-cache.ts';

/**
 * `true` for the ids of the single-server EdgeLLM family (not the single-agent views of the multi-edge
 * system, `EdgeLLMMulti-View-v0` …, whose observation, action and info are the whole system's).
 */
export const isEdgeLLM = (envId: string): boolean => envId.startsWith('EdgeLLM') && parallelIdOfView(envId) === null;

function edgeBaseline(name: string, description: string, create: ImmediateAgentEntry['create']): ImmediateAgentEntry {
  return { name, description, appliesTo: isEdgeLLM, create, baseline: true };
}

/** The catalogue entries of the EdgeLLM baselines, in leaderboard order. */
export const EDGE_LLM_BASELINES: readonly ImmediateAgentEntry[] = [
  edgeBaseline('cloud', 'Cache nothing; every request to the cloud.', (ctx) => new CloudOnlyPolicy(ctx.actionSpace)),
  edgeBaseline('fifo', 'On-demand caching, evict the earliest loaded; serve cached pairs locally.', (ctx) => new OnDemandCachePolicy('fifo', ctx.actionSpace)),
  edgeBaseline('lfu', 'On-demand caching, evict the least requested this episode.', (ctx) => new OnDemandCachePolicy('lfu', ctx.actionSpace)),
  edgeBaseline('laot', 'On-demand caching, evict the smallest age of thoughts κ.', (ctx) => new OnDemandCachePolicy('laot', ctx.actionSpace)),
  edgeBaseline('fifo-idle', 'FIFO evicting only pairs not requested in the same slot.', (ctx) => new OnDemandCachePolicy('fifo', ctx.actionSpace, 'idle')),
  edgeBaseline('lfu-idle', 'LFU evicting only pairs not requested in the same slot.', (ctx) => new OnDemandCachePolicy('lfu', ctx.actionSpace, 'idle')),
  edgeBaseline('laot-idle', 'LAoT evicting only pairs not requested in the same slot.', (ctx) => new OnDemandCachePolicy('laot', ctx.actionSpace, 'idle')),
  edgeBaseline('popularity', 'Cache the highest estimated request rate per GB; no on-demand loads.', (ctx) => new PopularityPolicy(ctx.actionSpace)),
  edgeBaseline('greedy', 'Myopic: minimize this slot’s cost given its requests.', (ctx) => new GreedyPolicy(ctx.actionSpace)),
];

/**
 * Reference policies of EdgeLLM that are not baselines (they do not count in the leaderboard's ratios): the
 * best static plan found offline on training seeds, and a non-clairvoyant lookahead.
 */
export const EDGE_LLM_REFERENCE_POLICIES: readonly ImmediateAgentEntry[] = [
  {
    name: 'static-best',
    description: 'Best fixed cache set and local shares, chosen on training seeds 0–9 by enumeration and exact simulation.',
    appliesTo: isEdgeLLM,
    create: (ctx) => new StaticBestPolicy(staticPlanFor(ctx.envId ?? 'EdgeLLM-v0', ctx.envConfigHash), ctx.actionSpace),
    baseline: false,
  },
  {
    name: 'lookahead',
    description: 'Non-clairvoyant value functions: online rate estimates, per-pair values over 10 slots, memory as a knapsack.',
    appliesTo: isEdgeLLM,
    create: (ctx) => new LookaheadPolicy(ctx.actionSpace),
    baseline: false,
  },
];

/** Factories of the baselines that run on EdgeLLM (the family's own and the generic `random`), by name. */
export const EDGE_BASELINES: Readonly<Record<string, (ctx: AgentContext) => Agent<any, any>>> = Object.fromEntries(
  [...EDGE_LLM_BASELINES, ...GENERIC_BASELINES].map((e) => [e.name, e.create]),
);

/**
 * Builds a baseline by name.
 * @throws {InvalidArgument} for an unknown name, with the closest known one.
 */
export function makeBaseline(name: string, ctx: AgentContext): Agent<any, any> {
  const factory = EDGE_BASELINES[name];
  if (factory === undefined) {
    const guess = closest(name, Object.keys(EDGE_BASELINES));
    throw new InvalidArgument(
      `Unknown agent '${name}'.${guess ? ` Did you mean '${guess}'?` : ''} Known: ${Object.keys(EDGE_BASELINES).join(', ')}.`,
    );
  }
  return factory(ctx);
}
