import assert from 'node:assert/strict';
import { Generator } from '../../../../src/random/generator.ts';
import { constantStep, gapStep, rangeFractionStep, runClock } from '../../../../envs/dda-market/auction/clock.ts';
import { MarketInputError } from '../../../../envs/dda-market/auction/errors.ts';
import type { Market, PublicClockState, StepPolicy } from '../../../../envs/dda-market/auction/types.ts';
import { mk, randomMarkets, TOL } from './helpers.ts';

const CASE_A = mk([10, 8, 6, 3], [2, 4, 7, 9]);

function nanToNull(a: Float64Array): (number | null)[] {
  return Array.from(a, (x) => (Number.isNaN(x) ? null : x));
}

/** Checks the clock invariants that hold for any step policy in alternate mode. */
function checkClockInvariants(m: Market, r: ReturnType<typeof runClock>): void {
  assert.ok(r.sellerClock <= r.buyerClock, 'seller clock above buyer clock');
  let unitsB = 0;
  let unitsS = 0;
  const path = r.buyerPath!;
  const spath = r.sellerPath!;
  m.buyers.forEach((b, i) => {
    const rep = r.buyerReports[i]!;
    if (Number.isNaN(rep)) {
      assert.ok(b.value < r.buyerClock, `unrevealed buyer ${i} with value ≥ final buyer clock`);
    } else {
      unitsB += b.demand ?? 1;
      // The report is the first buyer-clock price at or below the value.
      const first = path.find((p) => p <= b.value);
      assert.equal(rep, first, `buyer ${i} report is not its first path price ≤ value`);
      assert.ok(rep <= b.value + TOL && rep >= r.buyerClock);
    }
  });
  m.sellers.forEach((s, j) => {
    const rep = r.sellerReports[j]!;
    if (Number.isNaN(rep)) {
      assert.ok(s.cost > r.sellerClock, `unrevealed seller ${j} with cost ≤ final seller clock`);
    } else {
      unitsS += s.capacity ?? 1;
      assert.equal(rep, spath.find((p) => p >= s.cost), `seller ${j} report is not its first path price ≥ cost`);
    }
  });
  assert.equal(r.acceptedBuyerUnits, unitsB);
  assert.equal(r.acceptedSellerUnits, unitsS);
  assert.equal(r.book.bCount + r.book.sCount, nanToNull(r.buyerReports).filter((x) => x !== null).length + nanToNull(r.sellerReports).filter((x) => x !== null).length);
  // Every revealed bid is at least every revealed ask: all min(nB, nS) units are efficient among them.
  for (let a = 0; a < r.book.bCount; a++) {
    for (let b = 0; b < r.book.sCount; b++) assert.ok(r.book.bRep[r.book.bOrder[a]!]! >= r.book.sRep[r.book.sOrder[b]!]!);
  }
  assert.equal(path.length + spath.length - 2, r.rounds, 'alternate mode moves exactly one clock per round');
}

