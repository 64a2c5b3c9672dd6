/**
 * The myopic greedy baseline: minimize this slot's cost given this slot's requests.
 * @module
 */
import type { Agent } from '../../agent.ts';
import type { Info } from '../../../src/core/env.ts';
import type { Space } from '../../../src/spaces/space.ts';
import type { SystemDescription } from '../../../envs/edge-llm/system.ts';
import type { EdgeLLMAction } from '../../../envs/edge-llm/edge-llm-env.ts';
import { type PairState, decode, encode, readSystem } from './edge-view.ts';

/**
 * Approximately minimizes the cost of the current slot only (`greedy` in docs/model.md#6-baselines):
 * 1. For each requested pair, the saving of serving all its requests at the edge instead of the cloud:
 *    cloud cost − (switching if not cached + communication + computation + accuracy at the updated κ).
 * 2. Pairs with a positive saving are cached greedily by saving per GB while memory allows.
 * 3. If their energy exceeds the budget, local service goes to the pairs with the highest saving per joule;
 *    the marginal pair gets the fraction that fits, and pairs left with no local service are not loaded.
 * 4. Pairs already cached that still fit are kept (keeping costs nothing this slot), serving locally only
 *    where that saves.
 * The rule ignores the future (context growth, window evictions), which is what makes it myopic.
 */
export class GreedyPolicy implements Agent<ArrayLike<number>, EdgeLLMAction | Float32Array> {
  readonly name = 'greedy';
  private readonly actionSpace: Space<unknown>;
  private system: SystemDescription | null = null;
  private state: PairState | null = null;

  constructor(actionSpace: Space<unknown>) {
    this.actionSpace = actionSpace;
  }

  reset(_obs: ArrayLike<number>, info: Info): void {
    this.system = readSystem(info);
    this.state = null;
  }

  /** Saving of serving pair p fully at the edge this slot (may be negative). */
  static saving(s: SystemDescription, st: PairState, p: number): number {
    const M = s.models.length;
    const m = p % M;
    const i = (p - m) / M;
    const r = st.requests[p]!;
    if (r <= 0) return 0;
    const c = s.costs;
    const tokens = r * s.paths * s.thoughtTokens;
    const kappa = Math.max((st.cached[p] ? st.kappa[p]! : 0) + r * s.paths - s.vanishing, 0);
    const edge =
      (st.cached[p] ? 0 : c.switchCostPerGB * s.models[m]!.sizeGB) +
      c.edgeAccessCost * s.promptTokens[i]! * r +
      (c.computeCost * tokens * s.models[m]!.flopsPerToken) / s.computeFlops +
      (c.accuracyCost * (1 - s.alpha[p]!) * r) / (Math.max(kappa, 1) * s.logInvBeta);
    return c.cloudCost * s.paths * r - edge;
  }

  act(obs: ArrayLike<number>, _info: Info): EdgeLLMAction | Float32Array {
    const s = this.system!;
    const st = (this.state = decode(obs, s, this.state ?? undefined));
    const P = s.pairs;
    const M = s.models.length;
    const save = Float64Array.from({ length: P }, (_, p) => GreedyPolicy.saving(s, st, p));
    const size = (p: number) => s.models[p % M]!.sizeGB;
    const energyOf = (p: number) => s.models[p % M]!.energyPerToken * st.requests[p]! * s.paths * s.thoughtTokens;
    const cache = new Uint8Array(P);
    const local = new Float64Array(P);
    let used = 0;
    const positive = Array.from({ length: P }, (_, p) => p)
      .filter((p) => save[p]! > 0)
      .sort((p, q) => save[q]! / size(q) - save[p]! / size(p) || p - q);
    for (const p of positive) {
      if (used + size(p) <= s.memoryGB + 1e-9) {
        cache[p] = 1;
        used += size(p);
      }
    }
    let energyLeft = s.energyBudget;
    const byEnergy = positive.filter((p) => cache[p]).sort((p, q) => save[q]! / energyOf(q) - save[p]! / energyOf(p) || p - q);
    for (const p of byEnergy) {
      const e = energyOf(p);
      const b = e <= energyLeft ? 1 : Math.max(energyLeft / e, 0);
      local[p] = b;
      energyLeft -= b * e;
      if (b === 0 && !st.cached[p]) {
        cache[p] = 0;
        used -= size(p);
      }
    }
    const keep = Array.from({ length: P }, (_, p) => p)
      .filter((p) => st.cached[p] && !cache[p])
      .sort((p, q) => st.kappa[q]! - st.kappa[p]! || p - q);
    for (const p of keep) {
      if (used + size(p) <= s.memoryGB + 1e-9) {
        cache[p] = 1;
        used += size(p);
      }
    }
    return encode(this.actionSpace, cache, local);
  }
}
