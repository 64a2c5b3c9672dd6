import assert from 'node:assert/strict';
import { Generator } from '../../../../src/random/generator.ts';
import { gapStep, priceGridStep, runClock } from '../../../../envs/dda-market/auction/clock.ts';
import { ddaTradeReduction } from '../../../../envs/dda-market/auction/dda.ts';
import { clearTradeReduction, tradeReductionRule, type MutableTradeReductionSummary } from '../../../../envs/dda-market/auction/trade-reduction.ts';
import { Workspace } from '../../../../envs/dda-market/auction/book.ts';
import { emptyAllocation } from '../../../../envs/dda-market/auction/outcome.ts';
import type { Market, MarketOutcome, StepPolicy } from '../../../../envs/dda-market/auction/types.ts';
import { bestDeviation, checkOutcome, intGrid, mk, optOf, randomMarkets, TOL, withBuyer } from './helpers.ts';

const CASE_A = mk([10, 8, 6, 3], [2, 4, 7, 9]);

/** Fixed-grid quantization as the clock would do it: first price on P_max − jδ ≤ v, on P_min + jδ ≥ c. */
function quantize(m: Market, step: number): Market {
  const down: number[] = [];
  for (let p = m.range[1]; p > m.range[0] - step; p -= step) down.push(p);
  const up: number[] = [];
  for (let p = m.range[0]; p < m.range[1] + step; p += step) up.push(p);
  return {
    ...m,
    buyers: m.buyers.map((b) => ({ ...b, value: down.find((p) => p <= b.value) ?? -1 })),
    sellers: m.sellers.map((s) => ({ ...s, cost: up.find((p) => p >= s.cost) ?? 1e9 })),
  };
}

function sameAllocationAndPrices(a: MarketOutcome, b: MarketOutcome, what: string): void {
  assert.deepEqual(a.buyerUnits, b.buyerUnits, `${what}: buyer units`);
  assert.deepEqual(a.sellerUnits, b.sellerUnits, `${what}: seller units`);
  a.buyerPays.forEach((p, i) => assert.ok(Math.abs(p - b.buyerPays[i]!) <= 1e-9, `${what}: buyer ${i} pays ${p} vs ${b.buyerPays[i]}`));
  a.sellerReceives.forEach((p, j) => assert.ok(Math.abs(p - b.sellerReceives[j]!) <= 1e-9, `${what}: seller ${j} receives`));
}

/** A step policy wrapper that records the largest step offered to each clock (refused moves included). */
function tracked(policy: StepPolicy): { policy: StepPolicy; maxB: () => number; maxS: () => number } {
  let mb = 0;
  let ms = 0;
  return {
    policy: (st) => {
      const s = policy(st);
      const b = typeof s === 'number' ? s : s.buyer;
      const c = typeof s === 'number' ? s : s.seller;
      if (st.side !== 'seller') mb = Math.max(mb, b);
      if (st.side !== 'buyer') ms = Math.max(ms, c);
      return s;
    },
    maxB: () => mb,
    maxS: () => ms,
  };
}

