/**
 * The evaluation harness: runs an agent on seeded episodes and summarizes the results.
 * @module
 */
import type { Env } from '../../src/core/env.ts';
import { InvalidArgument } from '../../src/core/errors.ts';
import { type Summary, summarize } from '../../src/utils/statistics.ts';
import type { Agent } from '../agent.ts';
import { type EpisodeRecord, EpisodeRecorder, type SystemRecord } from './episode-recorder.ts';

/** First seed of the held-out evaluation seeds; training uses seeds below it. */
export const EVAL_SEED_BASE = 10000;

/** Options of {@link evaluateAgent}. */
export interface EvaluateOptions {
  /** Episodes to run (default 20). */
  episodes?: number;
  /** Seed of the first episode; episode k uses `seed + k` (default {@link EVAL_SEED_BASE}). */
  seed?: number;
  /** Called after every episode (progress display). */
  onEpisode?: (record: EpisodeRecord, index: number) => void;
}

/** What a row over several training seeds adds to an {@link EvaluationResult} (see `across-seeds.ts`). */
export interface AcrossSeeds {
  /** Training seeds evaluated, ascending. */
  trainingSeeds: number[];
  /** Mean cost per slot of each training seed over the held-out episodes, in `trainingSeeds` order. */
  seedMeans: number[];
  /** Lowest and highest seed mean. */
  spread: [number, number];
}

/** An evaluation of one agent on one environment. */
export interface EvaluationResult {
  agent: string;
  env: string;
  /** Per-episode records. */
  episodes: EpisodeRecord[];
  /** Mean over episodes of the mean cost per step. */
  meanCost: number;
  /** 95% bootstrap CI of `meanCost`. */
  ci95: [number, number];
  /** Interquartile mean of the per-episode mean cost. */
  iqm: number;
  /** Summary of the per-episode mean cost. */
  cost: Summary;
  /** Mean cost terms per slot (EdgeLLM). */
  costs?: Record<string, number>;
  /** Request-weighted accuracy averaged over episodes (EdgeLLM). */
  accuracy?: number;
  /** Edge share averaged over episodes (EdgeLLM). */
  edgeShare?: number;
  /** Evictions per episode (EdgeLLM). */
  evictions?: number;
  /** Loads per episode (EdgeLLM). */
  loads?: number;
  /** Summary of welfare / OPT (market). */
  welfareRatio?: Summary;
  /** Summary of rounds (market). */
  rounds?: Summary;
  /** Mean messages (market). */
  messages?: number;
  /** Multi-edge systems: the episodes' per-server costs and market figures, averaged over the episodes. */
  system?: SystemRecord;
  /** `true` for the hindsight oracle (agents/orchestration/oracle.ts): a yardstick, not a policy. */
  oracle?: boolean;
  /** Mean of the per-episode Lagrangian lower bounds on the cost per slot (oracle rows). */
  bound?: number;
  /** Per-episode lower bounds, in episode order (oracle rows). */
  bounds?: number[];
  /**
   * Rows of a learning agent over several training seeds (`across-seeds.ts`): the seeds and their means.
   * `episodes` then holds every seed's episodes (each with its `trainingSeed`), `meanCost` is the mean of the
   * seed means, `iqm` the IQM over seeds × episodes and `ci95` the two-level bootstrap interval.
   */
  acrossSeeds?: AcrossSeeds;
}

/**
 * Runs one episode of `agent` on `env` from `reset({seed})` to termination or truncation.
 *
 * @example
 * ```ts
 * const env = new EdgeLLMEnv();
 * const agent = makeBaseline('lfu', { observationSpace: env.observationSpace, actionSpace: env.actionSpace });
 * const record = runEpisode(env, agent, 10000);
 * record.meanCost;
 * ```
 */
