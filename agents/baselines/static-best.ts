/**
 * `static-best`: the best fixed cache set and local shares, chosen on training seeds by enumerating feasible
 * sets and simulating the candidates exactly (docs/agents.md). A strong non-learned reference: it shows what
 * a policy that never adapts can reach.
 * @module
 */
import type { Agent } from '../agent.ts';
import type { Env, Info } from '../../src/core/env.ts';
import type { Space } from '../../src/spaces/space.ts';
import { InvalidArgument } from '../../src/core/errors.ts';
import { make } from '../../src/registry/registry.ts';
import { configHash } from '../../src/utils/run-metadata.ts';
import type { SystemDescription } from '../../envs/edge-llm/system.ts';
import type { EdgeLLMAction } from '../../envs/edge-llm/edge-llm-env.ts';
import { encode, readSystem } from './edge-view.ts';

/** A fixed plan: cache bits and local shares per pair, and its mean cost per slot on the training seeds. */
export interface StaticPlan {
  cache: Uint8Array;
  local: Float64Array;
  trainingCost: number;
  /** Candidate sets simulated exactly. */
  candidates: number;
}

/** Options of {@link planStaticBest}. */
export interface StaticPlanOptions {
  /** Training seeds (default 0–9; the held-out seeds start at 10000). */
  seeds?: readonly number[];
  /** Local shares tried per pair (default 0.25, 0.5, 0.75, 1). */
  shares?: readonly number[];
  /** Candidate sets simulated exactly (default 24). */
  topK?: number;
}

const DEFAULT_SEEDS = Array.from({ length: 10 }, (_, k) => k);

/** Mean cost per slot of holding one fixed action every slot, over `seeds`. */
function fixedCost(env: Env<unknown, unknown>, cache: Uint8Array, local: Float64Array, seeds: readonly number[]): number {
  const action = encode(env.actionSpace, cache, local);
  let cost = 0;
  let slots = 0;
  for (const seed of seeds) {
    env.reset({ seed });
    for (;;) {
      const [, reward, terminated, truncated] = env.step(action);
      cost -= reward;
      slots++;
      if (terminated || truncated) break;
    }
  }
  return cost / slots;
}

/**
 * Chooses the fixed plan. (1) Each pair alone is simulated at every local share against caching nothing; its
 * saving and best share are kept. (2) Every memory-feasible set of pairs with a positive saving is enumerated
 * (depth-first) and scored by the sum of savings; the `topK` best are (3) simulated exactly together (so that
 * the shared energy budget counts), each with its pairs' best shares and with all shares 1, and the cheapest
 * wins. When the sets are too many to enumerate (over 2 million nodes), the candidates are the greedy prefixes
 * by saving per GB.
 */
export function planStaticBest(env: Env<unknown, unknown>, system: SystemDescription, options: StaticPlanOptions = {}): StaticPlan {
  const seeds = options.seeds ?? DEFAULT_SEEDS;
  const shares = options.shares ?? [0.25, 0.5, 0.75, 1];
  const topK = options.topK ?? 24;
  const P = system.pairs;
  const M = system.models.length;
  const size = (p: number) => system.models[p % M]!.sizeGB;
  const none = new Uint8Array(P);
  const zero = new Float64Array(P);
  const base = fixedCost(env, none, zero, seeds);
  const saving = new Float64Array(P);
  const bestShare = new Float64Array(P).fill(1);
  for (let p = 0; p < P; p++) {
    if (size(p) > system.memoryGB) continue;
    const cache = new Uint8Array(P);
    cache[p] = 1;
    for (const b of shares) {
      const local = new Float64Array(P);
      local[p] = b;
      const s = base - fixedCost(env, cache, local, seeds);
      if (s > saving[p]!) {
        saving[p] = s;
        bestShare[p] = b;
      }
    }
  }
  const good = Array.from({ length: P }, (_, p) => p)
    .filter((p) => saving[p]! > 0)
    .sort((a, b) => saving[b]! - saving[a]!);
  const sets = enumerateSets(good, saving, size, system.memoryGB, topK);
  let best: StaticPlan = { cache: none, local: zero, trainingCost: base, candidates: 0 };
  let candidates = 0;
  for (const set of sets) {
    const cache = new Uint8Array(P);
    for (const p of set) cache[p] = 1;
    for (const local of [Float64Array.from(bestShare, (b, p) => (cache[p] ? b : 0)), Float64Array.from(cache)]) {
      candidates++;
      const cost = fixedCost(env, cache, local, seeds);
      if (cost < best.trainingCost) best = { cache, local, trainingCost: cost, candidates: 0 };
    }
  }
  best.candidates = candidates;
  return best;
}

