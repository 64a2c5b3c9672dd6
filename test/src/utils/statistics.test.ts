import { strict as assert } from 'node:assert';
import { bootstrapCI, iqm, mean, percentile, std, summarize } from '../../../src/utils/statistics.ts';
import { Generator } from '../../../src/random/generator.ts';

describe('src/utils/statistics', () => {
  it('computes the mean and the sample standard deviation', () => {
    assert.equal(mean([1, 2, 3, 6]), 3);
    assert.ok(Number.isNaN(mean([])));
    assert.equal(std([2, 4, 4, 4, 5, 5, 7, 9]), Math.sqrt(32 / 7));
    assert.equal(std([5]), 0);
    assert.equal(std([]), 0);
  });

  it('computes the interquartile mean by hand', () => {
    assert.equal(iqm([4, 1, 3, 2]), 2.5, 'the middle two of four');
    assert.equal(iqm([8, 1, 7, 2, 6, 3, 5, 4]), 4.5, 'mean of 3, 4, 5, 6');
    // five values: the middle half spans ranks 1.25..3.75, so 2 and 4 count three quarters each: (0.75·2 + 3 + 0.75·4) / 2.5
    assert.equal(iqm([1, 2, 3, 4, 100]), 3);
    assert.equal(iqm([5]), 5);
    assert.ok(Number.isNaN(iqm([])));
    assert.equal(iqm([1, 1, 1, 1e9, -1e9, 1, 1, 1]), 1, 'ignores the tails');
  });

  it('interpolates percentiles linearly, as NumPy', () => {
    assert.equal(percentile([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(percentile([1, 2, 3, 4], 0.25), 1.75);
    assert.equal(percentile([1, 2, 3, 4], 0), 1);
    assert.equal(percentile([1, 2, 3, 4], 1), 4);
    assert.ok(Number.isNaN(percentile([], 0.5)));
  });

  it('gives seeded, reproducible bootstrap intervals (golden values)', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.deepEqual(bootstrapCI(xs), [3.7, 7.3]);
    assert.deepEqual(bootstrapCI(xs), bootstrapCI(xs, 0.95, 10000, 0));
    assert.deepEqual(bootstrapCI(xs, 0.9, 2000, 7), [4, 7]);
    assert.deepEqual(bootstrapCI([2.5, -1, 4, 0.5], 0.95, 1000, 3), [-0.25, 3.25]);
    assert.notDeepEqual(bootstrapCI([0.1, 0.7, 0.3, 0.9, 0.5], 0.95, 500, 1), bootstrapCI([0.1, 0.7, 0.3, 0.9, 0.5], 0.95, 500, 2));
  });

  it('has the width the normal approximation predicts on a large sample', () => {
    const g = new Generator(11);
    const xs = Array.from({ length: 400 }, () => (g.random() < 0.3 ? 1 : 0));
    const m = mean(xs);
    const [lo, hi] = bootstrapCI(xs, 0.95, 4000, 5);
    const se = Math.sqrt((m * (1 - m)) / xs.length);
    assert.ok(lo < m && m < hi);
    assert.ok(Math.abs(hi - lo - 2 * 1.96 * se) < 0.15 * 2 * 1.96 * se, `width ${hi - lo} vs ${2 * 1.96 * se}`);
  });

  it('handles degenerate samples', () => {
    assert.deepEqual(bootstrapCI([4, 4, 4]), [4, 4]);
    assert.deepEqual(bootstrapCI([2]), [2, 2]);
    const [a, b] = bootstrapCI([]);
    assert.ok(Number.isNaN(a) && Number.isNaN(b));
  });

  it('summarizes a sample', () => {
    assert.deepEqual(summarize([3, 1, 2]), { mean: 2, std: 1, iqm: 2, ci95: [1, 3], min: 1, max: 3, n: 3 });
    const empty = summarize([]);
    assert.equal(empty.n, 0);
    assert.ok(Number.isNaN(empty.min) && Number.isNaN(empty.max));
  });
});

describe('src/utils/statistics iqm (trimmed as scipy.stats.trim_mean(x, 0.25))', () => {
  it('cuts ⌊n/4⌋ values from each end', () => {
    assert.equal(iqm([1, 2, 4, 8, 16, 32]), 7.5);
    assert.equal(iqm([5, 1, 100]), 106 / 3);
    assert.equal(iqm([1, 2, 3, 4, 5, 6, 7, 100]), 4.5);
  });
});
