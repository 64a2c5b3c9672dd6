import assert from 'node:assert/strict';
import { Generator } from '../../../../src/random/generator.ts';
import { MarketInputError } from '../../../../envs/dda-market/auction/errors.ts';
import { generateMarket, uniformMarket } from '../../../../envs/dda-market/auction/valuations.ts';

describe('market/valuations', () => {
  it('uniform markets: seeded, values and costs in [0, 100), range [0, 100]', () => {
    const a = uniformMarket(new Generator(1), { buyers: 50, sellers: 40 });
    assert.deepEqual(uniformMarket(new Generator(1), { buyers: 50, sellers: 40 }), a);
    assert.notDeepEqual(uniformMarket(new Generator(2), { buyers: 50, sellers: 40 }), a);
    assert.equal(a.buyers.length, 50);
    assert.equal(a.sellers.length, 40);
    assert.deepEqual(a.range, [0, 100]);
    for (const b of a.buyers) assert.ok(b.value >= 0 && b.value < 100 && b.demand === undefined);
    for (const s of a.sellers) assert.ok(s.cost >= 0 && s.cost < 100);
  });

  it('integer markets cover both ends of [low, high]; quantities from 1..max', () => {
    const m = uniformMarket(new Generator(3), { buyers: 2000, sellers: 10, integer: true, low: 0, high: 20, maxDemand: 4 });
    const values = new Set(m.buyers.map((b) => b.value));
    assert.ok(values.has(0) && values.has(20) && [...values].every((v) => Number.isInteger(v) && v >= 0 && v <= 20));
    const demands = new Set(m.buyers.map((b) => b.demand));
    assert.deepEqual([...demands].sort(), [1, 2, 3, 4]);
  });

  it('generateMarket dispatches on the valuation kind', () => {
    assert.deepEqual(generateMarket('uniform', new Generator(4), 3, 2).range, [0, 100]);
    assert.ok(generateMarket('llm', new Generator(4), 3, 2).range[1] < 1);
  });

  it('rejects bad counts and bounds', () => {
    const bad: [string, () => unknown][] = [
      ['buyers', () => uniformMarket(new Generator(0), { buyers: -1, sellers: 1 })],
      ['sellers', () => uniformMarket(new Generator(0), { buyers: 1, sellers: 1.5 })],
      ['high', () => uniformMarket(new Generator(0), { buyers: 1, sellers: 1, low: 5, high: 5 })],
      ['maxDemand', () => uniformMarket(new Generator(0), { buyers: 1, sellers: 1, maxDemand: 0 })],
      ['valuation', () => generateMarket('normal' as never, new Generator(0), 1, 1)],
    ];
    for (const [field, f] of bad) assert.throws(f, (e: unknown) => e instanceof MarketInputError && e.field === field);
  });
});
