/**
 * The hindsight oracle and the Lagrangian lower bound of an EdgeLLM episode (docs/agents.md). Not a policy:
 * it reads the episode's arrivals in advance (arrivals do not depend on actions, so replaying the same seed
 * gives the same requests), plans every pair's cache schedule by an exact dynamic program with memory and
 * energy priced per slot, searches the prices by subgradient steps, and replays the best plan on the
 * environment, which charges its true cost.
 * @module
 */
import type { Env } from '../../src/core/env.ts';
import { make } from '../../src/registry/registry.ts';
import type { SystemDescription } from '../../envs/edge-llm/system.ts';
import type { EdgeLLMStepInfo } from '../../envs/edge-llm/edge-llm-env.ts';
import { decode, encode, readSystem } from '../baselines/edge-view.ts';
import { type EpisodeRecord, EpisodeRecorder } from './episode-recorder.ts';

/** The oracle's result for one episode. */
export interface OracleEpisode {
  /** The replayed plan's episode record (its true cost on the environment). */
  record: EpisodeRecord;
  /**
   * Lagrangian lower bound on the mean cost per slot, or `undefined` for trace workloads (whose token counts
   * per request the bound does not model). Valid for schedules that serve each slot's requests of a cached
   * pair all locally or all in the cloud (b ∈ {0, 1}).
   */
  bound?: number;
}

/** Options of {@link oracleEpisode}. */
export interface OracleOptions {
  /** Subgradient iterations (default 100). */
  iterations?: number;
}

/** Requests per slot and pair (T rows of P), read by stepping a copy of the episode with nothing cached. */
function recordArrivals(env: Env<Float32Array, unknown>, seed: number, s: SystemDescription): Float64Array[] {
  let [obs] = env.reset({ seed });
  const idle = encode(env.actionSpace, new Uint8Array(s.pairs), new Float64Array(s.pairs));
  const rows: Float64Array[] = [];
  for (;;) {
    rows.push(Float64Array.from(decode(obs, s).requests));
    const [next, , terminated, truncated] = env.step(idle as never);
    if (terminated || truncated) break;
    obs = next;
  }
  return rows;
}

interface PairConst {
  size: number;
  switchCost: number;
  access: number;
  computePerToken: number;
  accFactor: number;
  energyPerToken: number;
  window: number;
  cloudPerRequest: number;
}

function pairConstants(s: SystemDescription): PairConst[] {
  const M = s.models.length;
  return Array.from({ length: s.pairs }, (_, p) => {
    const m = p % M;
    const model = s.models[m]!;
    const c = s.costs;
    return {
      size: model.sizeGB,
      switchCost: c.switchCostPerGB * model.sizeGB,
      access: c.edgeAccessCost * s.promptTokens[(p - m) / M]!,
      computePerToken: (c.computeCost * model.flopsPerToken) / s.computeFlops,
      accFactor: (c.accuracyCost * (1 - s.alpha[p]!)) / s.logInvBeta,
      energyPerToken: model.energyPerToken,
      window: model.contextWindow,
      cloudPerRequest: c.cloudCost * s.paths,
    };
  });
}

/**
 * Exact DP of one pair over the episode with memory priced `mu[t]` per GB and energy `nu[t]` per joule: the
 * schedule is a sequence of cached intervals (each starts with a load that pays switching, serves every
 * request locally, and ends when the context window evicts or by choice, in which case the next slot is
 * uncached); slots outside them go to the cloud. Slots where `residual` memory is below the model's size
 * cannot be cached.
 * Writes the cache bits into `a` and returns the priced cost.
 */
