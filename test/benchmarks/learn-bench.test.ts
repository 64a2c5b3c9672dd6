import assert from 'node:assert/strict';
import { comparePpoUpdates, compareUpdates, LEARN_TARGETS } from '../../benchmarks/learn-bench.ts';

describe('bench learn', () => {
  const check = (r: Awaited<ReturnType<typeof compareUpdates>>) => {
    assert.ok(r.autodiffSeconds > 0 && r.handSeconds > 0 && r.handTwoThreadsSeconds > 0, JSON.stringify(r));
    assert.ok(Math.abs(r.speedup - r.autodiffSeconds / r.handSeconds) < 1e-12);
    assert.ok(Math.abs(r.threadSpeedup - r.handSeconds / r.handTwoThreadsSeconds) < 1e-12);
  };

  it('times the PPO update with tfjs autodiff and with the hand-derived steps on one and two threads in one interleaved run', async () => {
    const r = await comparePpoUpdates('EdgeLLM-v0', 2, { numEnvs: 4, ppo: { rolloutSteps: 128, batchSize: 32, epochs: 2 } });
    assert.equal(r.rounds, 2);
    check(r);
  });

  it('times the T2DRL update three ways in one interleaved run', async () => {
    const r = await compareUpdates('t2drl', 'EdgeLLM-v0', 1, { numEnvs: 4, ppo: { rolloutSteps: 64, epochs: 2 } });
    assert.equal(r.rounds, 1);
    check(r);
  });

  it('states the issue targets', () => {
    assert.deepEqual({ ...LEARN_TARGETS }, { ppoToTorch: 2, t2drlToTorch: 1.5 });
  });
});
