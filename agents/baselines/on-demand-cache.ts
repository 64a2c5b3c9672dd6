/**
 * The on-demand caching policies FIFO, LFU and LAoT (SPEC §2): a request for an uncached pair loads it if it
 * fits, else evicts by the policy's rule until it fits. Cached pairs serve all their requests locally.
 * The rule may pick any cached pair (`scope: 'any'`, the specification's rule) or only pairs not requested in
 * the same slot (`scope: 'idle'`, a more conservative variant); see docs/model.md §2.
 * @module
 */
import type { Agent } from '../agent.ts';
import type { Info } from '../../src/core/env.ts';
import type { Space } from '../../src/spaces/space.ts';
import type { SystemDescription } from '../../envs/edge-llm/system.ts';
import type { EdgeLLMAction } from '../../envs/edge-llm/edge-llm-env.ts';
import { type PairState, decode, encode, readSystem } from './edge-view.ts';

/** Eviction rules. */
export type EvictionRule = 'fifo' | 'lfu' | 'laot';

/**
 * Which cached pairs an eviction may pick: `any` cached pair (SPEC §2), including one loaded earlier in the
 * same slot, or only `idle` ones, not requested in the same slot.
 */
export type EvictionScope = 'any' | 'idle';

/**
 * An on-demand cache. Each slot: pairs the environment no longer holds (window evictions) are dropped from
 * the policy's cache; every requested, uncached pair (in index order) is loaded, evicting victims chosen by
 * the rule among the pairs the scope allows (with `any`, every cached pair, including one loaded for an
 * earlier request of the same slot; with `idle`, those not requested this slot) until it fits; if it cannot fit even after evicting all of them, nothing is evicted and its requests
 * go to the cloud. An evicted pair's requests of the slot go to the cloud.
 *
 * - `fifo`: evict the earliest loaded.
 * - `lfu`: evict the least requested so far this episode (ties: least recently requested, then index).
 * - `laot`: evict the smallest age of thoughts κ (ties: index).
 */
export class OnDemandCachePolicy implements Agent<ArrayLike<number>, EdgeLLMAction | Float32Array> {
  readonly name: string;
  private readonly rule: EvictionRule;
  private readonly scope: EvictionScope;
  private readonly actionSpace: Space<unknown>;
  private system: SystemDescription | null = null;
  private state: PairState | null = null;
  private inCache = new Uint8Array(0);
  private loadedAt = new Float64Array(0);
  private requestCount = new Float64Array(0);
  private lastRequested = new Float64Array(0);
  private slot = 0;

  /**
   * @param rule the eviction rule.
   * @param actionSpace the environment's action space (native Dict or flat Box).
   * @param scope which cached pairs may be evicted (default `any`, SPEC §2); the name gets `-idle` for `idle`.
   */
  constructor(rule: EvictionRule, actionSpace: Space<unknown>, scope: EvictionScope = 'any') {
    this.rule = rule;
    this.scope = scope;
    this.name = scope === 'any' ? rule : `${rule}-idle`;
    this.actionSpace = actionSpace;
  }

  reset(_obs: ArrayLike<number>, info: Info): void {
    this.system = readSystem(info);
    const P = this.system.pairs;
    this.inCache = new Uint8Array(P);
    this.loadedAt = new Float64Array(P);
    this.requestCount = new Float64Array(P);
    this.lastRequested = new Float64Array(P).fill(-1);
    this.state = null;
    this.slot = 0;
  }

  act(obs: ArrayLike<number>, _info: Info): EdgeLLMAction | Float32Array {
    const s = this.system!;
    const st = (this.state = decode(obs, s, this.state ?? undefined));
    const P = s.pairs;
    const M = s.models.length;
    this.slot++;
    let used = 0;
    for (let p = 0; p < P; p++) {
      if (this.inCache[p] && !st.cached[p]) this.inCache[p] = 0; // evicted by the context window
      if (this.inCache[p]) used += s.models[p % M]!.sizeGB;
      if (st.requests[p]! > 0) {
        this.requestCount[p] = this.requestCount[p]! + st.requests[p]!;
        this.lastRequested[p] = this.slot;
      }
    }
    for (let p = 0; p < P; p++) {
      if (st.requests[p]! === 0 || this.inCache[p]) continue;
      const size = s.models[p % M]!.sizeGB;
      let evictable = 0;
      for (let q = 0; q < P; q++) if (this.evictable(q, st)) evictable += s.models[q % M]!.sizeGB;
      if (used - evictable + size > s.memoryGB + 1e-9) continue; // cannot fit even after evicting every candidate
      while (used + size > s.memoryGB + 1e-9) {
        const victim = this.victim(st);
        if (victim < 0) break;
        this.inCache[victim] = 0;
        used -= s.models[victim % M]!.sizeGB;
      }
      if (used + size <= s.memoryGB + 1e-9) {
        this.inCache[p] = 1;
        this.loadedAt[p] = this.slot * P + p;
        used += size;
      }
    }
    const local = new Float64Array(P);
    for (let p = 0; p < P; p++) local[p] = this.inCache[p] ? 1 : 0;
    return encode(this.actionSpace, this.inCache, local);
  }

  /** `true` when pair `p` is cached and the scope lets it be evicted now. */
  private evictable(p: number, st: PairState): boolean {
    if (!this.inCache[p]) return false;
    return this.scope === 'any' || st.requests[p]! === 0;
  }

  /** The pair to evict by the rule among the evictable ones, or -1 when there is none. */
  private victim(st: PairState): number {
    let best = -1;
    for (let p = 0; p < this.inCache.length; p++) {
      if (!this.evictable(p, st)) continue;
      if (best < 0 || this.worse(p, best, st)) best = p;
    }
    return best;
  }

  private worse(p: number, q: number, st: PairState): boolean {
    switch (this.rule) {
      case 'fifo':
        return this.loadedAt[p]! < this.loadedAt[q]!;
      case 'lfu':
        if (this.requestCount[p] !== this.requestCount[q]) return this.requestCount[p]! < this.requestCount[q]!;
        return this.lastRequested[p]! < this.lastRequested[q]!;
      case 'laot':
        return st.kappa[p]! < st.kappa[q]!;
    }
  }
}
