/**
 * Leaderboard rows of a learning agent over several training seeds: every seed's checkpoint plays the same
 * held-out episodes; the row reports the mean of the seed means, the IQM over seeds × episodes, the 95 %
 * two-level bootstrap CI (seeds, then episodes; `src/utils/two-level-bootstrap.ts`), the seed means with
 * their spread, and the training seeds. Also the paired comparison of two such rows (e.g. `t2drl` against
 * `t2drl-no-ttt`, the same checkpoints with test-time updates off): per seed and pooled over the seeds.
 * @module
 */
import { InvalidArgument } from '../../src/core/errors.ts';
import { bootstrapCI, mean } from '../../src/utils/statistics.ts';
import { summarizeAcrossSeeds, twoLevelBootstrapCI } from '../../src/utils/two-level-bootstrap.ts';
import { type EvaluationResult, summarizeEpisodes } from './evaluate.ts';

/**
 * Combines the evaluations of one agent's checkpoints (one per training seed, all on the same held-out
 * episodes) into one row; see `EvaluationResult.acrossSeeds`.
 *
 * @throws {InvalidArgument} when the results are not of one agent and environment, the seeds are not distinct,
 *   or the held-out episodes differ between seeds.
 *
 * @example
 * ```ts
 * // two training seeds of one agent, each on held-out episodes 10000 and 10001 (normally from evaluateAgent)
 * const ep = (seed: number, meanCost: number) => ({ seed, return: -10 * meanCost, length: 10, meanCost });
 * const s1 = summarizeEpisodes('t2drl', 'EdgeLLM-Flip-v0', [ep(10000, 0.5), ep(10001, 0.7)]);
 * const s2 = summarizeEpisodes('t2drl', 'EdgeLLM-Flip-v0', [ep(10000, 0.9), ep(10001, 0.9)]);
 * const row = combineSeedResults([s1, s2], [1, 2]);
 * row.meanCost;                // 0.75, the mean of the seed means 0.6 and 0.9
 * row.acrossSeeds!.spread;     // [0.6, 0.9]
 * ```
 */
export function combineSeedResults(results: readonly EvaluationResult[], trainingSeeds: readonly number[]): EvaluationResult {
  if (results.length === 0 || results.length !== trainingSeeds.length) {
    throw new InvalidArgument(`combineSeedResults: ${results.length} results for ${trainingSeeds.length} training seeds; pass one result per seed.`);
  }
  const { agent, env } = results[0]!;
  if (new Set(trainingSeeds).size !== trainingSeeds.length) throw new InvalidArgument(`combineSeedResults: training seeds of ${agent} on ${env} repeat: ${trainingSeeds.join(', ')}.`);
  const episodeSeeds = results[0]!.episodes.map((e) => e.seed).join(',');
  results.forEach((r, i) => {
    if (r.agent !== agent || r.env !== env) throw new InvalidArgument(`combineSeedResults: result ${i} is ${r.agent} on ${r.env}, not ${agent} on ${env}.`);
    if (r.episodes.map((e) => e.seed).join(',') !== episodeSeeds) {
      throw new InvalidArgument(`combineSeedResults: training seed ${trainingSeeds[i]} of ${agent} on ${env} played other held-out episodes than seed ${trainingSeeds[0]}; evaluate every seed on the same episode seeds.`);
    }
  });
  const order = trainingSeeds.map((s, i) => ({ s, r: results[i]! })).sort((a, b) => a.s - b.s);
  const episodes = order.flatMap(({ s, r }) => r.episodes.map((e) => ({ ...e, trainingSeed: s })));
  const row = summarizeEpisodes(agent, env, episodes);
  const table = order.map(({ r }) => r.episodes.map((e) => e.meanCost));
  const s = summarizeAcrossSeeds(table);
  row.meanCost = s.mean;
  row.ci95 = s.ci95;
  row.iqm = s.iqm;
  row.cost = { ...row.cost, mean: s.mean, ci95: s.ci95, iqm: s.iqm };
  row.acrossSeeds = { trainingSeeds: order.map((o) => o.s), seedMeans: s.seedMeans, spread: s.spread };
  return row;
}

