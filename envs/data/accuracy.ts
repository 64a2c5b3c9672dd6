/**
 * Reasoning accuracy of the two reference LLMs on seven reasoning benchmarks: one greedy chain of thought
 * (CoT) and self-consistency over 5, 10, 15 and 20 sampled paths (SC-CoT), in percent. Figures from Wang et
 * al., "Self-Consistency Improves Chain of Thought Reasoning in Language Models" (arXiv 2203.11171), as
 * tabulated in arXiv 2501.14205 (Tables III–IV).
 * @module
 */

/** The benchmark tasks. */
export const TASKS = ['GSM8K', 'MultiArith', 'SVAMP', 'ASDiv', 'CSQA', 'StrategyQA', 'ARC'] as const;

/** A benchmark task name. */
export type Task = (typeof TASKS)[number];

/** Models with accuracy data. */
export const ACCURACY_MODELS = ['lamda-137b', 'palm-540b'] as const;

/** A model with accuracy data. */
export type AccuracyModel = (typeof ACCURACY_MODELS)[number];

/** Path counts of the self-consistency columns. */
export const SC_PATHS = [5, 10, 15, 20] as const;

/** One row: CoT accuracy and SC-CoT accuracy at 5, 10, 15, 20 paths (percent). */
export interface AccuracyRow {
  cot: number;
  sc: readonly [number, number, number, number];
}

/** `ACCURACY[model][task]`, percent. */
export const ACCURACY: Readonly<Record<AccuracyModel, Readonly<Record<Task, AccuracyRow>>>> = Object.freeze({
  'lamda-137b': {
    ASDiv: { cot: 49, sc: [53, 56, 57, 58] },
    MultiArith: { cot: 52, sc: [63, 69, 71, 73] },
    SVAMP: { cot: 39, sc: [43, 49, 51, 52] },
    GSM8K: { cot: 17, sc: [21, 24, 25, 26] },
    CSQA: { cot: 58, sc: [61, 62, 62, 62] },
    StrategyQA: { cot: 65, sc: [66, 67, 67, 68] },
    ARC: { cot: 55, sc: [57, 58, 59, 59] },
  },
  'palm-540b': {
    ASDiv: { cot: 74, sc: [78, 80, 81, 81] },
    MultiArith: { cot: 94, sc: [97, 98, 98, 98] },
    SVAMP: { cot: 79, sc: [83, 88, 85, 85] },
    GSM8K: { cot: 56, sc: [65, 70, 71, 72] },
    CSQA: { cot: 79, sc: [79, 80, 80, 80] },
    StrategyQA: { cot: 75, sc: [78, 79, 80, 80] },
    ARC: { cot: 85, sc: [86, 87, 88, 88] },
  },
});

/** `true` when `name` is a model with accuracy data. */
export function isAccuracyModel(name: unknown): name is AccuracyModel {
  return typeof name === 'string' && (ACCURACY_MODELS as readonly string[]).includes(name);
}

/** `true` when `name` is a benchmark task. */
export function isTask(name: unknown): name is Task {
  return typeof name === 'string' && (TASKS as readonly string[]).includes(name);
}

/**
 * Accuracy (fraction in [0, 1]) of `model` on `task` with `paths` self-consistency paths: the CoT figure at
 * one path, the table at 5/10/15/20, linear interpolation in between (between the CoT figure at 1 and SC5
 * below 5), and SC20 above 20.
 *
 * @example
 * ```ts
 * accuracyAt('palm-540b', 'GSM8K', 10);  // 0.70
 * accuracyAt('palm-540b', 'GSM8K', 12.5); // 0.705
 * ```
 */
export function accuracyAt(model: AccuracyModel, task: Task, paths: number): number {
  const row = ACCURACY[model][task];
  const xs = [1, ...SC_PATHS];
  const ys = [row.cot, ...row.sc];
  if (paths <= 1) return row.cot / 100;
  if (paths >= 20) return row.sc[3] / 100;
  for (let k = 1; k < xs.length; k++) {
    if (paths <= xs[k]!) {
      const t = (paths - xs[k - 1]!) / (xs[k]! - xs[k - 1]!);
      return (ys[k - 1]! + t * (ys[k]! - ys[k - 1]!)) / 100;
    }
  }
  return row.sc[3] / 100;
}

/**
 * Marginal accuracy gain (fraction) of one more path at `paths` paths, from the interpolated curve:
 * `accuracyAt(paths + 1) − accuracyAt(paths)`; can be negative where the published curve dips.
 */
export function marginalPathGain(model: AccuracyModel, task: Task, paths: number): number {
  return accuracyAt(model, task, paths + 1) - accuracyAt(model, task, paths);
}
