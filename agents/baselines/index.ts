/**
 * Baseline policies of SPEC §2 and their registry by name.
 * @module
 */
import type { Agent, AgentContext } from '../agent.ts';
import { InvalidArgument } from '../../src/core/errors.ts';
import { closest } from '../../src/utils/closest.ts';
import { CloudOnlyPolicy } from './cloud-only.ts';
import { OnDemandCachePolicy } from './on-demand-cache.ts';
import { PopularityPolicy } from './popularity.ts';
import { GreedyPolicy } from './greedy.ts';
import { RandomPolicy } from './random-policy.ts';

export { CloudOnlyPolicy, OnDemandCachePolicy, PopularityPolicy, GreedyPolicy, RandomPolicy };
export type { EvictionRule, EvictionScope } from './on-demand-cache.ts';

/** Factories of the EdgeLLM baselines by name. */
export const EDGE_BASELINES: Readonly<Record<string, (ctx: AgentContext) => Agent<any, any>>> = {
  cloud: (ctx) => new CloudOnlyPolicy(ctx.actionSpace),
  fifo: (ctx) => new OnDemandCachePolicy('fifo', ctx.actionSpace),
  lfu: (ctx) => new OnDemandCachePolicy('lfu', ctx.actionSpace),
  laot: (ctx) => new OnDemandCachePolicy('laot', ctx.actionSpace),
  'fifo-idle': (ctx) => new OnDemandCachePolicy('fifo', ctx.actionSpace, 'idle'),
  'lfu-idle': (ctx) => new OnDemandCachePolicy('lfu', ctx.actionSpace, 'idle'),
  'laot-idle': (ctx) => new OnDemandCachePolicy('laot', ctx.actionSpace, 'idle'),
  popularity: (ctx) => new PopularityPolicy(ctx.actionSpace),
  greedy: (ctx) => new GreedyPolicy(ctx.actionSpace),
  random: (ctx) => new RandomPolicy(ctx.actionSpace, ctx.seed),
};

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
