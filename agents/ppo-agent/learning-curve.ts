/**
 * Learning curves of training runs: one row per PPO iteration, written as CSV and drawn as SVG.
 * @module
 */
import type { ChartSpec } from '../../src/plot/render-svg.ts';
import { lineChart } from '../../src/plot/charts.ts';
import type { LineRow } from '../../src/plot/charts.ts';

/** One PPO iteration of a training run. */
export interface CurveRow {
  /** Iteration (1-based). */
  iteration: number;
  /** Environment steps collected so far. */
  envSteps: number;
  /** Episodes completed so far. */
  episodes: number;
  /** Mean cost per step of the training episodes completed in this iteration (stochastic policy; NaN if none). */
  trainCost: number;
  /** Mean episode return of those episodes. */
  trainReturn: number;
  /** Mean cost per step on the validation seeds (deterministic policy), NaN when not validated this iteration. */
  evalCost: number;
  /** Mean episode return on the validation seeds, NaN when not validated this iteration. */
  evalReturn: number;
  /** Market: mean welfare / OPT of the training episodes (NaN elsewhere). */
  welfareRatio: number;
  /** Market: mean rounds of the training episodes (NaN elsewhere). */
  rounds: number;
  /** PPO diagnostics averaged over the iteration's gradient steps. */
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  clipFraction: number;
  explainedVariance: number;
  /** Seconds since the start of the run (excluding time before a resume's process started). */
  seconds: number;
  /** Environment steps per second of this iteration (rollout + update). */
  stepsPerSecond: number;
}

/** Column order of the CSV. */
export const CURVE_COLUMNS: readonly (keyof CurveRow)[] = [
  'iteration', 'envSteps', 'episodes', 'trainCost', 'trainReturn', 'evalCost', 'evalReturn', 'welfareRatio', 'rounds', 'policyLoss', 'valueLoss',
  'entropy', 'approxKl', 'clipFraction', 'explainedVariance', 'seconds', 'stepsPerSecond',
];

/** The curve as CSV (header + one line per row; NaN as an empty field). */
export function curveCsv(rows: readonly CurveRow[]): string {
  const fmt = (v: number) => (Number.isNaN(v) ? '' : Number.isInteger(v) ? String(v) : v.toPrecision(6));
  return [CURVE_COLUMNS.join(','), ...rows.map((r) => CURVE_COLUMNS.map((c) => fmt(r[c])).join(','))].join('\n') + '\n';
}

/** JSON has no NaN: rows round-trip through checkpoints with `null`, turned back into NaN here. */
export function curveFromJSON(rows: readonly Record<string, number | null>[]): CurveRow[] {
  return rows.map((r) => Object.fromEntries(CURVE_COLUMNS.map((c) => [c, r[c] === null || r[c] === undefined ? Number.NaN : r[c]])) as unknown as CurveRow);
}

/** One labelled curve for {@link learningCurveChart}. */
export interface LabelledCurve {
  /** Panel (e.g. the environment). */
  panel?: string;
  /** Series name (e.g. `t2drl (train)`). */
  label: string;
  rows: readonly CurveRow[];
}

/**
 * A line chart over environment steps of the training episodes (stochastic policy) and the validation
 * episodes (deterministic policy) of each curve: the mean cost per step, or — when every curve is a market
 * curve (episodes of different lengths, where the return is the objective) — the mean episode return.
 */
export function learningCurveChart(curves: readonly LabelledCurve[], title = 'Learning curves'): ChartSpec {
  const market = curves.length > 0 && curves.every((c) => c.rows.some((r) => Number.isFinite(r.welfareRatio)));
  const rows: LineRow[] = [];
  for (const c of curves) {
    for (const r of c.rows) {
      const train = market ? r.trainReturn : r.trainCost;
      const val = market ? r.evalReturn : r.evalCost;
      if (Number.isFinite(train)) rows.push({ panel: c.panel, series: `${c.label} (train)`, x: r.envSteps, y: train });
      if (Number.isFinite(val)) rows.push({ panel: c.panel, series: `${c.label} (validation)`, x: r.envSteps, y: val });
    }
  }
  return lineChart(rows, 'environment steps', market ? 'mean episode return' : 'mean cost per step', title);
}
