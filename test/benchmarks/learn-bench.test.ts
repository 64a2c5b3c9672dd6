import assert from 'node:assert/strict';
import { comparePpoUpdates, compareUpdates, LEARN_TARGETS, summarizeRounds } from '../../benchmarks/learn-bench.ts';

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

  it('summarizes rounds by the medians of their figures and of their own ratios (hand-checked)', () => {
    const round = (torch: number, ppo: number, t2drl: number) => ({ torch, ppo, t2drl, ppoToTorch: ppo / torch, t2drlToTorch: t2drl / torch });
    // a slow middle round: every figure halves, its ratios do not
    const s = summarizeRounds([round(4000, 6000, 7000), round(2000, 3000, 3000), round(3800, 5700, 6460)]);
    assert.equal(s.torch, 3800);
    assert.equal(s.ppo, 5700);
    assert.equal(s.t2drl, 6460);
    assert.equal(s.ppoToTorch, 1.5, 'the median of 1.5, 1.5 and 1.5');
    assert.equal(s.t2drlToTorch, 1.7, 'the median of 1.75, 1.5 and 1.7, where the ratio of the medians is 6460 / 3800 = 1.7 too only by chance');
    const noTorch = summarizeRounds([{ torch: null, ppo: 1, t2drl: 2, ppoToTorch: null, t2drlToTorch: null }]);
    assert.deepEqual(noTorch, { torch: null, ppo: 1, t2drl: 2, ppoToTorch: null, t2drlToTorch: null });
    assert.throws(() => summarizeRounds([]), /no rounds/);
  });

  it('states the issue targets', () => {
    assert.deepEqual({ ...LEARN_TARGETS }, { ppoToTorch: 2, t2drlToTorch: 1.5 });
  });
});