function pairDp(
  R: Float64Array[],
  p: number,
  k: PairConst,
  s: SystemDescription,
  mu: Float64Array,
  nu: Float64Array,
  a: Uint8Array,
  residual?: Float64Array,
): number {
  const T = R.length;
  const J = s.paths;
  const kt = s.thoughtTokens;
  // free[t]: least cost of slots 1..t with the pair not cached entering slot t + 1 (slot t went to the cloud,
  // or the window evicted it at t); held[t]: an interval ended at t by choice (still cached), so slot t + 1
  // must go to the cloud before a new load: a context cannot be restarted without leaving memory.
  const free = new Float64Array(T + 1).fill(Infinity);
  const held = new Float64Array(T + 1).fill(Infinity);
  const freeFrom = new Int32Array(T + 1); // 0: cloud after free, -1: cloud after held, s > 0: interval from s evicted at t
  const heldFrom = new Int32Array(T + 1);
  const evictPush = new Float64Array(T + 1).fill(Infinity);
  const evictFrom = new Int32Array(T + 1);
  free[0] = 0;
  const finalize = (t: number) => {
    const cloud = k.cloudPerRequest * R[t - 1]![p]!;
    free[t] = free[t - 1]! + cloud;
    freeFrom[t] = 0;
    if (held[t - 1]! + cloud < free[t]!) {
      free[t] = held[t - 1]! + cloud;
      freeFrom[t] = -1;
    }
    if (evictPush[t]! < free[t]!) {
      free[t] = evictPush[t]!;
      freeFrom[t] = evictFrom[t]!;
    }
  };
  for (let start = 1; start <= T; start++) {
    if (start > 1) finalize(start - 1);
    let acc = free[start - 1]! + k.switchCost;
    let K = 0;
    let kappa = 0;
    for (let t = start; t <= T; t++) {
      if (residual !== undefined && residual[t - 1]! < k.size - 1e-9) break; // no room left in slot t
      const r = R[t - 1]![p]!;
      const delta = r * J * kt;
      kappa = Math.max(kappa + delta / kt - s.vanishing, 0);
      K += delta;
      acc += k.access * r + k.computePerToken * delta + (k.accFactor * r) / Math.max(kappa, 1) + nu[t - 1]! * k.energyPerToken * delta + mu[t - 1]! * k.size;
      if (K > k.window) {
        if (acc < evictPush[t]!) {
          evictPush[t] = acc;
          evictFrom[t] = start;
        }
        break;
      }
      if (acc < held[t]!) {
        held[t] = acc;
        heldFrom[t] = start;
      }
    }
  }
  finalize(T);
  a.fill(0);
  let t = T;
  let inHeld = held[T]! < free[T]!;
  const total = Math.min(free[T]!, held[T]!);
  while (t > 0) {
    if (inHeld) {
      const st = heldFrom[t]!;
      for (let u = st; u <= t; u++) a[u - 1] = 1;
      t = st - 1;
      inHeld = false; // an interval starts from a free state
      continue;
    }
    const f = freeFrom[t]!;
    if (f > 0) {
      for (let u = f; u <= t; u++) a[u - 1] = 1;
      t = f - 1;
    } else {
      inHeld = f === -1;
      t--;
    }
  }
  return total;
}

/** Makes a plan feasible in memory: per slot, drops the cached pairs with the fewest requests ahead per GB. */
function repair(plan: Uint8Array[], R: Float64Array[], consts: PairConst[], memory: number): Uint8Array[] {
  const T = R.length;
  const P = consts.length;
  const out = plan.map((a) => Uint8Array.from(a));
  for (let t = 0; t < T; t++) {
    let used = 0;
    for (let p = 0; p < P; p++) if (out[p]![t]) used += consts[p]!.size;
    while (used > memory + 1e-9) {
      let worst = -1;
      let worstScore = Infinity;
      for (let p = 0; p < P; p++) {
        if (!out[p]![t]) continue;
        let ahead = 0;
        for (let u = t; u < T && out[p]![u]; u++) ahead += R[u]![p]!;
        const score = ahead / consts[p]!.size;
        if (score < worstScore) {
          worstScore = score;
          worst = p;
        }
      }
      out[worst]![t] = 0;
      used -= consts[worst]!.size;
    }
  }
  return out;
}

