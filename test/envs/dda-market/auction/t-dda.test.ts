import assert from 'node:assert/strict';
import { ddaTradeReduction } from '../../../../envs/dda-market/auction/dda.ts';
import { MarketInputError } from '../../../../envs/dda-market/auction/errors.ts';
import { tDda, tDdaOnReports } from '../../../../envs/dda-market/auction/t-dda.ts';
import { bestDeviation, checkOutcome, intGrid, mk, randomMarkets, TOL } from './helpers.ts';

describe('market/t-dda (the paper variant)', () => {
  describe("the paper's worked examples (rule on reports)", () => {
    it('bids [10, 8, 4], asks [2, 5, 9]: k* = 2, p = 6.5 ∈ [5, 8], both pairs trade at 6.5, welfare 11', () => {
      const out = tDdaOnReports(mk([10, 8, 4], [2, 5, 9]));
      assert.deepEqual(out.buyerPays, [6.5, 6.5, 0]);
      assert.deepEqual(out.sellerReceives, [6.5, 6.5, 0]);
      assert.deepEqual([out.welfare, out.budget], [11, 0]);
    });

    it('bids [10, 8, 1], asks [2, 5, 6]: p = 3.5 ∉ [5, 8], one trade, pays 8, receives 5, surplus 3, welfare 8', () => {
      const out = tDdaOnReports(mk([10, 8, 1], [2, 5, 6]));
      assert.deepEqual(out.trades, [{ buyer: 0, seller: 0, units: 1 }]);
      assert.deepEqual([out.buyerPays[0], out.sellerReceives[0], out.budget, out.welfare], [8, 5, 3, 8]);
    });

    it('sentinels: a missing bid counts as 0, so p can be half the next ask (McAfee would fall back)', () => {
      // K = 1, no second bid, second ask 10: p = (0 + 10)/2 = 5 ∈ [2, 9] → trade at 5.
      const out = tDdaOnReports(mk([9], [2, 10]));
      assert.deepEqual([out.buyerPays[0], out.sellerReceives[0]], [5, 5]);
    });
  });

  describe('with the clock', () => {
    it('case A (docs/market.md#tests), step 1: the third ask is never revealed (+∞), so it reduces to trade reduction (8 / 4)', () => {
      const out = tDda(mk([10, 8, 6, 3], [2, 4, 7, 9]), { step: 1 });
      assert.deepEqual([out.buyerPays[0], out.sellerReceives[0], out.rounds], [8, 4, 12]);
    });

    it('differs from trade reduction when the revealed next ask is at least twice the marginal ask', () => {
      // Two sellers at cost 0 accept at P_min = 0; k* = 1, p = (0 + 0)/2 = 0 ∈ [0, 10]: one trade at 0.
      const m = mk([10], [0, 0]);
      const t = tDda(m, { step: 1 });
      assert.deepEqual([t.buyerUnits[0], t.buyerPays[0], t.sellerReceives[0]], [1, 0, 0]);
      assert.deepEqual(ddaTradeReduction(m, { step: 1 }).trades, []);
    });

    it('1,000 random markets (integer and real): feasible, IR, budget ≥ 0, welfare ≤ OPT', () => {
      for (const integer of [true, false]) {
        for (const m of randomMarkets(1000, 500 + (integer ? 1 : 0), { integer })) checkOutcome(tDda(m, { step: 1 }), m, 'nonnegative');
      }
    });

    it('no profitable deviation found on a fixed unit grid (brute force, 1,000 markets; empirical, not proved)', () => {
      for (const m of randomMarkets(1000, 510, { integer: true, high: 20 })) {
        const { gain, found } = bestDeviation(m, (x) => tDda(x, { step: 1 }), intGrid(0, 20));
        assert.ok(gain <= TOL, `profitable deviation ${JSON.stringify(found)}`);
      }
    });
  });

  it('rejects multi-unit markets', () => {
    assert.throws(
      () => tDda({ buyers: [{ value: 3, demand: 2 }], sellers: [], range: [0, 5] }, { step: 1 }),
      (e: unknown) => e instanceof MarketInputError && e.field === 'buyers[0].demand',
    );
  });
});
