/**
 * The leaderboard: every applicable agent × scenario on held-out seeds, written as JSON, Markdown, CSV and
 * SVG charts.
 * @module
 */
import { join } from 'node:path';
import { make } from '../../src/registry/registry.ts';
import { configHash, runMetadata } from '../../src/utils/run-metadata.ts';
import { writeFileAtomic } from '../../src/utils/atomic-write.ts';
import { renderSvg } from '../../src/plot/render-svg.ts';
import { intervalChart, stackedChart, type IntervalRow, type StackRow } from '../../src/plot/charts.ts';
import { agentsFor, listAgents } from '../catalogue.ts';
import { EVAL_SEED_BASE, evaluateAgent, type EvaluationResult } from '../evaluation/evaluate.ts';
import { type LeaderboardFile, writeLeaderboard } from '../evaluation/leaderboard-file.ts';
import { combineSeedResults } from '../evaluation/across-seeds.ts';
import type { EpisodeRecord } from '../evaluation/episode-recorder.ts';
import { MarketPropertyChecker, multiEnvOf } from '../../envs/edge-llm-multi/market-property-checker.ts';
import { ORACLE_NAME, oracleAppliesTo, oracleCachePath, oracleResult } from './oracle-entry.ts';

/** Scenarios of the default leaderboard run (those that are registered). */
export const DEFAULT_LEADERBOARD_ENVS: readonly string[] = [
  'EdgeLLM-v0',
  'EdgeLLM-Shift-v0',
  'EdgeLLM-Flip-v0',
  'EdgeLLM-Rotate-v0',
  'EdgeLLM-AzureConv-v0',
  'EdgeLLM-AzureCode-v0',
  'DDAMarket-v0',
  'EdgeLLMMulti-View-v0',
  'EdgeLLMMulti-NoMarket-View-v0',
];

/** Options of {@link runLeaderboard}. */
export interface LeaderboardOptions {
  /** Environment ids. */
  envs: readonly string[];
  /** Agent names to include (default: every agent that applies). */
  agents?: readonly string[];
  /** Episodes per entry (default 20). */
  episodes?: number;
  /** First held-out seed (default {@link EVAL_SEED_BASE}). */
  seed?: number;
  /** Output directory (default `results`); `null` writes nothing. */
  outDir?: string | null;
  /** Extra metadata (e.g. the numeric backend). */
  meta?: Record<string, unknown>;
  /** Called after each episode. */
  onEpisode?: (env: string, agent: string, record: EpisodeRecord) => void;
  /** Called when an entry starts. */
  onEntry?: (env: string, agent: string) => void;
  /**
   * Add the hindsight oracle's row to every EdgeLLM scenario (default: when `agents` is not given or names
   * `oracle`).
   */
  oracle?: boolean;
}

/** The (env, agent) pairs a leaderboard run will evaluate. */
export function leaderboardPlan(envs: readonly string[], agents?: readonly string[]): { env: string; agent: string }[] {
  const plan: { env: string; agent: string }[] = [];
  for (const env of envs) {
    for (const entry of agentsFor(env)) {
      if (agents === undefined || agents.includes(entry.name)) plan.push({ env, agent: entry.name });
    }
  }
  return plan;
}

/**
 * Agents of the run that are left out of an environment for a stated reason (e.g. a learning agent without a
 * checkpoint for it), so that the leaderboard can say so instead of failing.
 */
export function skippedEntries(envs: readonly string[], agents?: readonly string[]): { env: string; agent: string; reason: string }[] {
  const out: { env: string; agent: string; reason: string }[] = [];
  for (const env of envs) {
    for (const e of listAgents()) {
      if (e.appliesTo(env) || e.unavailableReason === undefined || (agents !== undefined && !agents.includes(e.name))) continue;
      out.push({ env, agent: e.name, reason: e.unavailableReason(env) });
    }
  }
  return out;
}

/**
 * Evaluates every applicable agent on every environment (a learning agent with several training seeds once
 * per seed, reported as one row across them: `evaluation/across-seeds.ts`) and writes `leaderboard.{json,md,csv}`, the page
 * `index.html` and the charts `leaderboard-cost.svg` and `leaderboard-breakdown.svg` into `outDir`.
 *
 * @example
 * ```ts
 * const board = await runLeaderboard({ envs: ['EdgeLLM-v0'], agents: ['cloud', 'lfu'], episodes: 2, outDir: null }); // null: no files
 * ```
 */
