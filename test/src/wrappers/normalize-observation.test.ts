import { strict as assert } from 'node:assert';
import { NormalizeObservation } from '../../../src/wrappers/normalize-observation.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import { Generator } from '../../../src/random/generator.ts';
import { Box } from '../../../src/spaces/box.ts';
import { CountEnv, DictCountEnv, ScriptedEnv, pooledMoments } from '../helpers.ts';

describe('src/wrappers/normalize-observation', () => {
  it('normalizes with the running statistics, the current observation included (by hand)', () => {
    const env = new NormalizeObservation(new ScriptedEnv([{ obs: [2, 20] }, { obs: [4, 40] }], [1, 10]));
    const [first] = env.reset({ seed: 0 });
    assert.ok(first instanceof Float32Array);
    // one sample x after a prior of weight 1e-4 (mean 0, variance 1): x − mean ≈ 1e-4·x and
    // variance ≈ 1e-4·(1 + x²), so x = 1 gives 1e-4/sqrt(2e-4) ≈ 0.0070707 and x = 10 gives 1e-3/sqrt(0.0101) ≈ 0.0099504
    assert.ok(Math.abs(first[0]! - 0.0070707) < 1e-6, String(first[0]));
    assert.ok(Math.abs(first[1]! - 0.0099504) < 1e-6, String(first[1]));
    const seen: number[][] = [[1, 10]];
    for (const o of [[2, 20], [4, 40]]) {
      seen.push(o);
      const [obs] = env.step(Float32Array.of(0));
      for (let j = 0; j < 2; j++) {
        const { mean, variance } = pooledMoments(seen.map((s) => s[j]!));
        assert.ok(Math.abs(env.obsRms.mean[j]! - mean) < 1e-12);
        assert.ok(Math.abs(env.obsRms.var[j]! - variance) < 1e-9);
        assert.ok(Math.abs(obs[j]! - Math.fround((o[j]! - mean) / Math.sqrt(variance + 1e-8))) < 1e-6);
      }
    }
    // after [1, 2, 4]: mean 7/3.0001, variance ≈ 14/9
    assert.ok(Math.abs(env.obsRms.mean[0]! - 2.33326) < 1e-4);
    assert.ok(Math.abs(env.obsRms.var[0]! - 1.55562) < 1e-4);
  });

  it('converges to standardization on a long stream', () => {
    const g = new Generator(3);
    const script = Array.from({ length: 3000 }, () => ({ obs: [g.normal(5, 2)] }));
    const env = new NormalizeObservation(new ScriptedEnv(script, [5]));
    env.reset({ seed: 0 });
    let last: Float32Array = new Float32Array(1);
    for (let i = 0; i < script.length; i++) last = env.step(Float32Array.of(0))[0];
    const xs = [5, ...script.map((s) => s.obs[0]!)];
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
    assert.ok(Math.abs(env.obsRms.mean[0]! - m) < 1e-6);
    assert.ok(Math.abs(env.obsRms.var[0]! - v) < 1e-3);
    assert.ok(Math.abs(m - 5) < 0.1 && Math.abs(Math.sqrt(v) - 2) < 0.1);
    assert.ok(Math.abs(last[0]! - (xs[xs.length - 1]! - m) / Math.sqrt(v)) < 1e-3);
  });

  it('freezes the statistics when updateRunningMean is off', () => {
    const env = new NormalizeObservation(new ScriptedEnv([{ obs: [3] }, { obs: [3] }], [1]));
    env.reset({ seed: 0 });
    env.updateRunningMean = false;
    const before = env.obsRms.toJSON();
    const [obs] = env.step(Float32Array.of(0));
    assert.deepEqual(env.obsRms.toJSON(), before);
    assert.ok(Math.abs(obs[0]! - Math.fround((3 - before.mean[0]!) / Math.sqrt(before.var[0]! + 1e-8))) < 1e-6);
  });

  it('accepts plain-number observations of a scalar Box', () => {
    class Scalar extends ScriptedEnv {
      override readonly observationSpace = new Box(-5, 5, [], 'float64') as never;
    }
    const env = new NormalizeObservation(new Scalar([], [1]) as never);
    assert.deepEqual(env.observationSpace.shape, []);
    const out = env.observation(2 as never);
    assert.equal(out.length, 1);
    assert.ok(Math.abs(env.obsRms.mean[0]! - 2 / 1.0001) < 1e-12);
  });

  it('exposes an unbounded float32 Box of the same shape and needs a Box observation space', () => {
    const env = new NormalizeObservation(new CountEnv());
    assert.ok(env.observationSpace.equals(new Box(-Infinity, Infinity, [2], 'float32')));
    assert.throws(() => new NormalizeObservation(new DictCountEnv() as never), (e: Error) => e instanceof InvalidArgument && /NormalizeObservation needs a Box observation space; got Dict\(.*\)\. Apply FlattenObservation first\./.test(e.message));
  });
});
