/**
 * A learning curve reduced for the leaderboard page: at most a few hundred points per checkpoint, every
 * validation point kept, the training points thinned evenly (the last one always kept). The curves of
 * several training seeds of one recipe reduce to one series: the means over the seeds and the seed band
 * (lowest and highest validation value at each point).
 * @module
 */
import type { ChartSpec } from '../../../src/plot/render-svg.ts';
import { type LineRow, lineChart } from '../../../src/plot/charts.ts';
import type { LearningCurveSeries } from '../../evaluation/leaderboard-page.ts';
import type { CurveRow } from './learning-curve.ts';

/** One checkpoint's learning curve as recorded in the leaderboard's `meta.learningCurves` (training points thinned). */
export type CurveSeries = LearningCurveSeries;

const orNull = (v: number): number | null => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null);

/**
 * Reduces `rows` to at most about `maxPoints` training points (plus every validation point).
 *
 * @example
 * ```ts
 * import { fileURLToPath } from 'node:url';
 * import { readCheckpoint } from './checkpoint.ts';
 * import { curveFromJSON } from './learning-curve.ts';
 * const checkpoint = readCheckpoint(fileURLToPath(new URL('../../checkpoints/t2drl-EdgeLLM-v0-s42.json', import.meta.url)));
 * const series = curveSeries('t2drl', 'EdgeLLM-v0', curveFromJSON(checkpoint.curve));
 * ```
 */
export function curveSeries(agent: string, env: string, rows: readonly CurveRow[], maxPoints = 150): CurveSeries {
  const market = rows.some((r) => Number.isFinite(r.welfareRatio));
  const stride = Math.max(1, Math.ceil(rows.length / maxPoints));
  const out: CurveSeries = { env, agent, metric: market ? 'mean episode return' : 'mean cost per step', x: [], train: [], validation: [] };
  rows.forEach((r, i) => {
    const validation = orNull(market ? r.evalReturn : r.evalCost);
    const keepTrain = i % stride === 0 || i === rows.length - 1;
    if (!keepTrain && validation === null) return;
    out.x.push(r.envSteps);
    out.train.push(keepTrain ? orNull(market ? r.trainReturn : r.trainCost) : null);
    out.validation.push(validation);
  });
  return out;
}

/** One training seed's curve, for {@link seedBandSeries}. */
export interface SeedCurve {
  readonly seed: number;
  readonly rows: readonly CurveRow[];
}

const meanOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The curves of several training seeds of one agent and environment as one series: at every environment
 * step that all seeds reached, the mean over the seeds of the training and validation values, and the
 * lowest and highest validation value (the seed band; `null` where a seed was not validated). Training
 * points are thinned as in {@link curveSeries}; every validation point is kept.
 *
 * @example
 * ```ts
 * import type { CurveRow } from './learning-curve.ts';
 * const row = (steps: number, cost: number) => ({ envSteps: steps, trainCost: cost, evalCost: cost, welfareRatio: NaN }) as CurveRow;
 * const s = seedBandSeries('t2drl', 'EdgeLLM-Flip-v0', [
 *   { seed: 1, rows: [row(2000, 0.8), row(4000, 0.7)] },
 *   { seed: 2, rows: [row(2000, 0.9), row(4000, 0.6)] },
 * ]);
 * s.validation;    // [0.85, 0.65]
 * s.validationMin; // [0.8, 0.6]
 * s.validationMax; // [0.9, 0.7]
 * ```
 */
export function seedBandSeries(agent: string, env: string, curves: readonly SeedCurve[], maxPoints = 150): CurveSeries {
  if (curves.length === 0) throw new RangeError(`seedBandSeries: no curves of ${agent} on ${env}.`);
  const market = curves.some((c) => c.rows.some((r) => Number.isFinite(r.welfareRatio)));
  const byStep = curves.map((c) => new Map(c.rows.map((r) => [r.envSteps, r])));
  const steps = [...byStep[0]!.keys()].filter((x) => byStep.every((m) => m.has(x))).sort((a, b) => a - b);
  const stride = Math.max(1, Math.ceil(steps.length / maxPoints));
  const out: CurveSeries = {
    env, agent, metric: market ? 'mean episode return' : 'mean cost per step', x: [], train: [], validation: [],
    trainingSeeds: curves.map((c) => c.seed), validationMin: [], validationMax: [],
  };
  steps.forEach((x, i) => {
    const rows = byStep.map((m) => m.get(x)!);
    const vals = rows.map((r) => (market ? r.evalReturn : r.evalCost));
    const validated = vals.every((v) => Number.isFinite(v));
    const keepTrain = i % stride === 0 || i === steps.length - 1;
    if (!keepTrain && !validated) return;
    const trains = rows.map((r) => (market ? r.trainReturn : r.trainCost)).filter((v) => Number.isFinite(v));
    out.x.push(x);
    out.train.push(keepTrain && trains.length > 0 ? orNull(meanOf(trains)) : null);
    out.validation.push(validated ? orNull(meanOf(vals)) : null);
    out.validationMin!.push(validated ? orNull(Math.min(...vals)) : null);
    out.validationMax!.push(validated ? orNull(Math.max(...vals)) : null);
  });
  return out;
}

/**
 * A line chart of reduced curves (`leaderboard-learning-<env>.svg`): training (stochastic policy) and
 * validation (deterministic policy) per series; for series over several training seeds, the means and the
 * seed band (lowest to highest validation value) as a shaded area.
 */
export function seriesChart(series: readonly CurveSeries[], title: string): ChartSpec {
  const rows: LineRow[] = [];
  for (const s of series) {
    const name = s.trainingSeeds !== undefined && s.trainingSeeds.length > 1 ? `${s.agent} (mean of seeds ${s.trainingSeeds.join(', ')})` : s.agent;
    s.x.forEach((x, i) => {
      const t = s.train[i];
      const v = s.validation[i];
      if (t !== null && t !== undefined) rows.push({ series: `${name} train`, x, y: t });
      if (v !== null && v !== undefined) {
        const lo = s.validationMin?.[i];
        const hi = s.validationMax?.[i];
        rows.push({ series: `${name} validation`, x, y: v, ...(lo !== null && lo !== undefined && hi !== null && hi !== undefined ? { lo, hi } : {}) });
      }
    });
  }
  const metric = series[0]?.metric ?? 'mean cost per step';
  return lineChart(rows, 'environment steps', series.some((s) => s.validationMin !== undefined) ? `${metric} (band: min–max over training seeds)` : metric, title);
}
