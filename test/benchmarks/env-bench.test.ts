import { strict as assert } from 'node:assert';
import '../../envs/index.ts';
import { benchEnv } from '../../benchmarks/env-bench.ts';

describe('benchmarks/env-bench', function () {
  this.timeout(60_000);

  it('measures one env, the SyncVectorEnv, the batch-native vector (with and without infos, in-thread and split over threads) and the async vector', async () => {
    const r = await benchEnv({ envId: 'EdgeLLM-v0', seconds: 0.05, numEnvs: 4, workers: 3 });
    assert.equal(r.env, 'EdgeLLM-v0');
    assert.equal(r.numEnvs, 4);
    assert.equal(r.workers, 3);
    for (const k of [
      'stepsPerSecond',
      'vectorStepsPerSecond',
      'nativeVectorStepsPerSecond',
      'nativeVectorNoInfosStepsPerSecond',
      'nativeVectorWorkersStepsPerSecond',
      'nativeVectorWorkersNoInfosStepsPerSecond',
      'asyncVectorStepsPerSecond',
    ] as const) {
      assert.ok(typeof r[k] === 'number' && r[k]! > 0 && Number.isFinite(r[k]), `${k}: ${r[k]}`);
    }
  });

  it('reports null for the batch-native figures of an id without a vector entry point', async () => {
    const r = await benchEnv({ envId: 'DDAMarket-v0', seconds: 0.05, numEnvs: 2 });
    assert.equal(r.nativeVectorStepsPerSecond, null);
    assert.equal(r.nativeVectorNoInfosStepsPerSecond, null);
    assert.equal(r.nativeVectorWorkersStepsPerSecond, null);
    assert.ok(r.vectorStepsPerSecond > 0);
  });

  it('refuses a non-positive duration or env count, and fewer than two threads for the split measurement', async () => {
    await assert.rejects(benchEnv({ envId: 'EdgeLLM-v0', seconds: 0 }), /seconds must be positive; got 0/);
    await assert.rejects(benchEnv({ envId: 'EdgeLLM-v0', numEnvs: 1.5 }), /numEnvs must be a positive integer; got 1.5/);
    await assert.rejects(benchEnv({ envId: 'EdgeLLM-v0', workers: 1 }), /workers must be an integer ≥ 2; got 1/);
  });
});
