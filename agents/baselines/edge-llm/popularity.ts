/**
 * The popularity baseline: cache the pairs with the highest estimated request rate per GB.
 * @module
 */
import type { Agent } from '../../agent.ts';
import type { Info } from '../../../src/core/env.ts';
import type { Space } from '../../../src/spaces/space.ts';
import type { SystemDescription } from '../../../envs/edge-llm/system.ts';
import type { EdgeLLMAction } from '../../../envs/edge-llm/edge-llm-env.ts';
import { type PairState, decode, encode, readSystem } from './edge-view.ts';

/**
 * Each slot, estimates every pair's request rate as its mean request count over the slots seen so far this
 * episode, and caches greedily by estimated rate per GB (ties: currently cached first, then index) while
 * the weights fit. Pairs never requested are not cached. There are no on-demand loads, so a pair requested
 * for the first time waits for the next slot; a pair evicted by its context window is reloaded next slot
 * if it still ranks. Cached pairs serve all their requests locally.
 */
export class PopularityPolicy implements Agent<ArrayLike<number>, EdgeLLMAction | Float32Array> {
  readonly name = 'popularity';
  private readonly actionSpace: Space<unknown>;
  private system: SystemDescription | null = null;
  private state: PairState | null = null;
  private counts = new Float64Array(0);
  private slots = 0;

  constructor(actionSpace: Space<unknown>) {
    this.actionSpace = actionSpace;
  }

  reset(_obs: ArrayLike<number>, info: Info): void {
    this.system = readSystem(info);
    this.counts = new Float64Array(this.system.pairs);
    this.slots = 0;
    this.state = null;
  }

  act(obs: ArrayLike<number>, _info: Info): EdgeLLMAction | Float32Array {
    const s = this.system!;
    const st = (this.state = decode(obs, s, this.state ?? undefined));
    const P = s.pairs;
    const M = s.models.length;
    // The decision for this slot uses the rates seen before it (no on-demand loads).
    const estimate = Float64Array.from(this.counts, (c) => (this.slots > 0 ? c / this.slots : 0));
    for (let p = 0; p < P; p++) this.counts[p] = this.counts[p]! + st.requests[p]!;
    this.slots++;
    const order = Array.from({ length: P }, (_, p) => p)
      .filter((p) => estimate[p]! > 0)
      .sort((p, q) => {
        const dp = estimate[p]! / s.models[p % M]!.sizeGB;
        const dq = estimate[q]! / s.models[q % M]!.sizeGB;
        if (dp !== dq) return dq - dp;
        if (st.cached[p] !== st.cached[q]) return st.cached[q]! - st.cached[p]!;
        return p - q;
      });
    const cache = new Uint8Array(P);
    let used = 0;
    for (const p of order) {
      const size = s.models[p % M]!.sizeGB;
      if (used + size <= s.memoryGB + 1e-9) {
        cache[p] = 1;
        used += size;
      }
    }
    const local = Float64Array.from(cache);
    return encode(this.actionSpace, cache, local);
  }
}
