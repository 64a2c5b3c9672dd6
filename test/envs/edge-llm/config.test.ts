import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG, EDGE_LLM_CONFIG_SCHEMA, resolveConfig } from '../../../envs/edge-llm/config.ts';
import { InvalidConfig } from '../../../src/core/errors.ts';

describe('envs/edge-llm/config', () => {
  it('derives the quantities of docs/model.md#parameters-config-fields-and-defaults from the defaults', () => {
    const c = resolveConfig();
    assert.equal(c.agents, 10);
    assert.equal(c.numModels, 2);
    assert.equal(c.numPairs, 20);
    assert.deepEqual(Array.from(c.sizeGB), [137, 540]);
    assert.deepEqual(Array.from(c.flopsPerToken), [2.74e11, 1.08e12]);
    assert.equal(c.memoryGB, 1280);
    assert.equal(c.computeFlops, 16 * 312e12);
    assert.equal(c.energyBudget, 16 * 300 * 0.25);
    assert.ok(Math.abs(c.energyPerToken[0]! - 2.74e11 / 8.1e11) < 1e-12);
    assert.deepEqual(Array.from(c.prompt.slice(0, 2)), [100, 100 + 100 / 9]);
    assert.equal(c.prompt[9], 200);
    assert.deepEqual(c.task.slice(0, 8), ['GSM8K', 'MultiArith', 'SVAMP', 'ASDiv', 'CSQA', 'StrategyQA', 'ARC', 'GSM8K']);
    // 0.7 on model (i mod M), the rest split evenly
    assert.deepEqual(Array.from(c.mix.slice(0, 4)), [0.7, 0.30000000000000004, 0.30000000000000004, 0.7]);
    assert.ok(Math.abs(c.beta - 3 / 7) < 1e-15);
    assert.ok(Math.abs(c.logInvBeta - Math.log(7 / 3)) < 1e-12);
    // α is the CoT accuracy: LaMDA on GSM8K 17%, PaLM on GSM8K 56%
    assert.equal(c.alpha[0], 0.17);
    assert.equal(c.alpha[1], 0.56);
    // SC accuracy at 10 paths
    assert.equal(c.edgeAccuracy[0], 0.24);
    assert.equal(c.cloudAccuracy[0], 0.7);
  });

  it('leaves the defaults untouched', () => {
    const before = JSON.stringify(DEFAULT_CONFIG);
    resolveConfig({ agents: 3, models: [{ name: 'palm-540b', paramsB: 540, bytesPerParam: 1, contextWindow: 100 }] });
    assert.equal(JSON.stringify(DEFAULT_CONFIG), before);
  });

  it('refuses unknown fields by name', () => {
    assert.throws(() => resolveConfig({ agentz: 3 }), (e: unknown) => {
      assert.ok(e instanceof InvalidConfig);
      assert.match(e.message, /config\.agentz is not a known field/);
      assert.deepEqual(e.fields, ['config.agentz']);
      return true;
    });
  });

  it('refuses out-of-range and mistyped fields by name, all at once', () => {
    assert.throws(
      () => resolveConfig({ agents: 0, beta: 1.5, paths: 2.5, gpus: '16' }),
      (e: unknown) => {
        assert.ok(e instanceof InvalidConfig);
        assert.match(e.message, /config\.agents must be >= 1 \(got 0\)/);
        assert.match(e.message, /config\.beta must be < 1 \(got 1.5\)/);
        assert.match(e.message, /config\.paths must be of type integer/);
        assert.match(e.message, /config\.gpus must be of type integer \(got "16"\)/);
        return true;
      },
    );
  });

  it('checks per-agent arrays and the model mix', () => {
    assert.throws(() => resolveConfig({ agents: 3, promptTokens: [100, 200] }), /config\.promptTokens must have one entry per agent \(3\); got 2/);
    assert.throws(() => resolveConfig({ agents: 2, rates: [1, 1, 1] }), /config\.rates must be one number or one entry per agent \(2\)/);
    assert.throws(() => resolveConfig({ agents: 1, modelMix: [[0.5, 0.6]] }), /config\.modelMix\[0\] must sum to 1/);
    assert.throws(
      () => resolveConfig({ models: [{ name: 'mystery-7b', paramsB: 7, bytesPerParam: 2, contextWindow: 4096 }] }),
      /config\.models\[0\]\.accuracyModel is required for model 'mystery-7b'/,
    );
    assert.throws(
      () => resolveConfig({ models: [{ name: 'palm-540b', paramsB: 1, bytesPerParam: 1, contextWindow: 1 }, { name: 'palm-540b', paramsB: 1, bytesPerParam: 1, contextWindow: 1 }] }),
      /repeats the name/,
    );
  });

  it('fills the shift workload defaults', () => {
    const c = resolveConfig({ workload: { kind: 'shift' } as never });
    assert.equal(c.workload.kind, 'shift');
    if (c.workload.kind === 'shift') {
      assert.deepEqual(c.workload.shiftWindow, [0.35, 0.65]);
      assert.equal(c.workload.modulationAmplitude, 0.2);
    }
  });

  it('exports a JSON Schema that lists every field', () => {
    for (const key of Object.keys(DEFAULT_CONFIG)) assert.ok(key in EDGE_LLM_CONFIG_SCHEMA.properties, key);
    assert.equal(EDGE_LLM_CONFIG_SCHEMA.additionalProperties, false);
  });
});
