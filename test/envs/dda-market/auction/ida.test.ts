import assert from 'node:assert/strict';
import { clearIda, defaultIdaRounds } from '../../../../envs/dda-market/auction/ida.ts';
import { MarketInputError } from '../../../../envs/dda-market/auction/errors.ts';
import type { Market } from '../../../../envs/dda-market/auction/types.ts';
import { checkOutcome, mk, optOf, randomMarkets } from './helpers.ts';

describe('market/ida (iterative double auction baseline)', () => {
  it('one pair v=10, c=2 on [0, 12], step 1: bids rise 0→6 and asks fall 12→6; trade at 6 in round 12', () => {
    const out = clearIda(mk([10], [2]), { step: 1 });
    assert.deepEqual(out.trades, [{ buyer: 0, seller: 0, units: 1, price: 6 }]);
    assert.equal(out.rounds, 12);
    // 2 opening quotes; 12 rounds × (1 quote + 2 broadcasts); 2 trade notices.
    assert.equal(out.messages, 2 + 12 * 3 + 2);
  });

  it('case A (docs/market.md#tests): both efficient pairs meet at 6', () => {
    const out = clearIda(mk([10, 8, 6, 3], [2, 4, 7, 9]), { step: 1 });
    assert.deepEqual(
      out.trades.map((t) => [t.buyer, t.seller, t.price]),
      [
        [0, 0, 6],
        [1, 1, 6],
      ],
    );
    assert.equal(out.welfare, 12);
  });

  it('a crossing pair can be inefficient: it trades the first pair that crosses, not the best one', () => {
    // Bids and asks meet at 5; buyer 0 (v = 5) and seller 0 (c = 5) cross first, by id, and trade with zero
    // surplus; the remaining buyer (v = 9) then finds only the seller with cost 8 → welfare 1 instead of OPT 4.
    const m = mk([5, 9], [5, 8], [0, 10]);
    const out = clearIda(m, { step: 1 });
    checkOutcome(out, m, 'zero');
    assert.ok(out.welfare < optOf(m).welfare);
  });

  it('the round budget ends the auction', () => {
    const m = mk([10], [2]);
    const none = clearIda(m, { step: 1, maxRounds: 11 });
    assert.deepEqual([none.trades.length, none.rounds], [0, 11]);
    assert.deepEqual(clearIda(m, { step: 1, maxRounds: 0 }).rounds, 0);
    assert.equal(defaultIdaRounds([0, 12], 1), 24);
  });

  for (const maxQty of [1, 4]) {
    it(`1,000 random markets (${maxQty === 1 ? 'single' : 'multi'}-unit, integer and real): feasible, IR, budget 0, welfare ≤ OPT, rounds ≤ budget`, () => {
      for (const integer of [true, false]) {
        for (const m of randomMarkets(1000, 600 + maxQty + (integer ? 10 : 0), { integer, maxQty })) {
          for (const step of [1, 7.3]) {
            const out = clearIda(m, { step });
            checkOutcome(out, m, 'zero');
            assert.ok(out.rounds <= defaultIdaRounds(m.range, step));
            for (const t of out.trades) {
              assert.ok(t.price! <= m.buyers[t.buyer]!.value && t.price! >= m.sellers[t.seller]!.cost, 'each trade priced between value and cost');
            }
          }
        }
      }
    });
  }

  it('rejects a bad step or budget', () => {
    const m: Market = mk([1], [0]);
    assert.throws(() => clearIda(m, { step: 0 }), (e: unknown) => e instanceof MarketInputError && e.field === 'step');
    assert.throws(() => clearIda(m, { step: 1, maxRounds: -1 }), (e: unknown) => e instanceof MarketInputError && e.field === 'maxRounds');
  });
});