export function runEpisode<O, A>(env: Env<O, A>, agent: Agent<O, A>, seed: number): EpisodeRecord {
  let [obs, info] = env.reset({ seed });
  agent.reset(obs, info);
  const recorder = new EpisodeRecorder(seed);
  for (;;) {
    const action = agent.act(obs, info);
    const [next, reward, terminated, truncated, stepInfo] = env.step(action);
    recorder.add(reward, stepInfo);
    agent.observe?.({ obs, action, reward, terminated, truncated, info: stepInfo, nextObs: next });
    obs = next;
    info = stepInfo;
    if (terminated || truncated) break;
  }
  return recorder.finish();
}

function meanOf(records: EpisodeRecord[], pick: (r: EpisodeRecord) => number | undefined): number | undefined {
  const xs = records.map(pick).filter((x): x is number => typeof x === 'number');
  return xs.length === records.length && xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
}

/** Builds an {@link EvaluationResult} from per-episode records. */
export function summarizeEpisodes(agent: string, env: string, episodes: EpisodeRecord[]): EvaluationResult {
  const cost = summarize(episodes.map((e) => e.meanCost));
  const result: EvaluationResult = { agent, env, episodes, meanCost: cost.mean, ci95: cost.ci95, iqm: cost.iqm, cost };
  if (episodes.length > 0 && episodes.every((e) => e.costs !== undefined)) {
    const costs: Record<string, number> = {};
    for (const k of Object.keys(episodes[0]!.costs!)) {
      costs[k] = meanOf(episodes, (e) => (e.costs as unknown as Record<string, number>)[k])!;
    }
    result.costs = costs;
    result.accuracy = meanOf(episodes, (e) => e.accuracy);
    result.edgeShare = meanOf(episodes, (e) => e.edgeShare);
    result.evictions = meanOf(episodes, (e) => e.evictions);
    result.loads = meanOf(episodes, (e) => e.loads);
  }
  if (episodes.length > 0 && episodes.every((e) => e.system !== undefined)) {
    const servers = Object.keys(episodes[0]!.system!.serverCosts);
    result.system = {
      serverCosts: Object.fromEntries(servers.map((k) => [k, meanOf(episodes, (e) => e.system!.serverCosts[k])!])),
      welfare: meanOf(episodes, (e) => e.system!.welfare)!,
      budgetSurplus: meanOf(episodes, (e) => e.system!.budgetSurplus)!,
      rounds: meanOf(episodes, (e) => e.system!.rounds)!,
      paths: meanOf(episodes, (e) => e.system!.paths)!,
    };
  }
  if (episodes.length > 0 && episodes.every((e) => e.welfareRatio !== undefined)) {
    result.welfareRatio = summarize(episodes.map((e) => e.welfareRatio!));
    result.rounds = summarize(episodes.map((e) => e.rounds ?? Number.NaN));
    result.messages = meanOf(episodes, (e) => e.messages);
  }
  return result;
}

/**
 * Evaluates `agent` on `episodes` episodes of `env` with seeds `seed, seed + 1, …`.
 *
 * @example
 * ```ts
 * const env = make('EdgeLLM-v0');
 * const agent = makeBaseline('lfu', { observationSpace: env.observationSpace, actionSpace: env.actionSpace });
 * const result = evaluateAgent(env, agent, { episodes: 5 });
 * console.log(result.meanCost, result.ci95);
 * ```
 */
export function evaluateAgent<O, A>(env: Env<O, A>, agent: Agent<O, A>, options: EvaluateOptions = {}): EvaluationResult {
  const episodes = options.episodes ?? 20;
  const seed = options.seed ?? EVAL_SEED_BASE;
  if (!Number.isInteger(episodes) || episodes < 1) throw new InvalidArgument(`episodes must be a positive integer; got ${episodes}.`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidArgument(`seed must be a non-negative integer; got ${seed}.`);
  const records: EpisodeRecord[] = [];
  for (let k = 0; k < episodes; k++) {
    const record = runEpisode(env, agent, seed + k);
    records.push(record);
    options.onEpisode?.(record, k);
  }
  return summarizeEpisodes(agent.name, env.spec?.id ?? env.constructor.name, records);
}
