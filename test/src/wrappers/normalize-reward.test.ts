import { strict as assert } from 'node:assert';
import { NormalizeReward } from '../../../src/wrappers/normalize-reward.ts';
import { ScriptedEnv, pooledMoments } from '../helpers.ts';

const act = Float32Array.of(0);

describe('src/wrappers/normalize-reward', () => {
  it('divides by the running std of the discounted return, reset by terminations only (by hand)', () => {
    // rewards 1, 2 (terminates), 3, 4 (truncates), 5; γ = 0.9
    const env = new NormalizeReward(
      new ScriptedEnv([{ reward: 1 }, { reward: 2, terminated: true }, { reward: 3 }, { reward: 4, truncated: true }, { reward: 5 }]),
      0.9,
    );
    env.reset({ seed: 0 });
    const got = [1, 2, 3, 4, 5].map((k) => {
      const r = env.step(act)[1];
      if (k === 2 || k === 4) env.reset();
      return r;
    });
    // G: 1; 2 (terminated: the old return is dropped); 0.9·2 + 3 = 4.8; 0.9·4.8 + 4 = 8.32; truncation keeps it: 0.9·8.32 + 5 = 12.488
    const returns = [1, 2, 4.8, 8.32, 12.488];
    const rewards = [1, 2, 3, 4, 5];
    returns.forEach((_, t) => {
      const { variance } = pooledMoments(returns.slice(0, t + 1));
      const want = rewards[t]! / Math.sqrt(variance + 1e-8);
      assert.ok(Math.abs(got[t]! - want) < 1e-9 * Math.max(1, want), `step ${t + 1}: ${got[t]} vs ${want}`);
    });
    assert.ok(Math.abs(got[0]! - 70.71) < 0.01, 'one return: std ≈ sqrt(2e-4)');
    assert.ok(Math.abs(got[1]! - 3.9988) < 1e-3);
    assert.ok(Math.abs(got[2]! - 1.8653) < 1e-3);
    assert.ok(Math.abs(env.returnRms.mean[0]! - 28.608 / 5.0001) < 1e-9, 'the mean is tracked but never subtracted');
  });

  it('freezes the statistics when updateRunningMean is off', () => {
    const env = new NormalizeReward(new ScriptedEnv([{ reward: 1 }, { reward: 1 }, { reward: 1 }]), 0.5);
    env.reset({ seed: 0 });
    env.step(act);
    env.updateRunningMean = false;
    const v = env.returnRms.var[0]!;
    const r = env.step(act)[1];
    assert.equal(env.returnRms.var[0], v);
    assert.ok(Math.abs(r - 1 / Math.sqrt(v + 1e-8)) < 1e-9);
  });

  it('passes observations, flags and infos through', () => {
    const env = new NormalizeReward(new ScriptedEnv([{ obs: [7], reward: 0, terminated: true, info: { k: 1 } }]));
    env.reset({ seed: 0 });
    const [obs, reward, terminated, truncated, info] = env.step(act);
    assert.deepEqual([Array.from(obs), reward, terminated, truncated, info], [[7], 0, true, false, { k: 1 }]);
  });
});
