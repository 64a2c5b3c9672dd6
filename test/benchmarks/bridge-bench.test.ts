import { strict as assert } from 'node:assert';
import { benchBridge } from '../../benchmarks/bridge-bench.ts';
import { benchFairness } from '../../benchmarks/bridge-fairness-bench.ts';

describe('benchmarks/bridge-bench', function () {
  this.timeout(120_000);
  it('produces every figure (a smoke run; speeds are not asserted)', async () => {
    const r = await benchBridge({ seconds: 0.2, python: false, batch: 8, largeBatch: 16 });
    for (const k of [
      'echoFloorPerSecond',
      'lockstepStepsPerSecond',
      'syncLockstepStepsPerSecond',
      'batchedEnvStepsPerSecond',
      'batchedNoInfoEnvStepsPerSecond',
      'batchedPipelinedEnvStepsPerSecond',
      'batchedConstantEnvStepsPerSecond',
      'batchedLargeEnvStepsPerSecond',
      'batchedInlineEnvStepsPerSecond',
      'inProcessStepsPerSecond',
      'inProcessVectorEnvStepsPerSecond',
      'inProcessNativeVectorEnvStepsPerSecond',
    ] as const) {
      assert.ok(Number.isFinite(r[k]) && r[k] > 0, `${k} = ${r[k]}`);
    }
    assert.equal(r.pythonLockstepStepsPerSecond, null);
    assert.equal(r.batchSize, 8);
    assert.equal(r.largeBatchSize, 16);
    for (const n of ['1', '2'] as const) assert.ok(r.workersBatchedEnvStepsPerSecond[n] > 0, `workers ${n}`);
    for (const v of Object.values(r.batchedCpuMicrosPerFrame)) assert.ok(Number.isFinite(v) && v > 0, JSON.stringify(r.batchedCpuMicrosPerFrame));
    for (const form of [r.batchedReplyCodecMicros.lists, r.batchedReplyCodecMicros.boolArrays]) {
      assert.ok(form.encode > 0 && form.decode > 0 && Number.isFinite(form.encode + form.decode), JSON.stringify(form));
    }
    assert.equal(r.frameBytes.request, 198);
  });

  it('fairness: produces p99StallMs with the largest default batch (a smoke run; the target is not asserted)', async () => {
    const r = await benchFairness({ seconds: 0.3, pipeline: 2 });
    assert.equal(r.heavyNumEnvs, 1024);
    assert.equal(r.workers, 2);
    assert.ok(r.samples > 0 && Number.isFinite(r.p99StallMs) && r.p99StallMs >= r.p50StallMs, JSON.stringify(r));
    assert.ok(r.maxStallMs >= r.p99StallMs && Number.isFinite(r.aloneP99Ms));
  });
});
