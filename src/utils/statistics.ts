/**
 * Summary statistics for evaluation results: mean, standard deviation, interquartile mean and a seeded
 * percentile-bootstrap confidence interval of the mean.
 * @module
 */
import { Generator } from '../random/generator.ts';

/** Arithmetic mean (NaN for an empty list). */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n − 1; 0 for fewer than two values). */
export function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/**
 * Interquartile mean: the mean of the sorted values after dropping the lowest and highest quarter, with
 * ⌊n/4⌋ values cut from each end, as `scipy.stats.trim_mean(x, 0.25)` and the rliable library (Agarwal et
 * al., 2021, "Deep RL at the edge of the statistical precipice") compute it.
 *
 * @example
 * ```ts
 * iqm([1, 2, 3, 4]); // 2.5
 * iqm([1, 2, 4, 8, 16, 32]); // 7.5
 * ```
 */
export function iqm(xs: readonly number[]): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const cut = Math.floor(n / 4);
  let total = 0;
  for (let i = cut; i < n - cut; i++) total += s[i]!;
  return total / (n - 2 * cut);
}

/** Percentile of sorted values with linear interpolation (NumPy's default). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Percentile-bootstrap confidence interval of the mean.
 *
 * @param xs the sample.
 * @param level confidence level, default 0.95.
 * @param resamples bootstrap resamples, default 10,000.
 * @param seed seed of the resampling, so that reports are reproducible.
 */
export function bootstrapCI(xs: readonly number[], level = 0.95, resamples = 10000, seed = 0): [number, number] {
  const n = xs.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  if (n === 1) return [xs[0]!, xs[0]!];
  const rng = new Generator(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += xs[Math.floor(rng.random() * n)]!;
    means[r] = s / n;
  }
  means.sort();
  const alpha = (1 - level) / 2;
  const sorted = Array.from(means);
  return [percentile(sorted, alpha), percentile(sorted, 1 - alpha)];
}

/** Mean, std, IQM, 95% bootstrap CI, min and max of a sample. */
export interface Summary {
  mean: number;
  std: number;
  iqm: number;
  ci95: [number, number];
  min: number;
  max: number;
  n: number;
}

/** Summarizes a sample (see {@link Summary}). */
export function summarize(xs: readonly number[], seed = 0): Summary {
  return {
    mean: mean(xs),
    std: std(xs),
    iqm: iqm(xs),
    ci95: bootstrapCI(xs, 0.95, 10000, seed),
    min: xs.length ? Math.min(...xs) : Number.NaN,
    max: xs.length ? Math.max(...xs) : Number.NaN,
    n: xs.length,
  };
}
