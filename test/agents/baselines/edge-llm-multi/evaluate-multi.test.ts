import { strict as assert } from 'node:assert';
import '../../../../envs/index.ts';
import { evaluateMulti } from '../../../../agents/baselines/edge-llm-multi/evaluate-multi.ts';

describe('agents/baselines/edge-llm-multi/evaluate-multi', () => {
  it('evaluates each baseline on the same seeds with the market on and off; the gain is off minus on', () => {
    const report = evaluateMulti({ baselines: ['cloud', 'lfu'], episodes: 2, seed: 10000, kwargs: { common: { horizon: 20 } } });
    assert.equal(report.env, 'EdgeLLMMulti-v0');
    const [cloud, lfu] = report.rows;
    assert.deepEqual([cloud!.baseline, lfu!.baseline], ['cloud', 'lfu']);
    for (const row of report.rows) {
      assert.deepEqual(row.on.episodes.map((e) => e.seed), [10000, 10001]);
      assert.deepEqual(row.off.episodes.map((e) => e.seed), [10000, 10001]);
      assert.equal(row.marketGain, row.off.systemCost.mean - row.on.systemCost.mean);
      const sum = Object.values(row.on.serverCosts).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - row.on.systemCost.mean) < 1e-9);
      assert.deepEqual([row.off.paths, row.off.welfare, row.off.budgetSurplus], [0, 0, 0]);
      // utility 1: the market never raises the system cost, and lowers it by its welfare
      assert.ok(row.marketGain >= -1e-12);
      assert.ok(Math.abs(row.marketGain - row.on.welfare) < 1e-9);
    }
    // nothing cached, nothing to buy: the cloud baseline is the same with and without the market
    assert.equal(cloud!.marketGain, 0);
    assert.equal(cloud!.on.paths, 0);
    assert.ok(lfu!.on.paths > 0 && lfu!.marketGain > 0);
  });

  it('refuses bad counts and unknown baselines', () => {
    assert.throws(() => evaluateMulti({ episodes: 0 }), /episodes must be a positive integer; got 0/);
    assert.throws(() => evaluateMulti({ seed: -1 }), /seed must be a non-negative integer/);
    assert.throws(() => evaluateMulti({ baselines: ['nope'], episodes: 1 }), /Unknown agent 'nope'/);
  });
});
