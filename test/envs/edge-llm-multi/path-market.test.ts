import { strict as assert } from 'node:assert';
import { resolveConfig } from '../../../envs/edge-llm/config.ts';
import { DEFAULT_MARKET_OPTIONS } from '../../../envs/edge-llm-multi/config.ts';
import { PathMarket, canTrade, type ServerSlot } from '../../../envs/edge-llm-multi/path-market.ts';
import { clearTradeReduction } from '../../../envs/dda-market/auction/trade-reduction.ts';
import { Generator } from '../../../src/random/generator.ts';

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 + 1e-9 * Math.abs(b), `${what}: ${a} vs ${b}`);

describe('envs/edge-llm-multi/path-market', () => {
  // Server A: 4 GPUs, one user group on MultiArith; server B: 8 GPUs, one on GSM8K. Pairs: p = 0 LaMDA, p = 1 PaLM.
  const A = resolveConfig({ agents: 1, gpus: 4, tasks: ['MultiArith'] });
  const B = resolveConfig({ agents: 1, gpus: 8, tasks: ['GSM8K'] });
  const ePath = (A.energyPerToken[0]! * 32); // J per LaMDA path: 2.74e11 FLOP/token / 8.1e11 FLOP/J × 32 tokens
  const lnInvBeta = Math.log(7 / 3);

  it('hand-checked slot: values from the accuracy table and κ, tiers from spare energy, trade reduction per model', () => {
    const market = new PathMarket([A, B], DEFAULT_MARKET_OPTIONS);
    const slots: ServerSlot[] = [
      { served: [2, 0], kappa: [4, 0], cache: [1, 0], energyUsed: A.energyBudget - 3 * ePath },
      { served: [1, 0], kappa: [0.5, 0], cache: [1, 0], energyUsed: 0 },
    ];
    const r = market.clear(slots);
    // buyers: A's LaMDA pair, gain (71−69)/5 % at 10 paths, κ = 4: value 2.5·0.004/ln(7/3)/4, demand 10;
    // B's LaMDA pair, gain (25−24)/5 %, κ < 1 counts as 1: value 2.5·0.002/ln(7/3), demand 5
    const vA = (2.5 * 0.004) / lnInvBeta / 4;
    const vB = (2.5 * 0.002) / lnInvBeta;
    // sellers: B's 55 spare paths in tiers of 13, 14, 14, 14 at compute cost × (1 + utilisation after the tier)
    const computeB = (0.1 * 2.74e11 * 32) / (8 * 312e12);
    const costB0 = computeB * (1 + (13 * ePath) / 600);
    const costB1 = computeB * (1 + (27 * ePath) / 600);
    // efficient units 15; marginal buyer A (dropped), marginal seller B's second tier (dropped): B's users buy 5 at A's value,
    // B's first tier sells them at the second tier's cost
    const lamda = r.models[0]!;
    assert.equal(lamda.buyers, 2);
    assert.equal(lamda.sellers, 4 + 3);
    assert.equal(lamda.units, 5);
    close(lamda.buyerPrice, vA, 'buyer price');
    close(lamda.sellerPrice, costB1, 'seller price');
    assert.deepEqual(Array.from(r.bought), [0, 5]);
    assert.deepEqual(Array.from(r.sold), [0, 5]);
    close(r.paid[1]!, 5 * vA, 'paid');
    close(r.revenue[1]!, 5 * costB1, 'revenue');
    close(r.accuracyRelief[1]!, 5 * vB, 'relief');
    close(r.sellCost[1]!, 5 * costB0, 'sell cost');
    close(r.sellEnergy[1]!, 5 * ePath, 'energy');
    close(lamda.welfare, 5 * vB - 5 * costB0, 'welfare');
    close(lamda.budgetSurplus, 5 * (vA - costB1), 'surplus');
    assert.deepEqual(r.trades, [{ model: 'lamda-137b', buyer: 1, agent: 0, seller: 1, units: 5, buyerPrice: lamda.buyerPrice, sellerPrice: lamda.sellerPrice }]);
    // nobody serves PaLM: an empty book
    assert.deepEqual([r.models[1]!.units, r.models[1]!.buyers, r.models[1]!.rounds], [0, 0, 1]);
  });

  it('a server that caches nothing sells nothing, and a gain of zero buys nothing', () => {
    const market = new PathMarket([A, B], DEFAULT_MARKET_OPTIONS);
    const r = market.clear([
      { served: [0, 3], kappa: [0, 2], cache: [0, 1], energyUsed: 0 },
      { served: [3, 0], kappa: [1, 0], cache: [1, 0], energyUsed: 0 },
    ]);
    assert.equal(r.models[1]!.buyers, 0); // PaLM on MultiArith gains nothing from path 11
    assert.equal(r.models[0]!.sellers, 4); // only B caches LaMDA
  });

  it('random slots: prices individually rational, surplus ≥ 0, no seller above its energy budget, the clock agrees on IR', () => {
    const rng = new Generator(9);
    for (const clearing of ['sealed', 'clock'] as const) {
      const market = new PathMarket([A, B, A], { ...DEFAULT_MARKET_OPTIONS, utility: 30, clearing });
      for (let k = 0; k < 200; k++) {
        const slots = [A, B, A].map((c) => ({
          served: [rng.integers(0, 6), rng.integers(0, 6)],
          kappa: [rng.uniform(0, 20), rng.uniform(0, 20)],
          cache: [rng.integers(0, 2), rng.integers(0, 2)],
          energyUsed: rng.uniform(0, c.energyBudget),
        }));
        const r = market.clear(slots);
        for (const { outcome, buyers, sellers } of r.outcomes) {
          buyers.forEach((b, i) => assert.ok(outcome.buyerPays[i]! <= b.value * outcome.buyerUnits[i]! + 1e-12));
          sellers.forEach((s, j) => assert.ok(outcome.sellerReceives[j]! >= s.cost * outcome.sellerUnits[j]! - 1e-12));
          assert.ok(outcome.budget >= -1e-12);
        }
        [A, B, A].forEach((c, n) => assert.ok(slots[n]!.energyUsed + r.sellEnergy[n]! <= c.energyBudget + 1e-9));
        if (clearing === 'clock' && r.models.some((m) => m.buyers > 0 && m.sellers > 0)) assert.ok(r.rounds > 2);
      }
    }
  });

  it('clearLean gives the per-server arrays, units and prices of clear bit for bit (random slots, sealed and clock, rationed sides)', () => {
    const rng = new Generator(21);
    const per = ['accuracyRelief', 'sellCost', 'sellEnergy', 'bought', 'sold', 'paid', 'revenue'] as const;
    for (const clearing of ['sealed', 'clock'] as const) {
      const full = new PathMarket([A, B, A, B], { ...DEFAULT_MARKET_OPTIONS, utility: 30, clearing });
      const lean = new PathMarket([A, B, A, B], { ...DEFAULT_MARKET_OPTIONS, utility: 30, clearing });
      let traded = 0;
      let rationed = 0;
      for (let k = 0; k < 300; k++) {
        const slots = [A, B, A, B].map((c) => ({
          served: [rng.integers(0, 8), rng.integers(0, 8)],
          kappa: [rng.uniform(0, 20), rng.uniform(0, 20)],
          cache: [rng.integers(0, 2), rng.integers(0, 2)],
          energyUsed: rng.uniform(0, c.energyBudget),
        }));
        const r = full.clear(slots);
        const l = lean.clearLean(slots);
        for (const key of per) assert.deepStrictEqual(Array.from(l[key]), Array.from(r[key]), `${clearing} slot ${k}: ${key}`);
        assert.deepStrictEqual(Array.from(l.units), r.models.map((m) => m.units), `${clearing} slot ${k}: units`);
        assert.deepStrictEqual(Array.from(l.buyerPrice), r.models.map((m) => m.buyerPrice), `${clearing} slot ${k}: buyer prices`);
        assert.deepStrictEqual(Array.from(l.sellerPrice), r.models.map((m) => m.sellerPrice), `${clearing} slot ${k}: seller prices`);
        for (const m of r.models) if (m.units > 0) traded++;
        for (const { outcome, buyers } of r.outcomes) if (buyers.some((b, i) => outcome.buyerUnits[i]! > 0 && outcome.buyerUnits[i]! < b.demand!)) rationed++;
      }
      assert.ok(traded > 50, `${clearing}: ${traded} books traded`);
      if (clearing === 'sealed') assert.ok(rationed > 5, `${clearing}: ${rationed} books rationed a buyer`);
    }
  });

  it('canTrade is false only for books on which trade reduction trades nothing', () => {
    const rng = new Generator(4);
    let skipped = 0;
    for (let k = 0; k < 2000; k++) {
      const buyers = Array.from({ length: rng.integers(0, 5) }, () => ({ value: rng.integers(0, 10), demand: rng.integers(1, 4) }));
      const sellers = Array.from({ length: rng.integers(0, 5) }, () => ({ cost: rng.integers(0, 10), capacity: rng.integers(1, 4) }));
      if (canTrade(buyers, sellers)) continue;
      skipped++;
      assert.equal(clearTradeReduction({ buyers, sellers }).trades.length, 0, JSON.stringify({ buyers, sellers }));
    }
    assert.ok(skipped > 500);
    assert.equal(canTrade([{ value: 5 }, { value: 4 }], [{ cost: 1 }, { cost: 2 }]), true);
    assert.equal(canTrade([{ value: 5 }, { value: 0.5 }], [{ cost: 1 }, { cost: 2 }]), false);
  });

  it('the public top price is the largest value a buyer can have (κ ≤ 1)', () => {
    const market = new PathMarket([A, B], { ...DEFAULT_MARKET_OPTIONS, utility: 2 });
    close(market.maxPrice, (2 * 2.5 * 0.004) / lnInvBeta, 'max price'); // MultiArith on LaMDA gains most at 10 paths
  });
});