/**
 * A feasible plan at the current prices: pairs in order of their priced saving over the cloud, each planned by
 * {@link pairDp} in the memory the pairs before it left free.
 */
function sequentialPlan(R: Float64Array[], consts: PairConst[], s: SystemDescription, mu: Float64Array, nu: Float64Array, saving: Float64Array): Uint8Array[] {
  const T = R.length;
  const P = consts.length;
  const residual = new Float64Array(T).fill(s.memoryGB);
  const plan = Array.from({ length: P }, () => new Uint8Array(T));
  const order = Array.from({ length: P }, (_, p) => p).sort((a, b) => saving[b]! - saving[a]!);
  for (const p of order) {
    if (saving[p]! <= 0) continue;
    pairDp(R, p, consts[p]!, s, mu, nu, plan[p]!, residual);
    for (let t = 0; t < T; t++) if (plan[p]![t]) residual[t] = residual[t]! - consts[p]!.size;
  }
  return plan;
}

/**
 * Coordinate descent on a feasible plan: each pair in turn is re-planned exactly by {@link pairDp}, unpriced
 * in memory but within the memory the other pairs leave, with energy still priced; repeated `passes` times.
 * The planned cost never increases.
 */
function improvePlan(plan: Uint8Array[], R: Float64Array[], consts: PairConst[], s: SystemDescription, nu: Float64Array, passes: number): Uint8Array[] {
  const T = R.length;
  const P = consts.length;
  const out = plan.map((a) => Uint8Array.from(a));
  const zero = new Float64Array(T);
  const used = new Float64Array(T);
  for (let p = 0; p < P; p++) for (let t = 0; t < T; t++) if (out[p]![t]) used[t] = used[t]! + consts[p]!.size;
  for (let pass = 0; pass < passes; pass++) {
    for (let p = 0; p < P; p++) {
      const residual = new Float64Array(T);
      for (let t = 0; t < T; t++) residual[t] = s.memoryGB - used[t]! + (out[p]![t] ? consts[p]!.size : 0);
      for (let t = 0; t < T; t++) if (out[p]![t]) used[t] = used[t]! - consts[p]!.size;
      pairDp(R, p, consts[p]!, s, zero, nu, out[p]!, residual);
      for (let t = 0; t < T; t++) if (out[p]![t]) used[t] = used[t]! + consts[p]!.size;
    }
  }
  return out;
}

/** Replays a plan (cache bits per pair and slot, everything local when cached) on `env` from `seed`. */
function replay(env: Env<Float32Array, unknown>, seed: number, plan: Uint8Array[], s: SystemDescription): EpisodeRecord {
  env.reset({ seed });
  const rec = new EpisodeRecorder(seed);
  const P = s.pairs;
  for (let t = 0; ; t++) {
    const cache = new Uint8Array(P);
    for (let p = 0; p < P; p++) cache[p] = plan[p]![t] ?? 0;
    const [, reward, terminated, truncated, info] = env.step(encode(env.actionSpace, cache, Float64Array.from(cache)) as never);
    rec.add(reward, info as EdgeLLMStepInfo);
    if (terminated || truncated) break;
  }
  return rec.finish();
}

/**
 * Plans and replays the oracle for one episode of `env` (an EdgeLLM environment) with `seed`.
 *
 * The Lagrangian dual: for prices `μ_t ≥ 0` (per GB of memory) and `ν_t ≥ 0` (per joule), each pair's priced
 * cost is minimized exactly by {@link pairDp}, and `Σ_p DP_p − Σ_t (μ_t·G + ν_t·E)` is a lower bound on any
 * schedule's cost, clairvoyant or not. Prices move by Polyak subgradient steps towards the best replayed
 * cost; every fifth iteration two memory-feasible plans are replayed — the priced plan with the pairs of
 * fewest requests ahead per GB dropped where memory overflows, and a sequential plan (pairs by priced saving,
 * each by its DP in the memory left), and both improved by re-planning one pair at a time in the memory the
 * others leave (coordinate descent) — and the cheapest replay is the oracle's episode.
 */
