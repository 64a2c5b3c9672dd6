/**
 * Learning curves of training runs: one row per PPO iteration, written as CSV and drawn as SVG.
 * @module
 */
import type { ChartSpec } from '../../../src/plot/render-svg.ts';
import { lineChart } from '../../../src/plot/charts.ts';
import type { LineRow } from '../../../src/plot/charts.ts';

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

/** A curve as stored in checkpoints: column names once, then one array of values per row (NaN as `null`). */
export interface CurveJSON {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (number | null)[])[];
}

/** The compact JSON form of a curve (see {@link CurveJSON}). */
export function curveToJSON(rows: readonly CurveRow[]): CurveJSON {
  return { columns: [...CURVE_COLUMNS], rows: rows.map((r) => CURVE_COLUMNS.map((c) => (Number.isNaN(r[c]) ? null : r[c]))) };
}

/**
 * Reads a curve from its JSON form ({@link CurveJSON}, or an array of row objects); missing columns and
 * `null` become NaN.
 * @throws {RangeError} when the value is neither form.
 */
export function curveFromJSON(json: unknown): CurveRow[] {
  const toNumber = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);
  if (Array.isArray(json)) {
    return json.map((r: Record<string, unknown>) => Object.fromEntries(CURVE_COLUMNS.map((c) => [c, toNumber(r[c])])) as unknown as CurveRow);
  }
  const c = json as Partial<CurveJSON> | null;
  if (c === null || typeof c !== 'object' || !Array.isArray(c.columns) || !Array.isArray(c.rows)) {
    throw new RangeError('A learning curve must be { columns, rows } or an array of rows.');
  }
  const index = CURVE_COLUMNS.map((name) => c.columns!.indexOf(name));
  return c.rows.map((row) => Object.fromEntries(CURVE_COLUMNS.map((name, k) => [name, index[k]! < 0 ? Number.NaN : toNumber(row[index[k]!])])) as unknown as CurveRow);
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
