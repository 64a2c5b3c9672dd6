import assert from 'node:assert/strict';
import { Generator } from '../../../../src/random/generator.ts';
import { sortIds } from '../../../../envs/dda-market/auction/sort.ts';

describe('market/sort', () => {
  it('sorts ids by key (either direction), ties by id, for short and long lists, any starting order', () => {
    const rng = new Generator(900);
    const tmp = new Int32Array(300);
    for (let t = 0; t < 2000; t++) {
      const n = rng.integers(0, 200);
      const key = Float64Array.from({ length: n }, () => (t % 2 ? rng.integers(0, 10) : rng.uniform(0, 1)));
      const order = Int32Array.from(rng.permutation(n));
      for (const desc of [true, false]) {
        sortIds(order, key, n, desc, tmp);
        const ref = [...Array(n).keys()].sort((a, b) => (key[a] === key[b] ? a - b : desc ? key[b]! - key[a]! : key[a]! - key[b]!));
        assert.deepEqual(Array.from(order), ref);
      }
    }
  });

  it('sorts only the prefix it is given', () => {
    const order = Int32Array.from([3, 2, 1, 0]);
    sortIds(order, [0, 5, 9, 1], 2, true, new Int32Array(4));
    // ids 3 (key 1) and 2 (key 9) sorted descending; ids 1 and 0 stay where they are
    assert.deepEqual(Array.from(order), [2, 3, 1, 0]);
  });
});
