import assert from 'node:assert/strict';
import { Generator } from '../../../../src/random/generator.ts';
import { DEFAULT_LLM_VALUATION, llmBuyerValue, llmMarket, llmMaxValue, llmServingCost } from '../../../../envs/dda-market/auction/llm-valuations.ts';
import { optWelfare } from '../../../../envs/dda-market/auction/opt.ts';

describe('market/llm-valuations', () => {
  it('buyer value = Q × accuracy cost × marginal accuracy gain of one more path', () => {
    // palm-540b GSM8K: 65 % at 5 paths, 70 % at 10 → +1 point per path between them.
    assert.ok(Math.abs(llmBuyerValue('palm-540b', 'GSM8K', 5, 1) - 2.5 * 0.01) < 1e-12);
    assert.ok(Math.abs(llmBuyerValue('palm-540b', 'GSM8K', 5, 1.5) - 1.5 * 2.5 * 0.01) < 1e-12);
    // lamda-137b MultiArith: 52 % with one chain, 63 % with 5 paths → 2.75 points per path.
    assert.ok(Math.abs(llmBuyerValue('lamda-137b', 'MultiArith', 1, 1) - 2.5 * 0.0275) < 1e-12);
    // palm-540b SVAMP falls from 88 % at 10 paths to 85 % at 15: one more path is worth nothing.
    assert.equal(llmBuyerValue('palm-540b', 'SVAMP', 10, 1), 0);
    assert.equal(llmBuyerValue('palm-540b', 'CSQA', 12, 1), 0);
  });

  it('serving cost = compute of one path + the displaced cloud path', () => {
    const compute = (0.1 * 32 * 2 * 137e9) / (16 * 312e12);
    assert.ok(Math.abs(llmServingCost('lamda-137b') - (compute + 7.5e-3)) < 1e-15);
    assert.ok(Math.abs(llmServingCost('lamda-137b', { displacedWork: false }) - compute) < 1e-15);
    assert.ok(llmServingCost('palm-540b') > llmServingCost('lamda-137b'));
  });

  it('the largest possible value is the MultiArith 1→5 gain at Q = 1.5', () => {
    assert.ok(Math.abs(llmMaxValue() - 1.5 * 2.5 * 0.0275) < 1e-12);
  });

  it('markets: seeded, values in [0, P_max], costs within G ∈ [0.5, 1.5] of a serving cost, range public', () => {
    const a = llmMarket(new Generator(11), { buyers: 500, sellers: 500 });
    assert.deepEqual(llmMarket(new Generator(11), { buyers: 500, sellers: 500 }), a);
    const pmax = llmMaxValue();
    assert.deepEqual(a.range, [0, pmax]);
    for (const b of a.buyers) assert.ok(b.value >= 0 && b.value <= pmax);
    const lo = 0.5 * llmServingCost('lamda-137b');
    const hi = 1.5 * llmServingCost('palm-540b');
    for (const s of a.sellers) assert.ok(s.cost >= lo && s.cost <= hi);
    assert.equal(DEFAULT_LLM_VALUATION.accuracyCost, 2.5);
  });

  it('the market is not degenerate: some but not all agents trade in the efficient allocation', () => {
    const rng = new Generator(12);
    let traded = 0;
    let possible = 0;
    for (let k = 0; k < 200; k++) {
      const m = llmMarket(rng, { buyers: 20, sellers: 20 });
      traded += optWelfare(m.buyers, m.sellers).units;
      possible += 20;
    }
    const share = traded / possible;
    assert.ok(share > 0.1 && share < 0.9, `share of agents trading ${share}`);
  });
});
