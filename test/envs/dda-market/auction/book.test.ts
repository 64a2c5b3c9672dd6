import { strict as assert } from 'node:assert';
import { Workspace, efficientUnits } from '../../../../envs/dda-market/auction/book.ts';
import { Generator } from '../../../../src/random/generator.ts';

describe('market/book', () => {
  it('loadReports builds the book load builds from the same reports (sorted ids, reports, quantities), growing past 64 agents', () => {
    const rng = new Generator(3);
    for (let k = 0; k < 50; k++) {
      const n = rng.integers(0, 100);
      const m = rng.integers(0, 100);
      const buyers = Array.from({ length: n }, () => ({ value: rng.integers(0, 20) / 4, demand: rng.integers(1, 5) }));
      const sellers = Array.from({ length: m }, () => ({ cost: rng.integers(0, 20) / 4, capacity: rng.integers(1, 5) }));
      const a = new Workspace().load(buyers, sellers);
      const b = new Workspace().loadReports(
        Float64Array.from(buyers, (x) => x.value),
        Float64Array.from(buyers, (x) => x.demand),
        n,
        Float64Array.from(sellers, (x) => x.cost),
        Float64Array.from(sellers, (x) => x.capacity),
        m,
      );
      assert.equal(b.bCount, n);
      assert.equal(b.sCount, m);
      for (const key of ['bOrder', 'bRep', 'bQty'] as const) assert.deepEqual(Array.from(b[key].subarray(0, n)), Array.from(a[key].subarray(0, n)), key);
      for (const key of ['sOrder', 'sRep', 'sQty'] as const) assert.deepEqual(Array.from(b[key].subarray(0, m)), Array.from(a[key].subarray(0, m)), key);
      assert.equal(efficientUnits(b), efficientUnits(a));
    }
  });

  it('hand-checked: buyers by value descending, sellers by cost ascending, ties by id; 3 efficient units', () => {
    const w = new Workspace().loadReports([5, 9, 5], [1, 2, 1], 3, [4, 1, 6], [2, 1, 1], 3);
    assert.deepEqual(Array.from(w.bOrder.subarray(0, 3)), [1, 0, 2]);
    assert.deepEqual(Array.from(w.sOrder.subarray(0, 3)), [1, 0, 2]);
    // units: 9,9 against 1,4 then 5 against 4: three bids at or above their asks
    assert.equal(efficientUnits(w), 3);
  });
});
