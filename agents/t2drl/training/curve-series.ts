/**
 * A learning curve reduced for the leaderboard page: at most a few hundred points per checkpoint, every
 * validation point kept, the training points thinned evenly (the last one always kept).
 * @module
 */
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
