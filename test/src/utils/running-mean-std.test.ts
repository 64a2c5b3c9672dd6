import { strict as assert } from 'node:assert';
import { RunningMeanStd } from '../../../src/utils/running-mean-std.ts';
import { Generator } from '../../../src/random/generator.ts';
import { pooledMoments } from '../helpers.ts';

describe('src/utils/running-mean-std', () => {
  it('starts at mean 0, variance 1 and a pseudo-count of epsilon', () => {
    const rms = new RunningMeanStd(2);
    assert.deepEqual(Array.from(rms.mean), [0, 0]);
    assert.deepEqual(Array.from(rms.var), [1, 1]);
    assert.equal(rms.count, 1e-4);
    assert.equal(new RunningMeanStd(1, 0.5).count, 0.5);
  });

  it('matches the direct computation (prior pooled with the data) after single updates', () => {
    const g = new Generator(1);
    const xs = Array.from({ length: 500 }, () => [g.normal(3, 2), g.uniform(-10, 0)]);
    const rms = new RunningMeanStd(2);
    for (const x of xs) rms.update(x);
    assert.ok(Math.abs(rms.count - 500.0001) < 1e-9);
    for (let j = 0; j < 2; j++) {
      const { mean, variance } = pooledMoments(xs.map((x) => x[j]!));
      assert.ok(Math.abs(rms.mean[j]! - mean) < 1e-10, `mean ${j}`);
      assert.ok(Math.abs(rms.var[j]! - variance) < 1e-8, `var ${j}`);
      // and, with 500 samples, the plain sample moments
      const m = xs.reduce((a, x) => a + x[j]!, 0) / xs.length;
      const v = xs.reduce((a, x) => a + (x[j]! - m) ** 2, 0) / xs.length;
      assert.ok(Math.abs(rms.mean[j]! - m) < 1e-4 && Math.abs(rms.var[j]! - v) < 1e-3);
    }
  });

  it('gives the same statistics for one batch as for its rows one by one', () => {
    const rows = [[1, 10], [2, 20], [4, 40], [8, 80]];
    const single = new RunningMeanStd(2);
    for (const r of rows) single.update(r);
    const batch = new RunningMeanStd(2);
    batch.updateBatch(rows.flat(), 4);
    for (let j = 0; j < 2; j++) {
      assert.ok(Math.abs(single.mean[j]! - batch.mean[j]!) < 1e-12);
      assert.ok(Math.abs(single.var[j]! - batch.var[j]!) < 1e-9);
    }
    assert.equal(single.count, batch.count);
  });

  it('saves and restores its state, and checks sizes', () => {
    const rms = new RunningMeanStd(2);
    rms.update([1, 2]);
    const saved = JSON.parse(JSON.stringify(rms.toJSON()));
    const other = new RunningMeanStd(2);
    other.load(saved);
    assert.deepEqual(other.toJSON(), rms.toJSON());
    assert.throws(() => other.load({ mean: [0], var: [1], count: 1 }), /RunningMeanStd.load: expected 2 entries; got 1/);
    assert.throws(() => rms.update([1, 2, 3]), /RunningMeanStd expected 1×2 values; got 3/);
    assert.throws(() => rms.updateBatch([1, 2, 3], 2), /expected 2×2 values; got 3/);
  });
});
