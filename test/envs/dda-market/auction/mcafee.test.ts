import assert from 'node:assert/strict';
import { clearMcAfee } from '../../../../envs/dda-market/auction/mcafee.ts';
import { MarketInputError } from '../../../../envs/dda-market/auction/errors.ts';
import { bestDeviation, checkOutcome, intGrid, mk, optOf, randomMarkets, TOL } from './helpers.ts';

describe('market/mcafee', () => {
  describe('the fixed cases of docs/market.md#tests', () => {
    it('case A: both pairs trade at 6.5 = (6 + 7) / 2', () => {
      const out = clearMcAfee(mk([10, 8, 6, 3], [2, 4, 7, 9]));
      assert.deepEqual(out.buyerPays, [6.5, 6.5, 0, 0]);
      assert.deepEqual(out.sellerReceives, [6.5, 6.5, 0, 0]);
      assert.deepEqual([out.welfare, out.budget, out.rounds, out.messages], [12, 0, 1, 8]);
    });

    it('buyers {9, 8}, sellers {3, 4}: no third report, trade reduction: buyer 9 pays 8, seller 3 receives 4', () => {
      const out = clearMcAfee(mk([9, 8], [3, 4]));
      assert.deepEqual(out.trades, [{ buyer: 0, seller: 0, units: 1 }]);
      assert.deepEqual([out.buyerPays, out.sellerReceives], [
        [8, 0],
        [4, 0],
      ]);
    });

    it('buyers {9, 4}, sellers {3, 8}: one trade at 6', () => {
      const out = clearMcAfee(mk([9, 4], [3, 8]));
      assert.deepEqual([out.buyerPays, out.sellerReceives], [
        [6, 0],
        [6, 0],
      ]);
    });
  });

  describe('properties over 1,000 random markets (integer and real values)', () => {
    for (const integer of [true, false]) {
      it(`${integer ? 'integer' : 'real'}: feasible, IR, budget ≥ 0, W ∈ {OPT, OPT − s_K}`, () => {
        let full = 0;
        let reduced = 0;
        for (const m of randomMarkets(1000, 300 + (integer ? 1 : 0), { integer })) {
          const out = clearMcAfee(m);
          checkOutcome(out, m, 'nonnegative');
          const { welfare, units, surplus } = optOf(m);
          if (Math.abs(out.welfare - welfare) <= TOL) full++;
          else {
            assert.ok(Math.abs(out.welfare - (welfare - surplus[units - 1]!)) <= TOL, 'McAfee loses at most the marginal pair');
            reduced++;
          }
        }
        assert.ok(full > 100 && reduced > 100, `both branches exercised (${full} efficient, ${reduced} reduced)`);
      });
    }
  });

  it('dominant-strategy truthful: brute force over the integer grid [0, 20], 1,000 markets', () => {
    for (const m of randomMarkets(1000, 310, { integer: true, high: 20 })) {
      const { gain, found } = bestDeviation(m, clearMcAfee, intGrid(0, 20));
      assert.ok(gain <= TOL, `profitable deviation ${JSON.stringify(found)} in ${JSON.stringify(m)}`);
    }
  });

  it('rejects multi-unit markets, naming the field', () => {
    assert.throws(
      () => clearMcAfee({ buyers: [{ value: 3, demand: 2 }], sellers: [{ cost: 1 }] }),
      (e: unknown) => e instanceof MarketInputError && e.field === 'buyers[0].demand',
    );
    assert.throws(
      () => clearMcAfee({ buyers: [{ value: 3 }], sellers: [{ cost: 1, capacity: 4 }] }),
      (e: unknown) => e instanceof MarketInputError && e.field === 'sellers[0].capacity',
    );
  });
});
