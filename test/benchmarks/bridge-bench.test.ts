import { strict as assert } from 'node:assert';
import { benchBridge } from '../../benchmarks/bridge-bench.ts';

describe('benchmarks/bridge-bench', function () {
  this.timeout(120_000);
  it('produces every figure (a smoke run; speeds are not asserted)', async () => {
    const r = await benchBridge({ seconds: 0.2, python: false, batch: 8 });
    for (const k of [
      'echoFloorPerSecond',
      'lockstepStepsPerSecond',
      'syncLockstepStepsPerSecond',
      'batchedEnvStepsPerSecond',
      'batchedNoInfoEnvStepsPerSecond',
      'batchedPipelinedEnvStepsPerSecond',
      'batchedConstantEnvStepsPerSecond',
      'inProcessStepsPerSecond',
      'inProcessVectorEnvStepsPerSecond',
    ] as const) {
      assert.ok(Number.isFinite(r[k]) && r[k] > 0, `${k} = ${r[k]}`);
    }
    assert.equal(r.pythonLockstepStepsPerSecond, null);
    assert.equal(r.batchSize, 8);
    assert.equal(r.frameBytes.request, 198);
  });
});