describe('market/trade-reduction (truthful DDA)', () => {
  describe('the fixed cases of docs/market.md#tests', () => {
    it('case A, step 1: buyer 10 and seller 2 trade, pay 8 / receive 4, budget 4, welfare 8, 12 rounds, clocks 6/6', () => {
      const out = ddaTradeReduction(CASE_A, { step: 1 });
      assert.deepEqual(out.trades, [{ buyer: 0, seller: 0, units: 1 }]);
      assert.deepEqual(out.buyerPays, [8, 0, 0, 0]);
      assert.deepEqual(out.sellerReceives, [4, 0, 0, 0]);
      assert.deepEqual([out.budget, out.welfare, out.rounds], [4, 8, 12]);
      assert.deepEqual(out.finalClocks, { buyer: 6, seller: 6 });
      assert.equal(optOf(CASE_A).welfare, 12);
    });

    it('case A, step 3: 4 rounds, buyer 10 and seller 2 trade at 6 each (budget 0, welfare 8)', () => {
      const out = ddaTradeReduction(CASE_A, { step: 3 });
      assert.deepEqual(out.trades, [{ buyer: 0, seller: 0, units: 1 }]);
      assert.deepEqual(out.buyerPays, [6, 0, 0, 0]);
      assert.deepEqual(out.sellerReceives, [6, 0, 0, 0]);
      assert.deepEqual([out.budget, out.welfare, out.rounds], [0, 8, 4]);
    });

    it('case B, one pair v=10, c=2: no trade', () => {
      const out = ddaTradeReduction(mk([10], [2]), { step: 1 });
      assert.deepEqual(out.trades, []);
      assert.deepEqual([out.welfare, out.budget, out.rounds], [0, 0, 12]);
    });

    it('direct trade reduction on case A gives the same trade and prices', () => {
      const out = clearTradeReduction(CASE_A);
      assert.deepEqual(out.trades, [{ buyer: 0, seller: 0, units: 1 }]);
      assert.deepEqual([out.buyerPays[0], out.sellerReceives[0], out.rounds, out.messages], [8, 4, 1, 8]);
    });
  });

  describe('properties over 1,000 random markets per setting (sizes 0–12)', () => {
    const settings: [string, boolean, number | (() => StepPolicy)][] = [
      ['integer values, step 1 (grid-aligned)', true, 1],
      ['integer values, step 3.7', true, 3.7],
      ['real values, step 1', false, 1],
      ['real values, adaptive gap policy', false, () => gapStep(0.1, 0.01)],
    ];
    settings.forEach(([name, integer, step], s) => {
      it(`${name}: feasible, IR, budget ≥ 0, welfare ≤ OPT`, () => {
        for (const m of randomMarkets(1000, 100 + s, { integer })) {
          const out = ddaTradeReduction(m, { step: typeof step === 'number' ? step : step() });
          checkOutcome(out, m, 'nonnegative');
          assert.ok(out.trades.length <= Math.max(0, optOf(m).units - 1) || out.trades.length === 0);
        }
      });
    });

    it('grid-aligned values: equals direct TR on the raw values and loses exactly the marginal pair', () => {
      let trades = 0;
      for (const m of randomMarkets(1000, 110, { integer: true })) {
        const clock = ddaTradeReduction(m, { step: 1 });
        sameAllocationAndPrices(clock, clearTradeReduction(m), 'clock vs direct');
        const { welfare, units, surplus } = optOf(m);
        const expected = units >= 1 ? welfare - surplus[units - 1]! : 0;
        assert.ok(Math.abs(clock.welfare - expected) <= TOL, `welfare ${clock.welfare}, expected OPT − last pair = ${expected}`);
        assert.equal(clock.buyerUnits.reduce((a, x) => a + x, 0), Math.max(0, units - 1));
        trades += clock.trades.length;
      }
      assert.ok(trades > 1000, 'the random markets must trade');
    });

    it('clock ≡ direct TR on the fixed-grid-quantized reports (non-aligned steps, single and multi-unit)', () => {
      for (const step of [0.7, 2.5, 3.7, 9.9]) {
        const markets = [...randomMarkets(1000, 120, { integer: false }), ...randomMarkets(300, 121, { integer: false, maxQty: 4 })];
        for (const raw of markets) {
          // values in [10, 100] so that every buyer's quantized report stays ≥ 0 (a valid direct report)
          const m: Market = { ...raw, buyers: raw.buyers.map((b) => ({ ...b, value: 10 + 0.9 * b.value })) };
          sameAllocationAndPrices(ddaTradeReduction(m, { step }), clearTradeReduction(quantize(m, step)), `step ${step}`);
        }
      }
    });

    it('welfare lower bound W ≥ OPT − s_k − (K−1)Δ ≥ (1 − 1/k)·OPT − (K−1)Δ; k = 0 ⇒ W = 0 and OPT ≤ K·Δ', () => {
      // K: true efficient pairs; k = min(accepted buyers, accepted sellers); s_k: the k-th true pair surplus;
      // Δ: largest buyer step + largest seller step offered (refused final move included). See docs/market.md.
      let tight = 0;
      let seed = 0;
      for (const m of randomMarkets(1000, 130, { integer: false })) {
        seed++;
        const factories: (() => StepPolicy)[] = [
          () => () => 3.7,
          () => gapStep(0.1, 0.01),
          () => {
            const g = new Generator(seed);
            return () => g.uniform(0.5, 6);
          },
        ];
        for (const make of factories) {
          const t = tracked(make());
          const r = runClock(m, t.policy);
          const out = ddaTradeReduction(m, { step: make() }); // same steps again
          const k = Math.min(r.acceptedBuyerUnits, r.acceptedSellerUnits);
          const delta = t.maxB() + t.maxS();
          const { welfare: opt, units: K, surplus } = optOf(m);
          assert.equal(out.trades.length, Math.max(0, k - 1), 'single unit: k − 1 trades');
          assert.ok(k <= K, 'k never exceeds the true efficient count');
          if (k === 0) {
            assert.equal(out.welfare, 0);
            assert.ok(opt <= K * delta + TOL, `k = 0 but OPT ${opt} > K·Δ = ${K * delta}`);
            continue;
          }
          const lb = opt - surplus[k - 1]! - (K - 1) * delta;
          assert.ok(out.welfare >= lb - 1e-9, `W = ${out.welfare} < OPT − s_k − (K−1)Δ = ${lb}`);
          assert.ok(out.welfare >= (1 - 1 / k) * opt - (K - 1) * delta - 1e-9);
          if (K > k) tight++;
        }
      }
      assert.ok(tight > 100, 'markets where the clock misses efficient pairs occur, so the (K−1)Δ term is exercised');
    });

    it('k = 0 (nobody on one side accepted) implies OPT ≤ K·Δ', () => {
      let seen = 0;
      for (const m of randomMarkets(1000, 140, { integer: false })) {
        const r = runClock(m, 9.9);
        if (Math.min(r.acceptedBuyerUnits, r.acceptedSellerUnits) > 0) continue;
        const { welfare, units } = optOf(m);
        assert.ok(welfare <= units * 2 * 9.9 + TOL);
        seen++;
      }
      assert.ok(seen > 10, 'some markets end with an empty side');
    });
  });

  describe('dominant-strategy truthfulness (brute force, quantities truthful)', () => {
    it('fixed unit grid on [0, 20], integer values: no agent gains by behaving as any other type (1,000 markets)', () => {
      const grid = intGrid(0, 20);
      let deviations = 0;
      for (const m of randomMarkets(1000, 150, { integer: true, high: 20 })) {
        const { gain, found } = bestDeviation(m, (x) => ddaTradeReduction(x, { step: 1 }), grid);
        assert.ok(gain <= TOL, `profitable deviation ${JSON.stringify(found)} in ${JSON.stringify(m)}`);
        deviations += (m.buyers.length + m.sellers.length) * grid.length;
      }
      assert.ok(deviations > 100_000);
    });

    it('fixed grid, off-grid values: gains stay below the step (ε-dominance, ε = δ)', () => {
      // Direct TR on grid-quantized reports is truthful for an agent whose value is its quantized value q;
      // a true value v differs from q by less than δ, so any deviation gains at most (v − q) < δ per unit.
      const fine = Array.from({ length: 81 }, (_, k) => k / 4);
      let maxGain = 0;
      for (const m of randomMarkets(300, 160, { integer: false, high: 20, maxSide: 8 })) {
        const a = bestDeviation(m, (x) => ddaTradeReduction(x, { step: 1.5 }), fine);
        assert.ok(a.gain < 1.5, `gain ${a.gain} ≥ step 1.5`);
        maxGain = Math.max(maxGain, a.gain);
      }
      assert.ok(maxGain > 0.5, 'off-grid values do allow gains below the step: the search has power');
    });

    it('a policy that pre-commits one grid per clock (priceGridStep) keeps exact truthfulness on its grids', () => {
      const policy = priceGridStep((b) => (b > 12 ? 4 : 1), (s) => (s < 8 ? 4 : 1));
      const buyerGrid = [20, 16, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
      const sellerGrid = [0, 4, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
      const rng = new Generator(161);
      const allPrices = [...new Set([...buyerGrid, ...sellerGrid])];
      for (let t = 0; t < 1000; t++) {
        const m: Market = {
          buyers: Array.from({ length: rng.integers(0, 9) }, () => ({ value: buyerGrid[rng.integers(0, buyerGrid.length)]! })),
          sellers: Array.from({ length: rng.integers(0, 9) }, () => ({ cost: sellerGrid[rng.integers(0, sellerGrid.length)]! })),
          range: [0, 20],
        };
        const { gain, found } = bestDeviation(m, (x) => ddaTradeReduction(x, { step: policy }), allPrices);
        assert.ok(gain <= TOL, `profitable deviation ${JSON.stringify(found)} in ${JSON.stringify(m)}`);
      }
    });

    it('a gap-reactive policy is manipulable beyond its largest step (counterexample found by brute force)', () => {
      // Truthful, buyer 0 (v ≈ 12.34) is the marginal buyer and pays nothing; behaving as v = 7 changes which
      // clock moves, hence the grid, creates a tie at 7 won by id, and buyer 0 pays 7: gain ≈ 5.34 > 4.
      const m: Market = {
        buyers: [{ value: 12.342910851462808 }, { value: 7.852552390225103 }, { value: 18.49213254206529 }],
        sellers: [19.47674163301967, 10.540484182056776, 7.934764308225068, 5.909368317858101, 15.921093360243306, 6.664970902574019, 1.3106126272779672].map((cost) => ({ cost })),
        range: [0, 20],
      };
      const run = (x: Market): MarketOutcome => ddaTradeReduction(x, { step: gapStep(0.2, 0.05) });
      const truth = run(m);
      const lie = run(withBuyer(m, 0, 7));
      assert.equal(truth.buyerUnits[0], 0);
      assert.deepEqual([lie.buyerUnits[0], lie.buyerPays[0]], [1, 7]);
      assert.ok(m.buyers[0]!.value - 7 > 0.2 * 20, 'gain exceeds the largest step 4');
    });
  });

  it('tradeReductionRule writes its summary into a reused object when given one: the same summary and allocation', () => {
    const into: MutableTradeReductionSummary = { efficientUnits: 7, marginalBuyer: 7, marginalSeller: 7, buyerPrice: 7, sellerPrice: 7 };
    let efficient = 0;
    for (const m of randomMarkets(300, 12, { integer: true, maxQty: 3 })) {
      const book = new Workspace().load(m.buyers, m.sellers);
      const a = emptyAllocation(m.buyers.length, m.sellers.length);
      const b = emptyAllocation(m.buyers.length, m.sellers.length);
      const fresh = tradeReductionRule(book, a);
      const reused = tradeReductionRule(book, b, 'proportional', into);
      assert.equal(reused, into);
      assert.deepEqual({ ...reused }, fresh);
      assert.deepEqual(b, a);
      if (fresh.efficientUnits > 0) efficient++;
    }
    assert.ok(efficient > 50 && efficient < 300, `${efficient} markets with efficient units`);
  });

  it('the outcome checks have power: broken outcomes are rejected', () => {
    const out = clearTradeReduction(CASE_A);
    const badIr: MarketOutcome = { ...out, buyerPays: [11, 0, 0, 0], budget: 7 };
    assert.throws(() => checkOutcome(badIr, CASE_A, 'nonnegative'), /individually rational/);
    const badBudget: MarketOutcome = { ...out, sellerReceives: [9, 0, 0, 0], budget: -1 };
    assert.throws(() => checkOutcome(badBudget, CASE_A, 'nonnegative'), /budget/);
    const badFeasible: MarketOutcome = { ...out, sellerUnits: [1, 1, 0, 0] };
    assert.throws(() => checkOutcome(badFeasible, CASE_A, 'nonnegative'));
    const loserPays: MarketOutcome = { ...out, buyerPays: [8, 1, 0, 0], budget: 5 };
    assert.throws(() => checkOutcome(loserPays, CASE_A, 'nonnegative'), /losing buyer/);
  });
});