describe('market/clock', () => {
  describe('the fixed cases of docs/market.md#tests', () => {
    it('case A, step 1: 12 rounds, final clocks 6/6, reports 10, 8, 6 and 2, 4', () => {
      const r = runClock(CASE_A, 1);
      assert.equal(r.rounds, 12);
      assert.equal(r.buyerClock, 6);
      assert.equal(r.sellerClock, 6);
      assert.deepEqual(nanToNull(r.buyerReports), [10, 8, 6, null]);
      assert.deepEqual(nanToNull(r.sellerReports), [2, 4, null, null]);
      // 8 opening announcements, 5 acceptances, and per round the agents of the moving side still out:
      // buyer 12→10: 4+4, seller 0→2: 4+4, buyer 9, 8: 3+3, seller 3, 4: 3+3, buyer 7, 6: 2+2, seller 5, 6: 2+2.
      assert.equal(r.messages, 8 + 5 + 8 + 8 + 6 + 6 + 4 + 4);
    });

    it('case A, step 3: 4 rounds; buyers reveal 9, 6, 6 and sellers 3, 6', () => {
      const r = runClock(CASE_A, 3);
      assert.equal(r.rounds, 4);
      assert.deepEqual(nanToNull(r.buyerReports), [9, 6, 6, null]);
      assert.deepEqual(nanToNull(r.sellerReports), [3, 6, null, null]);
      assert.deepEqual([r.buyerClock, r.sellerClock], [6, 6]);
    });

    it('case B, one pair v=10, c=2: 12 rounds, clocks meet at 2', () => {
      const r = runClock(mk([10], [2]), 1);
      assert.equal(r.rounds, 12);
      assert.deepEqual([r.buyerClock, r.sellerClock], [2, 2]);
      assert.equal(r.messages, 2 + 2 + 2 + 2);
    });

    it('multi-unit case: 12 rounds, 7 buyer units and 5 seller units accepted', () => {
      const m: Market = {
        buyers: [{ value: 10, demand: 2 }, { value: 8, demand: 3 }, { value: 6, demand: 2 }],
        sellers: [{ cost: 2, capacity: 3 }, { cost: 5, capacity: 2 }, { cost: 7, capacity: 4 }],
        range: [0, 12],
      };
      const r = runClock(m, 1);
      assert.equal(r.rounds, 12);
      assert.equal(r.acceptedBuyerUnits, 7);
      assert.equal(r.acceptedSellerUnits, 5);
    });
  });

  describe('rounds', () => {
    it('equal constant steps δ with (P_max − P_min)/δ an integer give exactly that many rounds, whatever the bids', () => {
      const cases: [number, number][] = [
        [100, 1],
        [100, 2.5],
        [100, 0.5],
        [100, 100 / 7],
        [0.103, 0.00103],
        [7.3, 0.073],
      ];
      for (const [hi, step] of cases) {
        for (const m of randomMarkets(200, 11, { integer: false, high: hi })) {
          assert.equal(runClock(m, step).rounds, Math.round(hi / step), `range [0, ${hi}], step ${step}`);
        }
      }
    });

    it('rounds ≤ ⌊(P_max − P_min) / smallest step⌋ for adaptive and random step policies', () => {
      const rng = new Generator(5);
      for (const m of randomMarkets(1000, 12, { integer: false })) {
        let smallest = Infinity;
        const noisy: StepPolicy = () => {
          const s = rng.uniform(0.5, 8);
          smallest = Math.min(smallest, s);
          return s;
        };
        const r = runClock(m, noisy, { recordPath: true });
        assert.ok(r.rounds <= Math.floor(100 / smallest + 1e-9), `${r.rounds} rounds, smallest step ${smallest}`);
        checkClockInvariants(m, r);
        const g = runClock(m, gapStep(0.1, 0.01), { recordPath: true });
        assert.ok(g.rounds <= 100);
        checkClockInvariants(m, g);
      }
    });
  });

  describe('invariants over 1,000 random markets (sizes 0–12)', () => {
    for (const integer of [true, false]) {
      it(`${integer ? 'integer' : 'real'} values, unit and 3.7 steps, multi-unit too`, () => {
        for (const m of [...randomMarkets(1000, 13, { integer }), ...randomMarkets(300, 14, { integer, maxQty: 4 })]) {
          for (const step of [1, 3.7]) checkClockInvariants(m, runClock(m, step, { recordPath: true }));
        }
      });
    }

    it('with a constant step the buyer path is the fixed grid P_max − jδ and the seller path P_min + jδ', () => {
      for (const m of randomMarkets(300, 15, { integer: false })) {
        const r = runClock(m, 2.5, { recordPath: true });
        r.buyerPath!.forEach((p, j) => assert.equal(p, 100 - 2.5 * j));
        r.sellerPath!.forEach((p, j) => assert.equal(p, 2.5 * j));
      }
    });

    it('messages: n + m + acceptances + one per not-yet-accepted agent of the moving side per round', () => {
      for (const m of randomMarkets(300, 16, { integer: true })) {
        const r = runClock(m, 1);
        const n = m.buyers.length + m.sellers.length;
        const accepted = r.book.bCount + r.book.sCount;
        assert.ok(r.messages >= n + accepted);
        assert.ok(r.messages <= n + accepted + r.rounds * Math.max(m.buyers.length, m.sellers.length));
      }
    });
  });

  describe('step policy', () => {
    it('sees only public state and is asked to move the short side (buyer clock on ties)', () => {
      const seen: PublicClockState[] = [];
      const policy: StepPolicy = (st) => {
        seen.push({ ...st });
        return 1;
      };
      const r = runClock(CASE_A, policy);
      assert.equal(seen.length, r.rounds + 1, 'one call per round plus the refused move');
      for (const st of seen) {
        assert.deepEqual(Object.keys(st).sort(), ['acceptedBuyerUnits', 'acceptedSellerUnits', 'buyerClock', 'range', 'round', 'sellerClock', 'side']);
        assert.equal(st.side, st.acceptedBuyerUnits <= st.acceptedSellerUnits ? 'buyer' : 'seller');
      }
      assert.deepEqual(
        seen.map((s) => s.side).join(','),
        'buyer,buyer,seller,seller,buyer,buyer,seller,seller,buyer,buyer,seller,seller,seller',
      );
    });

    it('constantStep and rangeFractionStep reproduce a fixed step', () => {
      const a = runClock(CASE_A, 1);
      assert.deepEqual(runClock(CASE_A, constantStep(1)), a);
      const f = runClock(CASE_A, rangeFractionStep(1 / 12));
      assert.equal(f.rounds, 12);
    });

    it('a step larger than the gap ends the auction without moving', () => {
      const r = runClock(CASE_A, 13);
      assert.equal(r.rounds, 0);
      assert.deepEqual([r.buyerClock, r.sellerClock], [12, 0]);
    });
  });

  describe('simultaneous mode', () => {
    it('with fixed steps the clocks meet at a point set by the steps alone', () => {
      for (const m of randomMarkets(200, 17, { integer: true })) {
        const a = runClock(m, 1, { mode: 'simultaneous' });
        assert.deepEqual([a.buyerClock, a.sellerClock, a.rounds], [50, 50, 50]);
        const b = runClock(m, () => ({ buyer: 1, seller: 3 }), { mode: 'simultaneous', recordPath: true });
        assert.deepEqual([b.buyerClock, b.sellerClock, b.rounds], [75, 75, 25]);
        assert.equal(b.buyerPath!.length, 26);
        assert.equal(b.sellerPath!.length, 26);
      }
    });
  });

  describe('bad input', () => {
    const bad: [string, () => unknown][] = [
      ['step', () => runClock(CASE_A, 0)],
      ['step', () => runClock(CASE_A, -1)],
      ['step', () => runClock(CASE_A, Number.NaN)],
      ['step', () => runClock(CASE_A, Infinity)],
      ['step', () => runClock(CASE_A, () => 0)],
      ['step', () => runClock(CASE_A, () => Number.NaN)],
      ['step', () => runClock(CASE_A, 'x' as unknown as number)],
      ['range[1]', () => runClock(mk([13], [1]), 1)],
      ['range[0]', () => runClock(mk([5], [1], [2, 12]), 1)],
      ['range[1]', () => runClock(mk([5], [1], [3, 3]), 1)],
      ['buyers[0].value', () => runClock(mk([-1], [1]), 1)],
      ['sellers[1].cost', () => runClock(mk([5], [1, Number.NaN]), 1)],
      ['mode', () => runClock(CASE_A, 1, { mode: 'both' as never })],
      ['maxRounds', () => runClock(CASE_A, 0.001, { maxRounds: 100 })],
    ];
    for (const [field, f] of bad) {
      it(`throws MarketInputError naming ${field}`, () => {
        assert.throws(f, (e: unknown) => e instanceof MarketInputError && e.field === field && e.message.includes('Fix:'));
      });
    }
  });
});
