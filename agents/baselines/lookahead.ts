/**
 * `lookahead`: a non-clairvoyant value-function policy. Each slot it re-estimates every pair's request rate
 * online, values keeping the pair cached over the next slots by simulating the pair's context forward at the
 * estimated rate, and chooses the cache set that maximizes the total value within memory (a 0/1 knapsack).
 * It decides only from the observation and the reset `info.system`.
 * @module
 */
import type { Agent } from '../agent.ts';
import type { Info } from '../../src/core/env.ts';
import type { Space } from '../../src/spaces/space.ts';
import type { SystemDescription } from '../../envs/edge-llm/system.ts';
import type { EdgeLLMAction } from '../../envs/edge-llm/edge-llm-env.ts';
import { type PairState, decode, encode, readSystem } from './edge-view.ts';

/** Options of {@link LookaheadPolicy}. */
export interface LookaheadOptions {
  /** Slots valued ahead, including the current one (default 10; never past the horizon). */
  lookahead?: number;
  /** Weight of the newest slot in the exponentially weighted rate estimate (default 0.15). */
  rateWeight?: number;
}

/**
 * Each slot, for every pair p:
 *
 * 1. the rate estimate is updated, `λ̂_p ← (1 − w)·λ̂_p + w·R_p` with `w = max(1/n, rateWeight)` at the n-th
 *    slot (a running mean at first, then exponential forgetting so that it follows changes);
 * 2. its value is the cloud cost avoided minus the edge cost of serving it locally over the next `L` slots,
 *    with the slot's known requests now and `λ̂_p` per slot after, the context `K` and age of thoughts `κ`
 *    advanced as the environment does (window evictions reload and pay switching), minus the switching
 *    cost when the pair is not cached yet;
 * 3. the pairs with a positive value are packed into memory by an exact 0/1 knapsack over whole GB.
 *
 * Cached pairs with requests serve them all locally; the environment's energy projection applies.
 */
export class LookaheadPolicy implements Agent<ArrayLike<number>, EdgeLLMAction | Float32Array> {
  readonly name = 'lookahead';
  private readonly actionSpace: Space<unknown>;
  private readonly lookahead: number;
  private readonly weight: number;
  private system: SystemDescription | null = null;
  private state: PairState | null = null;
  private rate = new Float64Array(0);
  private slot = 0;

  constructor(actionSpace: Space<unknown>, options: LookaheadOptions = {}) {
    this.actionSpace = actionSpace;
    this.lookahead = options.lookahead ?? 10;
    this.weight = options.rateWeight ?? 0.15;
  }

  reset(_obs: ArrayLike<number>, info: Info): void {
    this.system = readSystem(info);
    this.rate = new Float64Array(this.system.pairs);
    this.state = null;
    this.slot = 0;
  }

  act(obs: ArrayLike<number>, _info: Info): EdgeLLMAction | Float32Array {
    const s = this.system!;
    const st = (this.state = decode(obs, s, this.state ?? undefined));
    const P = s.pairs;
    for (let p = 0; p < P; p++) {
      const w = Math.max(1 / (this.slot + 1), this.weight);
      this.rate[p] = (1 - w) * this.rate[p]! + w * st.requests[p]!;
    }
    this.slot++;
    const horizonLeft = s.horizon - this.slot + 1;
    const L = Math.max(1, Math.min(this.lookahead, horizonLeft));
    const value = new Float64Array(P);
    for (let p = 0; p < P; p++) value[p] = this.pairValue(p, st, L);
    const cache = knapsack(value, s);
    const local = Float64Array.from(cache, (c, p) => (c && st.requests[p]! > 0 ? 1 : 0));
    return encode(this.actionSpace, cache, local);
  }

  /** Cloud cost avoided minus edge cost over `L` slots of keeping pair `p` cached and serving it locally. */
  private pairValue(p: number, st: PairState, L: number): number {
    const s = this.system!;
    const M = s.models.length;
    const m = p % M;
    const i = (p - m) / M;
    const model = s.models[m]!;
    const c = s.costs;
    const J = s.paths;
    const k = s.thoughtTokens;
    const switchCost = c.switchCostPerGB * model.sizeGB;
    const accFactor = (c.accuracyCost * (1 - s.alpha[p]!)) / s.logInvBeta;
    const computePerToken = (c.computeCost * model.flopsPerToken) / s.computeFlops;
    const access = c.edgeAccessCost * s.promptTokens[i]!;
    let cached = st.cached[p] === 1;
    let K = st.context[p]!;
    let kappa = st.kappa[p]!;
    let value = 0;
    for (let h = 0; h < L; h++) {
      const r = h === 0 ? st.requests[p]! : this.rate[p]!;
      if (!cached) {
        value -= switchCost;
        cached = true;
      }
      if (r <= 0) {
        kappa = Math.max(kappa - s.vanishing, 0);
        continue;
      }
      const delta = r * J * k;
      kappa = Math.max(kappa + delta / k - s.vanishing, 0);
      K += delta;
      const local = access * r + computePerToken * delta + (accFactor * r) / Math.max(kappa, 1);
      value += c.cloudCost * J * r - local;
      if (K > model.contextWindow) {
        K = 0;
        kappa = 0;
        cached = false;
      }
    }
    return value;
  }
}

/** The subset of pairs with positive value of largest total value whose weights fit (exact DP over whole GB). */
function knapsack(value: Float64Array, s: SystemDescription): Uint8Array {
  const P = s.pairs;
  const M = s.models.length;
  const items = Array.from({ length: P }, (_, p) => p).filter((p) => value[p]! > 0);
  const cap = Math.floor(s.memoryGB + 1e-9);
  const w = items.map((p) => Math.ceil(s.models[p % M]!.sizeGB - 1e-9));
  const best = new Float64Array(cap + 1);
  const take = new Uint8Array(items.length * (cap + 1));
  items.forEach((p, j) => {
    for (let g = cap; g >= w[j]!; g--) {
      const v = best[g - w[j]!]! + value[p]!;
      if (v > best[g]!) {
        best[g] = v;
        take[j * (cap + 1) + g] = 1;
      }
    }
  });
  const cache = new Uint8Array(P);
  let g = cap;
  for (let j = items.length - 1; j >= 0; j--) {
    if (take[j * (cap + 1) + g]) {
      cache[items[j]!] = 1;
      g -= w[j]!;
    }
  }
  return cache;
}
