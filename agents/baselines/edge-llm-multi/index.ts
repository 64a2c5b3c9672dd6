/**
 * The single-server baselines on the multi-edge systems' single-agent views (`EdgeLLMMulti-View-v0`, …):
 * the catalogue entries of `cloud`, `lfu`, … also apply there, each server running its own copy
 * (docs/agents.md#the-multi-edge-system).
 * @module
 */
import { makeParallel } from '../../../src/parallel/parallel-registry.ts';
import { parallelIdOfView } from '../../../src/parallel/system-view.ts';
import type { ImmediateAgentEntry } from '../../agent-entry.ts';
import { EdgeLLMMultiEnv } from '../../../envs/edge-llm-multi/edge-llm-multi-env.ts';
import { SystemViewAgent } from './system-view-agent.ts';

export { PerServerBaseline } from './per-server.ts';
export { SystemViewAgent } from './system-view-agent.ts';

/** Baselines that run per server on a multi-edge system (the single-server rules; not the references, which plan for one server's whole episode). */
export const PER_SERVER_BASELINES: readonly string[] = ['cloud', 'fifo', 'lfu', 'laot', 'popularity', 'greedy'];

/** The parallel id behind `envId` when it is the single-agent view of a multi-edge system, else `null`. */
export function multiEdgeParallelId(envId: string): string | null {
  const id = parallelIdOfView(envId);
  return id !== null && id.startsWith('EdgeLLMMulti') ? id : null;
}

/**
 * The entries of `entries` named in {@link PER_SERVER_BASELINES}, extended to the multi-edge views: on a view
 * they build a {@link SystemViewAgent} (the baseline at every server); elsewhere they are unchanged.
 */
export function withMultiEdgeViews(entries: readonly ImmediateAgentEntry[]): ImmediateAgentEntry[] {
  return entries.map((e) => {
    if (!PER_SERVER_BASELINES.includes(e.name)) return e;
    return {
      ...e,
      appliesTo: (envId: string) => e.appliesTo(envId) || multiEdgeParallelId(envId) !== null,
      create: (ctx) => {
        const parallelId = ctx.envId === undefined ? null : multiEdgeParallelId(ctx.envId);
        if (parallelId === null) return e.create(ctx);
        const system = makeParallel(parallelId);
        if (!(system instanceof EdgeLLMMultiEnv)) return e.create(ctx);
        return new SystemViewAgent(e.name, system, ctx.seed ?? 0);
      },
    };
  });
}
