import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { curveSeries } from '../../../../agents/t2drl/training/curve-series.ts';
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
});