/**
 * The per-episode mean costs of a row by training seed (rows in `acrossSeeds.trainingSeeds` order; a
 * single-seed row gives one row).
 */
export function costsBySeed(r: EvaluationResult): number[][] {
  if (r.acrossSeeds === undefined) return [r.episodes.map((e) => e.meanCost)];
  return r.acrossSeeds.trainingSeeds.map((s) => r.episodes.filter((e) => e.trainingSeed === s).map((e) => e.meanCost));
}

/** A paired difference `a − b` of mean cost per slot over the same episodes. */
export interface PairedDifference {
  /** Mean of the per-episode differences (pooled: mean over seeds of the per-seed means). */
  mean: number;
  /** 95 % bootstrap CI: over episodes (per seed), or two-level over seeds and episodes (pooled). */
  ci95: [number, number];
  /** Episodes where `a` cost less than `b`, and the number compared. */
  lower: number;
  count: number;
}

/** {@link pairedAcrossSeeds}'s result. */
export interface PairedComparison {
  a: string;
  b: string;
  env: string;
  /** Per training seed (the seed is `null` for single-seed rows). */
  perSeed: (PairedDifference & { trainingSeed: number | null })[];
  /** Over every seed and episode. */
  pooled: PairedDifference;
}

/**
 * The paired comparison of rows `a` and `b` (same environment, same training seeds, same held-out
 * episodes), e.g. `t2drl` against `t2drl-no-ttt`: the difference a − b per episode, per training seed (its
 * mean and bootstrap CI over episodes) and pooled (mean of the seed means, two-level bootstrap CI).
 * Returns `null` when the rows cannot be paired (other seeds or episodes).
 *
 * @example
 * ```ts
 * const ep = (seed: number, meanCost: number) => ({ seed, return: -10 * meanCost, length: 10, meanCost });
 * const on = summarizeEpisodes('t2drl', 'EdgeLLM-Flip-v0', [ep(10000, 0.60), ep(10001, 0.62)]);
 * const off = summarizeEpisodes('t2drl-no-ttt', 'EdgeLLM-Flip-v0', [ep(10000, 0.63), ep(10001, 0.66)]);
 * const p = pairedAcrossSeeds(on, off)!;
 * p.pooled.mean;  // about −0.035: test-time updates lower the cost
 * p.pooled.lower; // 2 (of 2 episodes)
 * ```
 */
export function pairedAcrossSeeds(a: EvaluationResult, b: EvaluationResult): PairedComparison | null {
  if (a.env !== b.env) return null;
  const seedsA = a.acrossSeeds?.trainingSeeds ?? [];
  const seedsB = b.acrossSeeds?.trainingSeeds ?? [];
  if (seedsA.join(',') !== seedsB.join(',')) return null;
  const ta = costsBySeed(a);
  const tb = costsBySeed(b);
  const epA = a.episodes.map((e) => `${e.trainingSeed ?? ''}:${e.seed}`).join(',');
  const epB = b.episodes.map((e) => `${e.trainingSeed ?? ''}:${e.seed}`).join(',');
  if (epA !== epB || ta.some((row) => row.length === 0)) return null;
  const diffs = ta.map((row, i) => row.map((x, k) => x - tb[i]![k]!));
  const describe = (xs: number[]): Omit<PairedDifference, 'ci95'> => ({ mean: mean(xs), lower: xs.filter((d) => d < 0).length, count: xs.length });
  const perSeed = diffs.map((d, i) => ({ trainingSeed: seedsA[i] ?? null, ...describe(d), ci95: bootstrapCI(d) }));
  const all = diffs.flat();
  const pooled = { ...describe(all), mean: mean(diffs.map((d) => mean(d))), ci95: twoLevelBootstrapCI(diffs) };
  return { a: a.agent, b: b.agent, env: a.env, perSeed, pooled };
}
