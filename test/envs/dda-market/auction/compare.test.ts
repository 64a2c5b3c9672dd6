import assert from 'node:assert/strict';
import { compareMechanisms, formatComparison } from '../../../../envs/dda-market/auction/compare.ts';
import { MarketInputError } from '../../../../envs/dda-market/auction/errors.ts';

describe('market/compare', () => {
  const small = compareMechanisms({ sizes: [10, 30], markets: 30, seed: 3 });

  it('one row per size and mechanism, with sensible figures', () => {
    assert.equal(small.rows.length, 2 * 6);
    for (const r of small.rows) {
      if (r.mechanism === 'vcg') assert.ok(Math.abs(r.welfareRatio - 1) < 1e-9);
      assert.ok(r.welfareRatio <= 1 + 1e-9 && r.welfareRatio >= 0);
      if (['dda-tr', 'dda-up', 't-dda'].includes(r.mechanism)) assert.equal(r.meanRounds, 100);
      if (['mcafee', 'vcg'].includes(r.mechanism)) assert.deepEqual([r.meanRounds, r.meanMessages], [1, r.size]);
      if (r.mechanism === 'dda-up' || r.mechanism === 'ida') assert.ok(Math.abs(r.meanBudget) < 1e-9);
    }
    assert.equal(small.ddaVsIda.length, 2);
  });

  it('is deterministic, and a size’s figures do not depend on the other sizes listed', () => {
    assert.deepEqual(compareMechanisms({ sizes: [10, 30], markets: 30, seed: 3 }), small);
    const alone = compareMechanisms({ sizes: [30], markets: 30, seed: 3 });
    assert.deepEqual(alone.rows, small.rows.filter((r) => r.size === 30));
  });

  it('a tighter IDA round budget lowers IDA welfare', () => {
    const tight = compareMechanisms({ sizes: [30], markets: 30, seed: 3, idaBudgetFactor: 1.1, mechanisms: ['ida'] });
    const loose = compareMechanisms({ sizes: [30], markets: 30, seed: 3, idaBudgetFactor: 2, mechanisms: ['ida'] });
    assert.ok(tight.rows[0]!.meanWelfare < loose.rows[0]!.meanWelfare);
  });

  it('formats a Markdown table', () => {
    const text = formatComparison(small);
    assert.match(text, /\| size \| mechanism \| welfare \/ OPT \|/);
    assert.match(text, /DDA over IDA/);
  });

  it('rejects bad options', () => {
    const bad: [string, () => unknown][] = [
      ['sizes', () => compareMechanisms({ sizes: [], markets: 1, seed: 1 })],
      ['sizes[1]', () => compareMechanisms({ sizes: [10, 1], markets: 1, seed: 1 })],
      ['markets', () => compareMechanisms({ sizes: [10], markets: 0, seed: 1 })],
      ['seed', () => compareMechanisms({ sizes: [10], markets: 1, seed: -1 })],
      ['stepFraction', () => compareMechanisms({ sizes: [10], markets: 1, seed: 1, stepFraction: 0 })],
      ['idaBudgetFactor', () => compareMechanisms({ sizes: [10], markets: 1, seed: 1, idaBudgetFactor: 0 })],
    ];
    for (const [field, f] of bad) assert.throws(f, (e: unknown) => e instanceof MarketInputError && e.field === field, field);
  });
});
