import assert from 'node:assert/strict';
import { ddaTradeReduction, ddaUniformPrice } from '../../../../envs/dda-market/auction/dda.ts';
import { ration } from '../../../../envs/dda-market/auction/multi-unit.ts';
import { Generator } from '../../../../src/random/generator.ts';
import { clearTradeReduction } from '../../../../envs/dda-market/auction/trade-reduction.ts';
import type { Market } from '../../../../envs/dda-market/auction/types.ts';
import { bestDeviation, checkOutcome, intGrid, optOf, randomMarkets, TOL } from './helpers.ts';

const MULTI: Market = {
  buyers: [{ value: 10, demand: 2 }, { value: 8, demand: 3 }, { value: 6, demand: 2 }],
  sellers: [{ cost: 2, capacity: 3 }, { cost: 5, capacity: 2 }, { cost: 7, capacity: 4 }],
  range: [0, 12],
};

describe('market/multi-unit (agent-level trade reduction)', () => {
  it('the multi-unit case (docs/market.md#tests): buyer 0 gets 2 units at 8, seller 0 sells 2 of 3 at 5, budget 6, welfare 16 (OPT 28)', () => {
    const out = ddaTradeReduction(MULTI, { step: 1 });
    // Marginal buyer: id 1 (v = 8, cumulative demand 2 + 3 reaches Q = 5); marginal seller: id 1 (c = 5).
    assert.deepEqual(out.trades, [{ buyer: 0, seller: 0, units: 2 }]);
    assert.deepEqual(out.buyerUnits, [2, 0, 0]);
    assert.deepEqual(out.sellerUnits, [2, 0, 0]);
    assert.deepEqual(out.buyerPays, [16, 0, 0]);
    assert.deepEqual(out.sellerReceives, [10, 0, 0]);
    assert.deepEqual([out.budget, out.welfare, out.rounds], [6, 16, 12]);
    assert.deepEqual([optOf(MULTI).units, optOf(MULTI).welfare], [5, 28]);
  });

  describe('ration', () => {
    it('proportional: floors, then leftovers to the largest remainders, ties to the smaller id', () => {
      const out = [0, 0, 0];
      ration(Int32Array.from([2, 0, 1]), 0, 3, [3, 2, 1], 4, out, 'proportional');
      // shares 4·3/6 = 2, 4·2/6 = 1.33, 4·1/6 = 0.67 → floors 2, 1, 0; one leftover to id 2 (remainder 4 > 2)
      assert.deepEqual(out, [2, 1, 1]);
      const tie = [0, 0];
      ration(Int32Array.from([1, 0]), 0, 2, [1, 1], 1, tie, 'proportional');
      assert.deepEqual(tie, [1, 0]);
    });

    it('id: full quantities in id order until the units run out', () => {
      const out = [0, 0, 0];
      ration(Int32Array.from([2, 1, 0]), 0, 3, [3, 2, 1], 4, out, 'id');
      assert.deepEqual(out, [3, 1, 0]);
    });

    it('gives everyone its quantity when there is enough', () => {
      const out = [0, 0];
      ration(Int32Array.from([0, 1]), 0, 2, [2, 3], 9, out);
      assert.deepEqual(out, [2, 3]);
    });

    it('random cases: shares sum to q, stay within quantities, and do not depend on the listing order', () => {
      for (let t = 0; t < 1000; t++) {
        const n = 1 + (t % 7);
        const qty = Array.from({ length: n }, (_, i) => 1 + ((i * 7 + t) % 5));
        const total = qty.reduce((a, x) => a + x, 0);
        const q = t % total;
        for (const rule of ['proportional', 'id'] as const) {
          const a = new Array<number>(n).fill(0);
          const b = new Array<number>(n).fill(0);
          ration(Int32Array.from(qty.keys()), 0, n, qty, q, a, rule);
          ration(Int32Array.from([...qty.keys()].reverse()), 0, n, qty, q, b, rule);
          assert.deepEqual(a, b);
          assert.equal(a.reduce((s, x) => s + x, 0), q);
          a.forEach((x, i) => assert.ok(x >= 0 && x <= qty[i]!));
        }
      }
    });
  });

  it('ration gives the units of the rule as written (sort by id, largest remainders by a stable sort) for small and large groups', () => {
    const reference = (members: number[], qty: number[], q: number, rule: 'proportional' | 'id'): Map<number, number> => {
      const sorted = [...members].sort((a, b) => a - b);
      const out = new Map<number, number>();
      const total = sorted.reduce((a, id) => a + qty[id]!, 0);
      if (total <= q) {
        for (const id of sorted) out.set(id, qty[id]!);
        return out;
      }
      if (rule === 'id') {
        let left = q;
        for (const id of sorted) {
          out.set(id, Math.min(qty[id]!, left));
          left -= out.get(id)!;
        }
        return out;
      }
      const rem = new Map<number, number>();
      let left = q;
      for (const id of sorted) {
        const base = Math.floor((qty[id]! * q) / total);
        out.set(id, base);
        left -= base;
        rem.set(id, qty[id]! * q - base * total);
      }
      for (const id of [...sorted].sort((a, b) => rem.get(b)! - rem.get(a)!).slice(0, left)) out.set(id, out.get(id)! + 1);
      return out;
    };
    const rng = new Generator(17);
    for (let t = 0; t < 600; t++) {
      const n = t % 3 === 0 ? rng.integers(65, 120) : rng.integers(1, 65);
      const qty = Array.from({ length: n + 5 }, () => rng.integers(1, 9));
      const ids = Int32Array.from(rng.permutation(n + 5));
      const from = rng.integers(0, 6);
      const to = Math.min(from + n, n + 5);
      const members = Array.from(ids.subarray(from, to));
      const total = members.reduce((a, id) => a + qty[id]!, 0);
      const q = rng.integers(0, total + 1);
      for (const rule of ['proportional', 'id'] as const) {
        const out = new Array<number>(n + 5).fill(-7);
        ration(ids, from, to, qty, q, out, rule);
        const want = reference(members, qty, q, rule);
        for (const id of members) assert.equal(out[id], want.get(id), `t=${t} ${rule} id ${id}`);
      }
    }
  });

  it('the long side is rationed without looking at reports: raising a winner’s report changes nothing', () => {
    for (const m of randomMarkets(1000, 800, { integer: false, maxQty: 4 })) {
      const base = clearTradeReduction(m);
      const winner = base.buyerUnits.findIndex((x) => x > 0);
      if (winner < 0) continue;
      const up = clearTradeReduction({ ...m, buyers: m.buyers.map((b, i) => (i === winner ? { ...b, value: b.value + 50 } : b)) });
      assert.deepEqual(up.buyerUnits, base.buyerUnits);
      assert.deepEqual(up.buyerPays, base.buyerPays);
    }
  });

  for (const rationing of ['proportional', 'id'] as const) {
    it(`1,000 random multi-unit markets, ${rationing} rationing: feasible, IR, budget ≥ 0, W ≤ OPT; uniform price: budget 0`, () => {
      for (const integer of [true, false]) {
        for (const m of randomMarkets(1000, 810 + (integer ? 1 : 0), { integer, maxQty: 4 })) {
          checkOutcome(ddaTradeReduction(m, { step: 1, rationing }), m, 'nonnegative');
          checkOutcome(ddaUniformPrice(m, { step: 2.5 }), m, 'zero');
        }
      }
    });
  }

  it('dominant-strategy truthful in the price report on a fixed unit grid (brute force, quantities truthful)', () => {
    for (const m of randomMarkets(700, 820, { integer: true, high: 20, maxQty: 3, maxSide: 8 })) {
      for (const rationing of ['proportional', 'id'] as const) {
        const { gain, found } = bestDeviation(m, (x) => ddaTradeReduction(x, { step: 1, rationing }), intGrid(0, 20));
        assert.ok(gain <= TOL, `profitable deviation ${JSON.stringify(found)} in ${JSON.stringify(m)}`);
      }
    }
  });
});
