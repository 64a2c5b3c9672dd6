import assert from 'node:assert/strict';
import { benchMarket } from '../../benchmarks/market-bench.ts';
import { MarketInputError } from '../../envs/dda-market/auction/errors.ts';

describe('benchmarks/market-bench', () => {
  it('reports positive throughputs, the rounds of the clock runs and the machine', () => {
    const r = benchMarket({ seconds: 0.05, buyers: 20, sellers: 20, allMechanisms: true });
    assert.ok(r.directClearingsPerSecond > 0 && r.clockAuctionsPerSecond > 0);
    assert.equal(r.clockRounds, 100);
    assert.equal(Object.keys(r.perMechanism!).length, 7);
    assert.ok(r.machine.cpus >= 1 && r.machine.node.startsWith('v'));
  });

  it('rejects bad options', () => {
    assert.throws(() => benchMarket({ seconds: 0 }), (e: unknown) => e instanceof MarketInputError && e.field === 'seconds');
    assert.throws(() => benchMarket({ stepFraction: 2 }), (e: unknown) => e instanceof MarketInputError && e.field === 'stepFraction');
  });
});
