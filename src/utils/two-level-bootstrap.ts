/**
 * Statistics across training seeds: a table of per-episode values with one row per training seed (every
 * seed evaluated on the same held-out episodes) summarized by the mean of the seed means, the IQM of all
 * values, the spread of the seed means, and a two-level percentile bootstrap that resamples seeds and
 * episodes — so the interval reflects both the training-seed and the episode variation. When every seed
 * row has the same length, the rows are taken to be the same episodes (as in the leaderboard, where every
 * seed plays the same held-out seeds): one draw of episode indices serves every drawn seed, so an
 * episode that is hard for every seed stays one episode, not several independent ones.
 * @module
 */
import { Generator } from '../random/generator.ts';
import { bootstrapCI, iqm, mean, percentile } from './statistics.ts';

function checkGroups(groups: readonly (readonly number[])[]): void {
  groups.forEach((g, s) => {
    if (g.length === 0) throw new RangeError(`two-level bootstrap: seed row ${s} has no episodes; every seed needs at least one value.`);
  });
}

/**
 * The bootstrap distribution of the mean of seed means: each of `resamples` draws picks `S` seed rows with
 * replacement (`S` = number of rows) and resamples episodes: with rows of equal length `n` (the same
 * episodes for every seed, crossed), one draw of `n` episode indices used for every drawn row; with rows
 * of different lengths, for every drawn row as many of its own values with replacement. The statistic is
 * the mean over the drawn rows of their resampled means. Seeded and reproducible.
 *
 * @example
 * ```ts
 * twoLevelBootstrapMeans([[1, 1], [3]], 4, 0).every((m) => m === 1 || m === 2 || m === 3); // true
 * ```
 */
export function twoLevelBootstrapMeans(groups: readonly (readonly number[])[], resamples = 10000, seed = 0): Float64Array {
  checkGroups(groups);
  const seeds = groups.length;
  const rng = new Generator(seed);
  const out = new Float64Array(resamples);
  const n0 = groups[0]?.length ?? 0;
  if (seeds > 0 && groups.every((g) => g.length === n0)) {
    // crossed: the same episodes for every seed, so one episode draw serves every drawn seed
    const picked = new Int32Array(seeds);
    for (let r = 0; r < resamples; r++) {
      for (let k = 0; k < seeds; k++) picked[k] = Math.floor(rng.random() * seeds);
      let total = 0;
      for (let i = 0; i < n0; i++) {
        const e = Math.floor(rng.random() * n0);
        for (let k = 0; k < seeds; k++) total += groups[picked[k]!]![e]!;
      }
      out[r] = total / (seeds * n0);
    }
    return out;
  }
  for (let r = 0; r < resamples; r++) {
    let total = 0;
    for (let k = 0; k < seeds; k++) {
      const row = groups[Math.floor(rng.random() * seeds)]!;
      const n = row.length;
      let s = 0;
      for (let i = 0; i < n; i++) s += row[Math.floor(rng.random() * n)]!;
      total += s / n;
    }
    out[r] = total / seeds;
  }
  return out;
}

/**
 * Two-level percentile-bootstrap confidence interval of the mean of seed means (see
 * {@link twoLevelBootstrapMeans}). With a single seed row it is exactly `bootstrapCI` of that row (only
 * episodes vary); with no rows it is `[NaN, NaN]`.
 *
 * @param groups per training seed, the per-episode values.
 * @param level confidence level, default 0.95.
 * @param resamples bootstrap resamples, default 10,000.
 * @param seed seed of the resampling.
 * @throws {RangeError} when a seed row is empty.
 *
 * @example
 * ```ts
 * twoLevelBootstrapCI([[0.61, 0.63, 0.60], [0.64, 0.66, 0.65], [0.62, 0.61, 0.63]]); // about [0.613, 0.643]
 * ```
 */
export function twoLevelBootstrapCI(groups: readonly (readonly number[])[], level = 0.95, resamples = 10000, seed = 0): [number, number] {
  if (groups.length === 0) return [Number.NaN, Number.NaN];
  if (groups.length === 1) return bootstrapCI(groups[0]!, level, resamples, seed);
  const sorted = Array.from(twoLevelBootstrapMeans(groups, resamples, seed).sort());
  const alpha = (1 - level) / 2;
  return [percentile(sorted, alpha), percentile(sorted, 1 - alpha)];
}

/** Summary of a seeds × episodes table (see {@link summarizeAcrossSeeds}). */
export interface AcrossSeedSummary {
  /** Mean of the seed means. */
  mean: number;
  /** Interquartile mean of all values (seeds × episodes pooled). */
  iqm: number;
  /** 95 % two-level bootstrap CI of {@link AcrossSeedSummary.mean}. */
  ci95: [number, number];
  /** Mean of each seed row, in row order. */
  seedMeans: number[];
  /** Lowest and highest seed mean. */
  spread: [number, number];
}

/**
 * Summarizes per-seed, per-episode values: mean of seed means, pooled IQM, two-level bootstrap CI and the
 * seed means with their spread.
 *
 * @example
 * ```ts
 * const s = summarizeAcrossSeeds([[1, 3], [5, 7]]);
 * s.mean;      // 4
 * s.seedMeans; // [2, 6]
 * s.spread;    // [2, 6]
 * ```
 */
export function summarizeAcrossSeeds(groups: readonly (readonly number[])[], seed = 0): AcrossSeedSummary {
  checkGroups(groups);
  const seedMeans = groups.map((g) => mean(g));
  return {
    mean: mean(seedMeans),
    iqm: iqm(groups.flat()),
    ci95: twoLevelBootstrapCI(groups, 0.95, 10000, seed),
    seedMeans,
    spread: seedMeans.length > 0 ? [Math.min(...seedMeans), Math.max(...seedMeans)] : [Number.NaN, Number.NaN],
  };
}
