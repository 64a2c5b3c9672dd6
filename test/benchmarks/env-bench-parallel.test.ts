import { strict as assert } from 'node:assert';
import '../../envs/index.ts';
import { benchParallelEnv } from '../../benchmarks/env-bench-parallel.ts';

describe('benchmarks/env-bench-parallel', function () {
  this.timeout(60_000);

  it('measures system steps of the parallel env, without its market, and the single env of the same run', () => {
    const r = benchParallelEnv({ envId: 'EdgeLLMMulti-v0', seconds: 0.05 });
    assert.equal(r.env, 'EdgeLLMMulti-v0');
    assert.equal(r.agents, 4);
    assert.equal(r.singleEnv, 'EdgeLLM-v0');
    for (const k of ['systemStepsPerSecond', 'ablationSystemStepsPerSecond', 'singleStepsPerSecond'] as const) {
      assert.ok(typeof r[k] === 'number' && r[k]! > 0 && Number.isFinite(r[k]), `${k}: ${r[k]}`);
    }
    for (const v of Object.values(r.cpu)) assert.ok(typeof v === 'number' && v > 0 && Number.isFinite(v));
    assert.equal(benchParallelEnv({ envId: 'EdgeLLMMulti-v0', seconds: 0.02, ablationKwargs: null }).ablationSystemStepsPerSecond, null);
  });

  it('refuses a non-positive duration and an id that is not a parallel env', () => {
    assert.throws(() => benchParallelEnv({ envId: 'EdgeLLMMulti-v0', seconds: 0 }), /seconds must be positive; got 0/);
    assert.throws(() => benchParallelEnv({ envId: 'EdgeLLM-v0' }), /single-agent environment/);
  });
});
