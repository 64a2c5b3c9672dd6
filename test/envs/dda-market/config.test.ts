import { strict as assert } from 'node:assert';
import { DEFAULT_MARKET_CONFIG, resolveMarketConfig } from '../../../envs/dda-market/config.ts';
import { llmMaxValue } from '../../../envs/dda-market/auction/llm-valuations.ts';
import { InvalidConfig } from '../../../src/core/errors.ts';

function configError(input: unknown, pattern: RegExp, fields?: string[]): void {
  assert.throws(
    () => resolveMarketConfig(input),
    (e: unknown) => {
      assert.ok(e instanceof InvalidConfig, String(e));
      assert.match(e.message, pattern);
      if (fields) assert.deepEqual(e.fields, fields);
      return true;
    },
  );
}

describe('envs/dda-market/config', () => {
  it('defaults: 20 × 20 reasoning-path markets on [0, P_max], steps 0.5–20 % of the range', () => {
    const c = resolveMarketConfig();
    assert.equal(c.valuation, 'llm');
    assert.deepEqual([c.buyers, c.sellers, c.maxRounds, c.messageCost, c.roundCost], [20, 20, 200, 1e-5, 0]);
    assert.deepEqual(c.range, [0, llmMaxValue()]);
    assert.deepEqual(c.stepFractions, [0.005, 0.01, 0.02, 0.05, 0.1, 0.2]);
    assert.deepEqual(c.stepSizes, c.stepFractions.map((f) => f * llmMaxValue()));
  });

  it('uniform markets take their price range from uniformRange', () => {
    const c = resolveMarketConfig({ valuation: 'uniform', uniformRange: [0, 12], stepFractions: [1 / 12, 0.25] });
    assert.deepEqual(c.range, [0, 12]);
    assert.deepEqual(c.stepSizes, [1, 3]);
    assert.deepEqual(resolveMarketConfig({ valuation: 'uniform' }).range, [0, 100]);
  });

  it('leaves the defaults untouched', () => {
    const before = JSON.stringify(DEFAULT_MARKET_CONFIG);
    const c = resolveMarketConfig({ stepFractions: [0.1] });
    c.stepFractions.push(0.5);
    c.uniformRange[1] = 7;
    assert.equal(JSON.stringify(DEFAULT_MARKET_CONFIG), before);
  });

  it('names unknown, mistyped and out-of-range fields', () => {
    configError({ sizes: 3 }, /config\.sizes is not a known field/, ['config.sizes']);
    configError({ buyers: 0 }, /config\.buyers must be >= 1 \(got 0\)/, ['config.buyers']);
    configError({ valuation: 'normal' }, /config\.valuation must be one of "llm", "uniform"/);
    configError({ stepFractions: [] }, /config\.stepFractions/);
    configError({ stepFractions: [0.01, 2] }, /config\.stepFractions\[1\] must be <= 1 \(got 2\)/);
    configError({ messageCost: -1 }, /config\.messageCost must be >= 0/);
    configError({ maxRounds: 2.5 }, /config\.maxRounds must be of type integer/);
  });

  it('requires strictly increasing steps, saying how to fix it', () => {
    configError({ stepFractions: [0.01, 0.05, 0.05] }, /config\.stepFractions\[2\] is 0\.05, not above the previous step 0\.05; list the steps strictly increasing/, [
      'config.stepFractions[2]',
    ]);
  });

  it('refuses uniformRange with reasoning-path valuations, and an empty uniform range', () => {
    configError({ uniformRange: [0, 10] }, /config\.uniformRange applies to valuation 'uniform' only/);
    configError({ valuation: 'uniform', uniformRange: [5, 5] }, /config\.uniformRange must be \[P_min, P_max\] with P_min < P_max; got \[5, 5\]/);
  });
});
