import assert from 'node:assert/strict';
import { Generator } from '../../../../src/random/generator.ts';
import { clearOpt, optWelfare } from '../../../../envs/dda-market/auction/opt.ts';
import type { Market } from '../../../../envs/dda-market/auction/types.ts';
import { checkOutcome, mk, randomMarkets } from './helpers.ts';

/** Exhaustive optimum: every x_i ∈ [0, d_i], y_j ∈ [0, K_j] with Σx = Σy. */
function bruteOpt(m: Market): number {
  const d = m.buyers.map((b) => b.demand ?? 1);
  const k = m.sellers.map((s) => s.capacity ?? 1);
  const best = (qty: number[], w: number[], sign: number): Map<number, number> => {
    // best total (sign·Σ w·x) for each total quantity
    let acc = new Map<number, number>([[0, 0]]);
    qty.forEach((q, i) => {
      const next = new Map<number, number>();
      for (const [units, val] of acc) {
        for (let x = 0; x <= q; x++) {
          const v = val + sign * w[i]! * x;
          const prev = next.get(units + x);
          if (prev === undefined || v > prev) next.set(units + x, v);
        }
      }
      acc = next;
    });
    return acc;
  };
  const b = best(d, m.buyers.map((x) => x.value), 1);
  const s = best(k, m.sellers.map((x) => x.cost), -1);
  let opt = 0;
  for (const [u, v] of b) if (s.has(u)) opt = Math.max(opt, v + s.get(u)!);
  return opt;
}

describe('market/opt', () => {
  it('case A (docs/market.md#tests): OPT = 12 with 2 trades', () => {
    assert.deepEqual(optWelfare(mk([10, 8, 6, 3], [2, 4, 7, 9]).buyers, mk([10, 8, 6, 3], [2, 4, 7, 9]).sellers), { welfare: 12, units: 2 });
  });

  it('the multi-unit case: OPT = 28 with 5 units', () => {
    const m: Market = {
      buyers: [{ value: 10, demand: 2 }, { value: 8, demand: 3 }, { value: 6, demand: 2 }],
      sellers: [{ cost: 2, capacity: 3 }, { cost: 5, capacity: 2 }, { cost: 7, capacity: 4 }],
      range: [0, 12],
    };
    assert.deepEqual(optWelfare(m.buyers, m.sellers), { welfare: 28, units: 5 });
    const out = clearOpt(m);
    assert.deepEqual([out.buyerUnits, out.sellerUnits], [
      [2, 3, 0],
      [3, 2, 0],
    ]);
  });

  it('equals an exhaustive search on 1,000 small random markets (single- and multi-unit)', () => {
    const rng = new Generator(700);
    for (let t = 0; t < 1000; t++) {
      const integer = t % 2 === 0;
      const [m] = randomMarkets(1, rng.integers(0, 1e9), { integer, maxSide: 5, maxQty: t % 3 === 0 ? 3 : 1 });
      const got = optWelfare(m!.buyers, m!.sellers).welfare;
      assert.ok(Math.abs(got - bruteOpt(m!)) <= 1e-9, `OPT ${got} ≠ exhaustive ${bruteOpt(m!)}`);
    }
  });

  it('the outcome is feasible, moves no money and has welfare OPT', () => {
    for (const m of randomMarkets(1000, 710, { integer: false, maxQty: 3 })) {
      const out = clearOpt(m);
      checkOutcome(out, m, 'zero', false);
      assert.ok(out.buyerPays.every((p) => p === 0) && out.sellerReceives.every((p) => p === 0));
      assert.ok(Math.abs(out.welfare - optWelfare(m.buyers, m.sellers).welfare) <= 1e-9);
    }
  });
});
