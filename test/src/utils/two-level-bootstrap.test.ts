import { strict as assert } from 'node:assert';
import { bootstrapCI, iqm, mean } from '../../../src/utils/statistics.ts';
import { summarizeAcrossSeeds, twoLevelBootstrapCI, twoLevelBootstrapMeans } from '../../../src/utils/two-level-bootstrap.ts';
import { Generator } from '../../../src/random/generator.ts';

describe('src/utils/two-level-bootstrap', () => {
  it('resamples seeds, then episodes within each drawn seed (distribution enumerated by hand)', () => {
    // seed A has episodes {0, 2}, seed B has {10}. Two seed draws:
    //   (B, B) with p = 1/4 → 10;
    //   one A and one B with p = 1/2 → (mA + 10)/2, mA ∈ {0, 1, 2} w.p. 1/4, 1/2, 1/4 → 5, 5.5, 6;
    //   (A, A) with p = 1/4, each A resampled on its own → (m1 + m2)/2 ∈ {0, .5, 1, 1.5, 2} w.p. 1, 4, 6, 4, 1 / 16.
    const expected = new Map<number, number>([
      [10, 1 / 4], [5, 1 / 8], [5.5, 1 / 4], [6, 1 / 8],
      [0, 1 / 64], [0.5, 4 / 64], [1, 6 / 64], [1.5, 4 / 64], [2, 1 / 64],
    ]);
    const n = 64000;
    const means = twoLevelBootstrapMeans([[0, 2], [10]], n, 3);
    const counts = new Map<number, number>();
    for (const m of means) counts.set(m, (counts.get(m) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort((a, b) => a - b), [...expected.keys()].sort((a, b) => a - b), 'exactly the enumerated values');
    for (const [v, p] of expected) {
      const f = counts.get(v)! / n;
      const se = Math.sqrt((p * (1 - p)) / n);
      assert.ok(Math.abs(f - p) < 4.5 * se, `P(${v}) = ${f}, expected ${p}`);
    }
    // 2.5 %: P(≤ 0) = 1/64 < 0.025 < P(≤ 0.5) = 5/64; 97.5 %: P(< 10) = 3/4 → the interval is [0.5, 10]
    assert.deepEqual(twoLevelBootstrapCI([[0, 2], [10]], 0.95, n, 3), [0.5, 10]);
  });

  it('rows of equal length are the same episodes: one episode draw for every seed (enumerated by hand)', () => {
    // seeds A = [0, 2], B = [10, 12] on the same two episodes. Seed draws (A,A), (B,B) w.p. 1/4, (A,B) 1/2;
    // episode draws (e1,e1), (e2,e2) w.p. 1/4, mixed 1/2, shared by the drawn seeds:
    //   (A,A): 0, 1, 2 w.p. 1/4, 1/2, 1/4; (B,B): 10, 11, 12; (A,B): (0+10)/2 = 5, 6, 7 — never 5.5 or 6.5,
    //   which independent episode draws for A and B would give.
    const expected = new Map<number, number>([
      [0, 1 / 16], [1, 1 / 8], [2, 1 / 16], [10, 1 / 16], [11, 1 / 8], [12, 1 / 16], [5, 1 / 8], [6, 1 / 4], [7, 1 / 8],
    ]);
    const n = 64000;
    const counts = new Map<number, number>();
    for (const m of twoLevelBootstrapMeans([[0, 2], [10, 12]], n, 5)) counts.set(m, (counts.get(m) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort((a, b) => a - b), [...expected.keys()].sort((a, b) => a - b), 'exactly the enumerated values');
    for (const [v, p] of expected) {
      const f = counts.get(v)! / n;
      assert.ok(Math.abs(f - p) < 4.5 * Math.sqrt((p * (1 - p)) / n), `P(${v}) = ${f}, expected ${p}`);
    }
    // identical seeds add no width: the interval is the episode bootstrap's, not 1/√3 of it
    const row = [0.61, 0.64, 0.59, 0.7, 0.66, 0.62, 0.68, 0.6, 0.63, 0.65];
    const one = bootstrapCI(row, 0.95, 4000, 1);
    const three = twoLevelBootstrapCI([row, row, row], 0.95, 4000, 1);
    const w1 = one[1] - one[0];
    const w3 = three[1] - three[0];
    assert.ok(Math.abs(w3 - w1) < 0.15 * w1, `three identical seeds ${three} vs one ${one}`);
  });

  it('summarizes a seeds × episodes table (hand-checked)', () => {
    const s = summarizeAcrossSeeds([[1, 3], [5, 7], [0, 2]]);
    assert.deepEqual(s.seedMeans, [2, 6, 1]);
    assert.equal(s.mean, 3);
    assert.deepEqual(s.spread, [1, 6]);
    assert.equal(s.iqm, iqm([1, 3, 5, 7, 0, 2]), 'IQM over all seeds × episodes');
    assert.equal(s.iqm, 2.75, 'sorted 0 1 2 3 5 7 without one value at each end: (1 + 2 + 3 + 5) / 4');
    // unequal rows: every seed counts once, whatever its episode count
    assert.equal(summarizeAcrossSeeds([[4], [0, 0, 0]]).mean, 2);
    assert.throws(() => summarizeAcrossSeeds([[1], []]), /seed row 1 has no episodes/);
  });

  it('one seed is the episode bootstrap; none is NaN; constant tables give a point', () => {
    const xs = [0.5, 0.7, 0.2, 0.9, 0.4];
    assert.deepEqual(twoLevelBootstrapCI([xs], 0.95, 2000, 4), bootstrapCI(xs, 0.95, 2000, 4));
    const [a, b] = twoLevelBootstrapCI([]);
    assert.ok(Number.isNaN(a) && Number.isNaN(b));
    assert.deepEqual(twoLevelBootstrapCI([[3, 3], [3], [3, 3, 3]]), [3, 3]);
  });

  it('properties on random tables: reproducible, inside the range, equivariant, wider than the episode bootstrap when seeds differ', () => {
    const g = new Generator(21);
    for (let trial = 0; trial < 25; trial++) {
      const seeds = 2 + Math.floor(g.random() * 4);
      const episodes = 1 + Math.floor(g.random() * 12);
      const table = Array.from({ length: seeds }, () => {
        const offset = g.random();
        return Array.from({ length: episodes }, () => offset + 0.1 * g.random());
      });
      const ci = twoLevelBootstrapCI(table, 0.95, 2000, trial);
      assert.deepEqual(twoLevelBootstrapCI(table, 0.95, 2000, trial), ci, 'same seed, same interval');
      const all = table.flat();
      assert.ok(Math.min(...all) <= ci[0] && ci[0] <= ci[1] && ci[1] <= Math.max(...all), `inside the data: ${ci}`);
      // shifting every value by c shifts the interval by c; scaling by k > 0 scales it
      const c = 3.25;
      const shifted = twoLevelBootstrapCI(table.map((r) => r.map((x) => x + c)), 0.95, 2000, trial);
      assert.ok(Math.abs(shifted[0] - ci[0] - c) < 1e-9 && Math.abs(shifted[1] - ci[1] - c) < 1e-9);
      const scaled = twoLevelBootstrapCI(table.map((r) => r.map((x) => 2 * x)), 0.95, 2000, trial);
      assert.ok(Math.abs(scaled[0] - 2 * ci[0]) < 1e-9 && Math.abs(scaled[1] - 2 * ci[1]) < 1e-9);
      // the bootstrap distribution is centred on the mean of seed means
      const centre = mean(Array.from(twoLevelBootstrapMeans(table, 4000, trial)));
      const s = summarizeAcrossSeeds(table);
      assert.ok(Math.abs(centre - s.mean) < 0.05, `centre ${centre} vs ${s.mean}`);
      // seed offsets spread over [0, 1) and episode noise of 0.1: the seed level dominates the width
      const pooled = bootstrapCI(all, 0.95, 2000, trial);
      if (s.spread[1] - s.spread[0] > 0.3) assert.ok(ci[1] - ci[0] > pooled[1] - pooled[0], `two-level ${ci} vs pooled ${pooled}`);
    }
  });
});
