import assert from 'node:assert/strict';
import { Workspace } from '../../../../envs/dda-market/auction/book.ts';
import { emptyAllocation } from '../../../../envs/dda-market/auction/outcome.ts';
import { clearVcg, vcgRuleGeneral, vcgRuleSingleUnit } from '../../../../envs/dda-market/auction/vcg.ts';
import type { Market } from '../../../../envs/dda-market/auction/types.ts';
import { bestDeviation, checkOutcome, intGrid, mk, optOf, randomMarkets, TOL } from './helpers.ts';

const MULTI: Market = {
  buyers: [{ value: 10, demand: 2 }, { value: 8, demand: 3 }, { value: 6, demand: 2 }],
  sellers: [{ cost: 2, capacity: 3 }, { cost: 5, capacity: 2 }, { cost: 7, capacity: 4 }],
  range: [0, 12],
};

describe('market/vcg', () => {
  it('case A (docs/market.md#tests): buyers pay 6, sellers receive 7, budget −2, welfare = OPT = 12', () => {
    const out = clearVcg(mk([10, 8, 6, 3], [2, 4, 7, 9]));
    assert.deepEqual(out.buyerPays, [6, 6, 0, 0]);
    assert.deepEqual(out.sellerReceives, [7, 7, 0, 0]);
    assert.deepEqual([out.budget, out.welfare], [-2, 12]);
  });

  it('multi-unit case, by hand: buyers pay 12 and 17, sellers receive 21 and 14 (each winner gets its marginal contribution)', () => {
    // OPT 28; without buyer 0: 20, buyer 1: 21; without seller 0: 13, seller 1: 24.
    const out = clearVcg(MULTI);
    assert.deepEqual(out.buyerUnits, [2, 3, 0]);
    assert.deepEqual(out.sellerUnits, [3, 2, 0]);
    assert.deepEqual(out.buyerPays, [12, 17, 0]);
    assert.deepEqual(out.sellerReceives, [21, 14, 0]);
    assert.deepEqual([out.welfare, out.budget], [28, -6]);
  });

  for (const [name, maxQty] of [
    ['single-unit', 1],
    ['multi-unit', 4],
  ] as const) {
    it(`${name}, 1,000 random markets: feasible, IR, budget ≤ 0, welfare = OPT`, () => {
      for (const integer of [true, false]) {
        for (const m of randomMarkets(1000, 400 + maxQty + (integer ? 10 : 0), { integer, maxQty })) {
          const out = clearVcg(m);
          checkOutcome(out, m, 'nonpositive');
          assert.ok(Math.abs(out.welfare - optOf(m).welfare) <= 1e-7);
        }
      }
    });
  }

  it('closed-form single-unit prices equal the general externality computation', () => {
    const ws = new Workspace();
    for (const m of [...randomMarkets(1000, 410, { integer: true }), ...randomMarkets(1000, 411, { integer: false })]) {
      ws.load(m.buyers, m.sellers);
      const a = emptyAllocation(m.buyers.length, m.sellers.length);
      const b = emptyAllocation(m.buyers.length, m.sellers.length);
      vcgRuleSingleUnit(ws, a);
      vcgRuleGeneral(ws, b);
      assert.deepEqual(a.buyerUnits, b.buyerUnits);
      a.buyerPays.forEach((p, i) => assert.ok(Math.abs(p - b.buyerPays[i]!) <= 1e-9));
      a.sellerReceives.forEach((p, j) => assert.ok(Math.abs(p - b.sellerReceives[j]!) <= 1e-9));
    }
  });

  it('dominant-strategy truthful: brute force on the integer grid [0, 20] (single- and multi-unit)', () => {
    for (const m of [...randomMarkets(600, 420, { integer: true, high: 20 }), ...randomMarkets(400, 421, { integer: true, high: 20, maxQty: 3, maxSide: 6 })]) {
      const { gain, found } = bestDeviation(m, clearVcg, intGrid(0, 20));
      assert.ok(gain <= 1e-7, `profitable deviation ${JSON.stringify(found)}`);
    }
  });

  it('runs a strict deficit in a two-pair market with a gap between the marginal reports', () => {
    const out = clearVcg(mk([10, 9], [1, 2]));
    assert.ok(out.budget < -TOL);
  });
});
