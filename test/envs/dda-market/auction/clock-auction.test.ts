import assert from 'node:assert/strict';
import { Generator } from '../../../../src/random/generator.ts';
import { ClockAuction } from '../../../../envs/dda-market/auction/clock-auction.ts';
import { runClock } from '../../../../envs/dda-market/auction/clock.ts';
import { MarketInputError } from '../../../../envs/dda-market/auction/errors.ts';
import { mk, randomMarkets } from './helpers.ts';

const CASE_A = mk([10, 8, 6, 3], [2, 4, 7, 9]);

/** Everything observable about a running auction. */
function snapshot(a: ClockAuction) {
  return {
    B: a.buyerClock,
    S: a.sellerClock,
    uB: a.acceptedBuyerUnits,
    uS: a.acceptedSellerUnits,
    rounds: a.rounds,
    messages: a.messages,
    side: a.side,
    ended: a.ended,
    state: { ...a.state },
  };
}

const reports = (x: Float64Array) => Array.from(x, (v) => (Number.isNaN(v) ? null : v));

describe('market/clock-auction', () => {
  it('steps case A (docs/market.md#tests) by hand: opening, who moves, acceptances, messages', () => {
    const a = new ClockAuction(CASE_A);
    assert.deepEqual(snapshot(a), {
      B: 12, S: 0, uB: 0, uS: 0, rounds: 0, messages: 8, side: 'buyer', ended: false,
      state: { buyerClock: 12, sellerClock: 0, acceptedBuyerUnits: 0, acceptedSellerUnits: 0, round: 0, side: 'buyer', range: [0, 12] },
    });
    // Step 3 (case A with step 3): buyer 12 → 9, buyer 0 accepts; 4 price messages + 1 acceptance.
    assert.equal(a.move(3), true);
    assert.deepEqual([a.buyerClock, a.acceptedBuyerUnits, a.messages, a.side], [9, 1, 13, 'seller']);
    assert.equal(a.move(3), true); // seller 0 → 3, seller 0 accepts
    assert.deepEqual([a.sellerClock, a.acceptedSellerUnits, a.messages, a.side], [3, 1, 18, 'buyer']);
    assert.equal(a.move(3), true); // buyer 9 → 6, buyers 1 and 2 accept
    assert.deepEqual([a.buyerClock, a.acceptedBuyerUnits, a.messages, a.side], [6, 3, 23, 'seller']);
    assert.equal(a.move(3), true); // seller 3 → 6, seller 1 accepts; the clocks meet
    assert.deepEqual([a.sellerClock, a.acceptedSellerUnits, a.messages, a.rounds], [6, 2, 27, 4]);
    assert.equal(a.state.round, 4);
    assert.equal(a.move(3), false); // would cross: refused, the auction ends
    assert.equal(a.ended, true);
    assert.equal(a.rounds, 4);
    const r = a.result();
    assert.deepEqual(reports(r.buyerReports), [9, 6, 6, null]);
    assert.deepEqual(reports(r.sellerReports), [3, 6, null, null]);
    assert.equal(r.messages, 27);
    assert.equal(a.result(), r, 'result() is computed once');
  });

  it('driven one round at a time gives exactly what runClock gives (1,000 random markets, mixed steps)', () => {
    const rng = new Generator(11);
    for (const m of randomMarkets(1000, 5, { integer: false, maxQty: 3 })) {
      const steps = Array.from({ length: 400 }, () => [0.5, 1, 2.5, 7][rng.integers(0, 4)]!);
      const a = new ClockAuction(m);
      let k = 0;
      while (a.move(steps[k % steps.length]!)) k++;
      const ref = runClock(m, (st) => steps[st.round % steps.length]!);
      const got = a.result();
      assert.deepEqual(reports(got.buyerReports), reports(ref.buyerReports));
      assert.deepEqual(reports(got.sellerReports), reports(ref.sellerReports));
      assert.deepEqual(
        [got.rounds, got.messages, got.buyerClock, got.sellerClock, got.acceptedBuyerUnits, got.acceptedSellerUnits],
        [ref.rounds, ref.messages, ref.buyerClock, ref.sellerClock, ref.acceptedBuyerUnits, ref.acceptedSellerUnits],
      );
      assert.deepEqual(Array.from(got.book.bOrder.subarray(0, got.book.bCount)), Array.from(ref.book.bOrder.subarray(0, ref.book.bCount)));
      assert.deepEqual(Array.from(got.book.sOrder.subarray(0, got.book.sCount)), Array.from(ref.book.sOrder.subarray(0, ref.book.sCount)));
    }
  });

  it('crosses() answers without changing anything, and agrees with move()', () => {
    const a = new ClockAuction(CASE_A);
    a.move(6); // buyer clock 12 → 6
    const before = snapshot(a);
    assert.equal(a.crosses(6), false, 'seller 0 → 6 meets the buyer clock');
    assert.equal(a.crosses(6.5), true);
    assert.equal(a.crosses(6 + 1e-12), false, 'a crossing by rounding only counts as meeting');
    assert.deepEqual(snapshot(a), before);
    assert.equal(a.move(6.5), false);
    assert.equal(a.rounds, 1);
  });

  it('a bad step throws MarketInputError and leaves the auction as it was', () => {
    const a = new ClockAuction(CASE_A);
    a.move(2);
    const before = snapshot(a);
    for (const bad of [0, -1, Number.NaN, Infinity]) {
      assert.throws(() => a.move(bad), (e: unknown) => e instanceof MarketInputError && e.field === 'step' && /before round 2/.test(e.message));
      assert.deepEqual(snapshot(a), before);
    }
    // Only the moving clock's step is checked: the seller moves now, so a bad buyer step is ignored.
    assert.equal(a.side, 'seller');
    assert.equal(a.move(Number.NaN, 1), true);
  });

  it('end() stops the auction where it is; the revealed bids still all exceed the revealed asks', () => {
    const a = new ClockAuction(CASE_A);
    for (let k = 0; k < 7; k++) a.move(1);
    a.end();
    assert.equal(a.move(1), false, 'no move after end()');
    const r = a.result();
    assert.equal(r.rounds, 7);
    // Buyer 11, buyer 10 (buyer 0 accepts), seller 1, seller 2 (seller 0 accepts), buyer 9, buyer 8 (buyer 1
    // accepts), seller 3: stopped with buyer reports 10, 8 and seller report 2.
    assert.deepEqual([r.buyerClock, r.sellerClock], [8, 3]);
    assert.deepEqual(reports(r.buyerReports), [10, 8, null, null]);
    assert.deepEqual(reports(r.sellerReports), [2, null, null, null]);
    assert.equal(r.book.bRep[r.book.bOrder[r.book.bCount - 1]!]! >= r.book.sRep[r.book.sOrder[r.book.sCount - 1]!]!, true);
  });

  it('simultaneous mode moves both clocks each round', () => {
    const a = new ClockAuction(CASE_A, { mode: 'simultaneous' });
    assert.equal(a.side, 'both');
    assert.equal(a.move(1, 3), true);
    assert.deepEqual([a.buyerClock, a.sellerClock, a.rounds], [11, 3, 1]);
  });

  it('refuses a move beyond maxRounds, and bad options, naming the field', () => {
    const a = new ClockAuction(CASE_A, { maxRounds: 2 });
    a.move(1);
    a.move(1);
    assert.throws(() => a.move(1), (e: unknown) => e instanceof MarketInputError && e.field === 'maxRounds');
    assert.equal(a.rounds, 2);
    assert.throws(() => new ClockAuction(CASE_A, { maxRounds: 0 }), (e: unknown) => e instanceof MarketInputError && e.field === 'maxRounds');
    assert.throws(() => new ClockAuction(mk([13], [2], [0, 12])), (e: unknown) => e instanceof MarketInputError && e.field === 'range[1]');
  });
});
