import assert from 'node:assert/strict';
import { actionHeadFor } from '../../../../agents/t2drl/acting/action-head.ts';
import { initialOutputBias } from '../../../../agents/t2drl/training/policy-init.ts';
import { Box } from '../../../../src/spaces/box.ts';
import { Dict } from '../../../../src/spaces/dict.ts';
import { Discrete } from '../../../../src/spaces/discrete.ts';
import { MultiBinary } from '../../../../src/spaces/multi-binary.ts';
import { MultiDiscrete } from '../../../../src/spaces/multi-discrete.ts';
import { Tuple } from '../../../../src/spaces/tuple.ts';
import { Generator } from '../../../../src/random/generator.ts';
import { InvalidArgument } from '../../../../src/core/errors.ts';

describe('learning agents: policy heads per action space', () => {
  it('EdgeLLM Dict action: Bernoulli cache bits and squashed-Gaussian local fractions, valid env actions', () => {
    const space = new Dict({ cache: new MultiBinary(4), local: new Box(0, 1, [4], 'float32') });
    const head = actionHeadFor(space);
    assert.equal(head.description, 'Dict(cache: Bernoulli(4), local: SquashedGaussian(4, margin 0.05))');
    assert.equal(head.distribution.paramSize, 4 + 8);
    assert.equal(head.distribution.actionSize, 8);
    const rng = new Generator(1);
    const params = new Float32Array(12).map(() => rng.normal(0, 3));
    for (let i = 0; i < 50; i++) {
      const raw = head.distribution.sample(params, rng);
      const a = head.toEnv(raw) as { cache: Int8Array; local: Float32Array };
      assert.ok(space.contains(a), JSON.stringify(a));
      // the local fraction is the (stretched, clipped) sigmoid of the raw pre-squash value the log-prob is of
      for (let j = 0; j < 4; j++) {
        const f = Math.min(1, Math.max(0, 1.1 / (1 + Math.exp(-raw[4 + j]!)) - 0.05));
        assert.ok(Math.abs(a.local[j]! - f) < 1e-6);
      }
    }
  });

  it('Discrete, MultiDiscrete, bounded and unbounded Box', () => {
    const rng = new Generator(2);
    const d = actionHeadFor(new Discrete(3, 5));
    assert.equal(d.description, 'Categorical(3)');
    assert.equal(d.toEnv(Float32Array.of(2)), 7);
    const md = actionHeadFor(new MultiDiscrete([2, 3], [1, 0]));
    assert.deepEqual(Array.from(md.toEnv(Float32Array.of(1, 2)) as Int32Array), [2, 2]);
    const box = new Box(-2, 4, [3], 'float32');
    const b = actionHeadFor(box);
    assert.equal(b.description, 'SquashedGaussian(3, margin 0.05)');
    // the bounds are reached with a finite pre-squash value
    assert.deepEqual(Array.from(b.toEnv(Float32Array.of(3.1, -3.1, 0)) as Float32Array), [4, -2, 1]);
    for (let i = 0; i < 20; i++) assert.ok(box.contains(b.toEnv(b.distribution.sample(new Float32Array(6), rng))));
    const half = new Box(0, Infinity, [2], 'float32');
    const g = actionHeadFor(half);
    assert.equal(g.description, 'DiagGaussian(2)');
    assert.deepEqual(Array.from(g.toEnv(Float32Array.of(-1, 3)) as Float32Array), [0, 3]);
  });

  it('refuses unsupported spaces by name', () => {
    assert.throws(() => actionHeadFor(new Tuple([new Discrete(2)])), (e: Error) => e instanceof InvalidArgument && /Tuple/.test(e.message));
    assert.throws(() => actionHeadFor(new Box(0, 5, [2], 'int32')), /integer dtype/);
  });

  it('initial output bias sets Bernoulli logits, Gaussian means and log-stds, leaves categorical logits at 0', () => {
    const head = actionHeadFor(new Dict({ cache: new MultiBinary(2), local: new Box(0, 1, [2], 'float32'), step: new Discrete(3) }));
    const bias = initialOutputBias(head.distribution, { bernoulliLogit: 2, gaussianMean: 1.5, gaussianLogStd: -0.5 });
    assert.deepEqual(Array.from(bias), [2, 2, 1.5, 1.5, -0.5, -0.5, 0, 0, 0]);
  });
});