/** The `topK` memory-feasible subsets of `pairs` with the largest total saving. */
function enumerateSets(pairs: number[], saving: Float64Array, size: (p: number) => number, memory: number, topK: number): number[][] {
  const top: { score: number; set: number[] }[] = [];
  const keep = (score: number, set: number[]) => {
    if (top.length < topK || score > top[top.length - 1]!.score) {
      top.push({ score, set: [...set] });
      top.sort((a, b) => b.score - a.score);
      if (top.length > topK) top.pop();
    }
  };
  let nodes = 0;
  const LIMIT = 2_000_000;
  const chosen: number[] = [];
  const dfs = (k: number, used: number, score: number): boolean => {
    if (++nodes > LIMIT) return false;
    if (k === pairs.length) {
      keep(score, chosen);
      return true;
    }
    const p = pairs[k]!;
    if (used + size(p) <= memory + 1e-9) {
      chosen.push(p);
      const ok = dfs(k + 1, used + size(p), score + saving[p]!);
      chosen.pop();
      if (!ok) return false;
    }
    return dfs(k + 1, used, score);
  };
  if (dfs(0, 0, 0)) return top.map((t) => t.set);
  // too many sets: greedy prefixes by saving per GB
  const order = [...pairs].sort((a, b) => saving[b]! / size(b) - saving[a]! / size(a));
  const out: number[][] = [];
  const set: number[] = [];
  let used = 0;
  for (const p of order) {
    if (used + size(p) > memory + 1e-9) continue;
    set.push(p);
    used += size(p);
    out.push([...set]);
  }
  return out.slice(-topK);
}

const plans = new Map<string, StaticPlan>();

/**
 * The plan for registered environment `envId`, computed once per process and configuration (cached).
 * @throws {InvalidArgument} when `envConfigHash` is given and differs from the registered configuration's.
 */
export function staticPlanFor(envId: string, envConfigHash?: string): StaticPlan {
  const env = make(envId);
  try {
    const hash = configHash((env.unwrapped as unknown as { config?: unknown }).config ?? env.spec?.kwargs ?? {});
    if (envConfigHash !== undefined && envConfigHash !== hash) {
      throw new InvalidArgument(
        `static-best plans on the registered configuration of ${envId} (config ${hash}); this environment has config ${envConfigHash}. Register the configuration under its own id to plan for it.`,
      );
    }
    const key = `${envId}:${hash}`;
    let plan = plans.get(key);
    if (plan === undefined) {
      const [, info] = env.reset({ seed: 0 });
      plan = planStaticBest(env as Env<unknown, unknown>, readSystem(info));
      plans.set(key, plan);
    }
    return plan;
  } finally {
    env.close();
  }
}

/** Holds the plan's cache set and local shares every slot (a window eviction is reloaded the next slot). */
export class StaticBestPolicy implements Agent<ArrayLike<number>, EdgeLLMAction | Float32Array> {
  readonly name = 'static-best';
  private readonly action: EdgeLLMAction | Float32Array;
  /** The plan held. */
  readonly plan: StaticPlan;

  constructor(plan: StaticPlan, actionSpace: Space<unknown>) {
    this.plan = plan;
    this.action = encode(actionSpace, plan.cache, plan.local);
  }

  reset(_obs: ArrayLike<number>, info: Info): void {
    const s = readSystem(info);
    if (s.pairs !== this.plan.cache.length) {
      throw new InvalidArgument(`static-best was planned for ${this.plan.cache.length} pairs; this environment has ${s.pairs}.`);
    }
  }

  act(): EdgeLLMAction | Float32Array {
    return this.action;
  }
}
