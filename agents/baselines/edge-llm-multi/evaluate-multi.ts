/**
 * Evaluation of per-server baselines on a multi-edge system, with the market on and off
 * (docs/agents.md#the-multi-edge-system).
 * @module
 */
import { InvalidArgument } from '../../../src/core/errors.ts';
import { summarize, type Summary } from '../../../src/utils/statistics.ts';
import { makeParallel } from '../../../src/parallel/parallel-registry.ts';
import type { EdgeLLMMultiEnv, ServerStepInfo } from '../../../envs/edge-llm-multi/edge-llm-multi-env.ts';
import { PerServerBaseline } from './per-server.ts';

/** Options of {@link evaluateMulti}. */
export interface EvaluateMultiOptions {
  /** Registered multi-edge id (default `EdgeLLMMulti-v0`). */
  envId?: string;
  /** Baselines to evaluate (default `cloud`, `lfu`, `popularity`, `greedy`). */
  baselines?: string[];
  /** Episodes per baseline and market setting (default 10). */
  episodes?: number;
  /** Seed of the first episode; episode k uses `seed + k` (default 10000, the held-out seeds). */
  seed?: number;
  /** Keyword arguments of the environment (besides `market`). */
  kwargs?: Record<string, unknown>;
}

/** The figures of one episode. */
export interface MultiEpisodeRecord {
  seed: number;
  /** Mean system cost per slot (the sum of the servers' costs after the market). */
  systemCost: number;
  /** Mean cost per slot of each server. */
  serverCosts: Record<string, number>;
  /** Paths traded, market welfare and budget surplus per slot (0 with the market off). */
  paths: number;
  welfare: number;
  budgetSurplus: number;
}

/** One baseline under one market setting. */
export interface MultiEvaluation {
  baseline: string;
  market: boolean;
  /** Mean system cost per slot over the episodes, with its bootstrap CI and IQM. */
  systemCost: Summary;
  /** Mean cost per slot of each server, over the episodes. */
  serverCosts: Record<string, number>;
  paths: number;
  welfare: number;
  budgetSurplus: number;
  episodes: MultiEpisodeRecord[];
}

/** What {@link evaluateMulti} returns: every baseline with the market on and off, and the difference. */
export interface MultiEvaluationReport {
  env: string;
  seed: number;
  rows: { baseline: string; on: MultiEvaluation; off: MultiEvaluation; marketGain: number }[];
}

/** Plays one episode of `env` with `policy` from `seed` and returns its figures. */
export function runMultiEpisode(env: EdgeLLMMultiEnv, policy: PerServerBaseline, seed: number): MultiEpisodeRecord {
  let [obs, infos] = env.reset({ seed });
  policy.reset(obs, infos);
  let slots = 0;
  let system = 0;
  let paths = 0;
  let welfare = 0;
  let surplus = 0;
  const servers: Record<string, number> = Object.fromEntries(env.possibleAgents.map((a) => [a, 0]));
  while (env.agents.length > 0) {
    const [next, , , , stepInfos] = env.step(policy.act(obs, infos));
    const first = stepInfos[env.possibleAgents[0]!] as ServerStepInfo;
    slots++;
    system += first.systemCost;
    if (first.system !== null) {
      paths += first.system.units;
      welfare += first.system.welfare;
      surplus += first.system.budgetSurplus;
    }
    for (const a of env.possibleAgents) servers[a]! += (stepInfos[a] as ServerStepInfo).costs.total;
    obs = next;
    infos = stepInfos;
  }
  for (const a of Object.keys(servers)) servers[a]! /= slots;
  return { seed, systemCost: system / slots, serverCosts: servers, paths: paths / slots, welfare: welfare / slots, budgetSurplus: surplus / slots };
}

function aggregate(baseline: string, market: boolean, episodes: MultiEpisodeRecord[]): MultiEvaluation {
  const mean = (f: (e: MultiEpisodeRecord) => number) => episodes.reduce((s, e) => s + f(e), 0) / episodes.length;
  const serverCosts = Object.fromEntries(Object.keys(episodes[0]!.serverCosts).map((a) => [a, mean((e) => e.serverCosts[a]!)]));
  return {
    baseline,
    market,
    systemCost: summarize(episodes.map((e) => e.systemCost)),
    serverCosts,
    paths: mean((e) => e.paths),
    welfare: mean((e) => e.welfare),
    budgetSurplus: mean((e) => e.budgetSurplus),
    episodes,
  };
}

/**
 * Evaluates single-server baselines applied per server ({@link PerServerBaseline}) on a multi-edge id,
 * each over the same seeded episodes with the market on and off; `marketGain` is the fall of the mean
 * system cost per slot that the market brings (off minus on).
 *
 * @example
 * ```ts
 * const report = evaluateMulti({ baselines: ['lfu'], episodes: 2 });
 * report.rows[0]!.on.systemCost.mean;
 * ```
 * @throws {InvalidArgument} for a bad episode count or seed, or an unknown baseline.
 */
export function evaluateMulti(options: EvaluateMultiOptions = {}): MultiEvaluationReport {
  const envId = options.envId ?? 'EdgeLLMMulti-v0';
  const baselines = options.baselines ?? ['cloud', 'lfu', 'popularity', 'greedy'];
  const episodes = options.episodes ?? 10;
  const seed = options.seed ?? 10000;
  if (!Number.isInteger(episodes) || episodes < 1) throw new InvalidArgument(`episodes must be a positive integer; got ${episodes}.`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidArgument(`seed must be a non-negative integer; got ${seed}.`);
  const rows = baselines.map((baseline) => {
    const [on, off] = [true, false].map((market) => {
      const env = makeParallel(envId, { ...(options.kwargs ?? {}), market }) as EdgeLLMMultiEnv;
      const records: MultiEpisodeRecord[] = [];
      for (let k = 0; k < episodes; k++) {
        const policy = new PerServerBaseline(baseline, env, seed + k);
        records.push(runMultiEpisode(env, policy, seed + k));
        policy.close();
      }
      env.close();
      return aggregate(baseline, market, records);
    }) as [MultiEvaluation, MultiEvaluation];
    return { baseline, on, off, marketGain: off.systemCost.mean - on.systemCost.mean };
  });
  return { env: envId, seed, rows };
}