export function oracleEpisode(env: Env<Float32Array, unknown>, seed: number, options: OracleOptions = {}): OracleEpisode {
  const [, info] = env.reset({ seed });
  const s = readSystem(info);
  const isTrace = (env.unwrapped as unknown as { config?: { workload?: { kind?: string } } }).config?.workload?.kind === 'trace';
  const R = recordArrivals(env, seed, s);
  const T = R.length;
  const P = s.pairs;
  const consts = pairConstants(s);
  const mu = new Float64Array(T);
  const nu = new Float64Array(T);
  const plan = Array.from({ length: P }, () => new Uint8Array(T));
  let best = replay(env, seed, plan, s); // cloud only
  let bound = -Infinity;
  let theta = 1;
  let stall = 0;
  const iterations = options.iterations ?? 100;
  for (let it = 0; it < iterations; it++) {
    let dual = 0;
    const saving = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      const cost = pairDp(R, p, consts[p]!, s, mu, nu, plan[p]!);
      dual += cost;
      let cloud = 0;
      for (let t = 0; t < T; t++) cloud += consts[p]!.cloudPerRequest * R[t]![p]!;
      saving[p] = cloud - cost;
    }
    const gMem = new Float64Array(T);
    const gEn = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      let used = 0;
      let energy = 0;
      for (let p = 0; p < P; p++) {
        if (!plan[p]![t]) continue;
        used += consts[p]!.size;
        energy += consts[p]!.energyPerToken * R[t]![p]! * s.paths * s.thoughtTokens;
      }
      dual -= mu[t]! * s.memoryGB + nu[t]! * s.energyBudget;
      gMem[t] = used - s.memoryGB;
      gEn[t] = energy - s.energyBudget;
    }
    if (dual > bound + 1e-12) {
      bound = dual;
      stall = 0;
    } else if (++stall >= 8) {
      theta /= 2;
      stall = 0;
    }
    if (it % 5 === 0 || it === iterations - 1) {
      const sequential = sequentialPlan(R, consts, s, mu, nu, saving);
      const repaired = repair(plan, R, consts, s.memoryGB);
      const candidates = [repaired, sequential, improvePlan(sequential, R, consts, s, nu, 4), improvePlan(repaired, R, consts, s, nu, 4)];
      for (const candidate of candidates) {
        const rec = replay(env, seed, candidate, s);
        if (rec.meanCost < best.meanCost) best = rec;
      }
    }
    // Polyak step on the active constraints (a price may only fall back towards 0 where it is positive)
    let norm = 0;
    for (let t = 0; t < T; t++) {
      if (mu[t]! > 0 || gMem[t]! > 0) norm += gMem[t]! ** 2;
      if (nu[t]! > 0 || gEn[t]! > 0) norm += gEn[t]! ** 2;
    }
    if (norm === 0) break; // the priced plan is feasible and complementary: it is optimal for the relaxation
    const step = (theta * Math.max(best.meanCost * T - dual, 1e-9)) / norm;
    for (let t = 0; t < T; t++) {
      mu[t] = Math.max(0, mu[t]! + step * gMem[t]!);
      nu[t] = Math.max(0, nu[t]! + step * gEn[t]!);
    }
  }
  return isTrace ? { record: best } : { record: best, bound: bound / T };
}

/** Oracle episodes of registered environment `envId` for seeds `seed … seed + episodes − 1`. */
export function oracleEpisodes(envId: string, seed: number, episodes: number, options: OracleOptions = {}): OracleEpisode[] {
  const env = make(envId) as Env<Float32Array, unknown>;
  try {
    return Array.from({ length: episodes }, (_, k) => oracleEpisode(env, seed + k, options));
  } finally {
    env.close();
  }
}
