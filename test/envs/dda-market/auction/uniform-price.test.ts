import assert from 'node:assert/strict';
import { runClock } from '../../../../envs/dda-market/auction/clock.ts';
import { ddaUniformPrice } from '../../../../envs/dda-market/auction/dda.ts';
import type { Market } from '../../../../envs/dda-market/auction/types.ts';
import { bestDeviation, checkOutcome, intGrid, mk, optOf, randomMarkets, sellerUtility, TOL, withSeller } from './helpers.ts';

describe('market/uniform-price (classic double Dutch)', () => {
  describe('the fixed cases of docs/market.md#tests', () => {
    it('case A, step 1: both efficient pairs trade at 6, the midpoint of the final clocks 6/6', () => {
      const out = ddaUniformPrice(mk([10, 8, 6, 3], [2, 4, 7, 9]), { step: 1 });
      assert.deepEqual(out.trades, [
        { buyer: 0, seller: 0, units: 1 },
        { buyer: 1, seller: 1, units: 1 },
      ]);
      assert.deepEqual(out.buyerPays, [6, 6, 0, 0]);
      assert.deepEqual(out.sellerReceives, [6, 6, 0, 0]);
      assert.deepEqual([out.welfare, out.budget, out.rounds], [12, 0, 12]);
    });

    it('case B, v=10 and c=2: trade at 2 after 12 rounds', () => {
      const out = ddaUniformPrice(mk([10], [2]), { step: 1 });
      assert.deepEqual([out.buyerPays[0], out.sellerReceives[0], out.rounds], [2, 2, 12]);
    });
  });

  describe('properties over 1,000 random markets per setting (sizes 0–12)', () => {
    for (const [integer, step] of [
      [true, 1],
      [true, 3.7],
      [false, 1],
      [false, 6.1],
    ] as const) {
      it(`${integer ? 'integer' : 'real'} values, step ${step}: feasible, IR, budget = 0, OPT − K·Δ ≤ W ≤ OPT (Δ = 2δ)`, () => {
        for (const m of randomMarkets(1000, 200 + step * 10 + (integer ? 1 : 0), { integer })) {
          const out = ddaUniformPrice(m, { step });
          checkOutcome(out, m, 'zero');
          const { welfare, units } = optOf(m);
          assert.ok(out.welfare >= welfare - units * 2 * step - TOL, `W ${out.welfare} below OPT − KΔ`);
          const r = runClock(m, step);
          assert.equal(out.buyerUnits.reduce((a, x) => a + x, 0), Math.min(r.acceptedBuyerUnits, r.acceptedSellerUnits));
        }
      });
    }

    it('grid-aligned values with unit steps: uniform price is efficient', () => {
      for (const m of randomMarkets(1000, 210, { integer: true })) {
        assert.ok(Math.abs(ddaUniformPrice(m, { step: 1 }).welfare - optOf(m).welfare) <= TOL);
      }
    });
  });

  describe('not truthful: the brute force must find profitable deviations', () => {
    it('the manipulation example: the seller (c=2) waits until 9 and the price moves from 2 to 9', () => {
      const m = mk([10], [2]);
      const truth = ddaUniformPrice(m, { step: 1 });
      const lie = ddaUniformPrice(withSeller(m, 0, 9), { step: 1 });
      assert.equal(sellerUtility(truth, 0, 2), 0);
      assert.equal(lie.sellerReceives[0], 9);
      assert.equal(sellerUtility(lie, 0, 2), 7);
    });

    it('random grid markets: the same search that finds nothing for trade reduction finds many gains here', () => {
      let manipulable = 0;
      let markets = 0;
      let largest = 0;
      for (const m of randomMarkets(300, 220, { integer: true, high: 20, maxSide: 8 }) as Market[]) {
        if (m.buyers.length === 0 || m.sellers.length === 0) continue;
        markets++;
        const { gain } = bestDeviation(m, (x) => ddaUniformPrice(x, { step: 1 }), intGrid(0, 20));
        if (gain > TOL) manipulable++;
        largest = Math.max(largest, gain);
      }
      assert.ok(manipulable > markets / 4, `only ${manipulable} of ${markets} markets manipulable`);
      assert.ok(largest >= 3);
    });
  });
});
