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
    for (const [k, v] of Object.entries(r.cpu)) if (k !== 'vector') assert.ok(typeof v === 'number' && v > 0 && Number.isFinite(v));
    assert.equal(benchParallelEnv({ envId: 'EdgeLLMMulti-v0', seconds: 0.02, ablationKwargs: null, copies: 0 }).ablationSystemStepsPerSecond, null);
  });

  it('measures K systems as the batch-native vector env (without and with infos) and as an AgentVectorEnv, K from numEnvs', () => {
    const r = benchParallelEnv({ envId: 'EdgeLLMMulti-v0', seconds: 0.05, numEnvs: 8, ablationKwargs: null });
    for (const v of [r.vector, r.cpu.vector]) {
      assert.ok(v !== null);
      assert.equal(v.copies, 2, '8 sub-environments of 4 servers');
      for (const k of ['systemStepsPerSecond', 'infosSystemStepsPerSecond', 'agentVectorSystemStepsPerSecond'] as const) {
        assert.ok(v[k] > 0 && Number.isFinite(v[k]), `${k}: ${v[k]}`);
      }
    }
    assert.equal(benchParallelEnv({ envId: 'EdgeLLMMulti-v0', seconds: 0.02, ablationKwargs: null, copies: 0 }).vector, null);
  });

  it('refuses a non-positive duration and an id that is not a parallel env', () => {
    assert.throws(() => benchParallelEnv({ envId: 'EdgeLLMMulti-v0', seconds: 0 }), /seconds must be positive; got 0/);
    assert.throws(() => benchParallelEnv({ envId: 'EdgeLLM-v0' }), /single-agent environment/);
  });
});
