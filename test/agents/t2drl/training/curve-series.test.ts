import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { curveSeries, seedBandSeries, seriesChart } from '../../../../agents/t2drl/training/curve-series.ts';
import { curveFromJSON, type CurveRow } from '../../../../agents/t2drl/training/learning-curve.ts';

const row = (i: number, evalCost: number, welfare = Number.NaN): CurveRow =>
  ({ iteration: i + 1, envSteps: 1000 * (i + 1), trainCost: 1 / (i + 1), trainReturn: -100 / (i + 1), evalCost, evalReturn: -evalCost * 100, welfareRatio: welfare }) as CurveRow;

describe('agents/t2drl/training/curve-series', () => {
  it('thins the training points, keeps every validation point and the last point', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(i, i % 37 === 0 ? 0.5 : Number.NaN));
    const s = curveSeries('ppo', 'EdgeLLM-v0', rows, 100);
    const validations = rows.filter((r) => Number.isFinite(r.evalCost)).length;
    assert.equal(s.validation.filter((v) => v !== null).length, validations);
    assert.ok(s.x.length <= 100 + validations, `${s.x.length} points`);
    assert.equal(s.x[s.x.length - 1], 1_000_000);
    assert.equal(s.train[s.train.length - 1], Number((1 / 1000).toPrecision(6)));
    assert.equal(s.metric, 'mean cost per step');
    assert.deepEqual([...s.x].sort((a, b) => a - b), s.x, 'in step order');
  });

  it('uses the episode return on market curves', () => {
    const s = curveSeries('t2drl', 'DDAMarket-v0', [row(0, 0.2, 0.9), row(1, Number.NaN, 0.95)]);
    assert.equal(s.metric, 'mean episode return');
    assert.deepEqual(s.train, [-100, -50]);
    assert.deepEqual(s.validation, [-20, null]);
  });

  it('reduces a shipped checkpoint curve to at most a few hundred points', () => {
    const c = JSON.parse(readFileSync(new URL('../../../../agents/checkpoints/t2drl-EdgeLLM-v0-s42.json', import.meta.url), 'utf8')) as { curve: unknown };
    const rows = curveFromJSON(c.curve);
    const s = curveSeries('t2drl', 'EdgeLLM-v0', rows);
    assert.ok(s.x.length <= 150 + rows.filter((r) => Number.isFinite(r.evalCost)).length);
    assert.ok(s.validation.some((v) => v !== null));
  });

  it('reduces the curves of several training seeds to their mean and seed band (hand-checked)', () => {
    const at = (steps: number, train: number, evalCost: number): CurveRow => ({ envSteps: steps, trainCost: train, evalCost, welfareRatio: Number.NaN }) as CurveRow;
    const s = seedBandSeries('t2drl', 'EdgeLLM-Flip-v0', [
      { seed: 1, rows: [at(2000, 0.9, Number.NaN), at(4000, 0.8, 0.70), at(6000, 0.7, Number.NaN)] },
      { seed: 2, rows: [at(2000, 0.7, Number.NaN), at(4000, 0.6, 0.60), at(6000, 0.5, Number.NaN)] },
      { seed: 3, rows: [at(2000, 0.8, Number.NaN), at(4000, 0.7, 0.65)] }, // stopped early: 6000 is not common
    ]);
    assert.deepEqual(s.trainingSeeds, [1, 2, 3]);
    assert.deepEqual(s.x, [2000, 4000]);
    assert.deepEqual(s.train, [0.8, 0.7]);
    assert.deepEqual(s.validation, [null, 0.65]);
    assert.deepEqual(s.validationMin, [null, 0.6]);
    assert.deepEqual(s.validationMax, [null, 0.7]);
    assert.throws(() => seedBandSeries('t2drl', 'EdgeLLM-Flip-v0', []), /no curves of t2drl on EdgeLLM-Flip-v0/);
    // the chart: validation points carry the band, training points do not
    const spec = seriesChart([s, curveSeries('ppo', 'EdgeLLM-Flip-v0', [row(0, 0.5)])], 'curves') as unknown as { data: { values: { series: string; y: number; lo?: number; hi?: number }[] } };
    const band = spec.data.values.filter((v) => v.lo !== undefined);
    assert.deepEqual(band, [{ series: 't2drl (mean of seeds 1, 2, 3) validation', x: 4000, y: 0.65, lo: 0.6, hi: 0.7 }]);
    assert.ok(spec.data.values.some((v) => v.series === 'ppo validation' && v.y === 0.5 && v.lo === undefined));
  });
});