export async function runLeaderboard(options: LeaderboardOptions): Promise<LeaderboardFile> {
  const episodes = options.episodes ?? 20;
  const seed = options.seed ?? EVAL_SEED_BASE;
  const results: EvaluationResult[] = [];
  const hashes: Record<string, string> = {};
  const marketSlotsChecked: Record<string, number> = {};
  for (const { env: envId, agent: name } of leaderboardPlan(options.envs, options.agents)) {
    options.onEntry?.(envId, name);
    const made = make(envId);
    const multi = multiEnvOf(made);
    // multi-edge systems: every slot's market is checked for individual rationality and weak budget balance
    const checker = multi !== null && multi.config.market ? new MarketPropertyChecker(made) : null;
    const env = checker ?? made;
    const unwrapped = env.unwrapped as unknown as { config?: unknown };
    hashes[envId] = configHash(multi?.config ?? unwrapped.config ?? env.spec?.kwargs ?? {});
    const entry = agentsFor(envId).find((e) => e.name === name)!;
    // a learning agent with several training seeds: every seed plays the same episodes, one row across them
    const trainingSeeds = entry.trainingSeeds?.(envId) ?? [];
    const bySeed: EvaluationResult[] = [];
    for (const trainingSeed of trainingSeeds.length > 1 ? trainingSeeds : [undefined]) {
      const agent = await entry.create({
        observationSpace: env.observationSpace,
        actionSpace: env.actionSpace,
        envId,
        seed,
        envConfigHash: hashes[envId],
        ...(trainingSeed === undefined ? {} : { trainingSeed }),
      });
      bySeed.push(evaluateAgent(env, agent, { episodes, seed, onEpisode: (r) => options.onEpisode?.(envId, name, r) }));
      agent.close?.();
    }
    results.push(bySeed.length > 1 ? combineSeedResults(bySeed, trainingSeeds) : bySeed[0]!);
    if (checker !== null) marketSlotsChecked[envId] = (marketSlotsChecked[envId] ?? 0) + checker.slotsChecked;
    env.close();
  }
  if (options.oracle ?? (options.agents === undefined || options.agents.includes(ORACLE_NAME))) {
    const cacheFile = options.outDir === null ? undefined : oracleCachePath(options.outDir ?? 'results');
    for (const envId of options.envs.filter(oracleAppliesTo)) {
      options.onEntry?.(envId, ORACLE_NAME);
      results.push(oracleResult(envId, seed, episodes, cacheFile));
    }
  }
  const board: LeaderboardFile = {
    meta: {
      ...runMetadata(),
      seedBase: seed,
      episodes,
      configHashes: hashes,
      ...(Object.keys(marketSlotsChecked).length > 0 ? { marketSlotsChecked } : {}),
      ...(options.meta ?? {}),
    },
    results,
  };
  if (options.outDir !== null) await writeLeaderboardOutputs(board, options.outDir ?? 'results');
  return board;
}

/** Writes the leaderboard files and charts; returns the written paths. */
export async function writeLeaderboardOutputs(board: LeaderboardFile, dir: string): Promise<string[]> {
  const paths = writeLeaderboard(board, dir);
  const costRows: IntervalRow[] = board.results.map((r) =>
    r.welfareRatio !== undefined
      ? { panel: `${r.env} (welfare / OPT)`, label: r.agent, value: r.welfareRatio.mean, lo: r.welfareRatio.ci95[0], hi: r.welfareRatio.ci95[1] }
      : { panel: r.env, label: r.agent, value: r.meanCost, lo: r.ci95[0], hi: r.ci95[1] },
  );
  const costPath = join(dir, 'leaderboard-cost.svg');
  const seeded = board.results.some((r) => r.acrossSeeds !== undefined);
  const ciText = seeded ? '95% bootstrap CI over episodes; over training seeds, then episodes, for rows with several seeds' : '95% bootstrap CI over episodes';
  writeFileAtomic(costPath, await renderSvg(intervalChart(costRows, `mean cost per slot, or welfare / OPT (${ciText})`, 'Leaderboard')));
  paths.push(costPath);
  const parts: StackRow[] = [];
  for (const r of board.results) {
    for (const [part, value] of Object.entries(r.costs ?? {})) parts.push({ panel: r.env, label: r.agent, part, value });
  }
  if (parts.length > 0) {
    const breakdownPath = join(dir, 'leaderboard-breakdown.svg');
    writeFileAtomic(breakdownPath, await renderSvg(stackedChart(parts, 'mean cost per slot', 'Cost breakdown')));
    paths.push(breakdownPath);
  }
  return paths;
}
