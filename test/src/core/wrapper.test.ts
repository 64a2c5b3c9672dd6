import { strict as assert } from 'node:assert';
import { ActionWrapper, ObservationWrapper, RewardWrapper, Wrapper } from '../../../src/core/wrapper.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { Generator } from '../../../src/random/generator.ts';
import { EnvSpec } from '../../../src/registry/env-spec.ts';
import { CountEnv, arr, messageOf } from '../helpers.ts';

class Doubled extends ObservationWrapper<Float32Array, Float32Array, number> {
  constructor(env: CountEnv) {
    super(env);
    this.observationSpace = new Box(0, 2000, [2], 'float32') as Box<Float32Array>;
  }
  observation(obs: Float32Array): Float32Array {
    return obs.map((v) => 2 * v);
  }
}

class Negated extends RewardWrapper<Float32Array, number> {
  reward(r: number): number {
    return -r;
  }
}

class Flipped extends ActionWrapper<Float32Array, number, number> {
  action(a: number): number {
    return 2 - a;
  }
}

describe('src/core/wrapper', () => {
  it('forwards spaces, metadata, spec, generator, render, close and unwrapped to the wrapped env', () => {
    const inner = new CountEnv({ renderMode: 'ansi' });
    inner.spec = new EnvSpec({ id: 'lab/Count-v0', entryPoint: () => new CountEnv() });
    const w = new Wrapper(inner);
    assert.equal(w.observationSpace, inner.observationSpace);
    assert.equal(w.actionSpace, inner.actionSpace);
    assert.equal(w.metadata, inner.metadata);
    assert.equal(w.renderMode, 'ansi');
    assert.equal(w.spec, inner.spec);
    assert.equal(w.unwrapped, inner);
    assert.equal(w.toString(), '<Wrapper<CountEnv<lab/Count-v0>>>');
    w.reset({ seed: 3 });
    assert.equal(w.npRandomSeed, 3);
    assert.equal(w.npRandom, inner.npRandom);
    assert.equal(inner.start, new Generator(3).integers(0, 100));
    w.npRandom = new Generator(1);
    assert.equal(inner.npRandomSeed, -1);
    w.step(1);
    assert.equal(w.render(), 't=1');
    w.close();
    assert.equal(inner.closeCount, 1);
    assert.equal(w.closed, true);
  });

  it('lets a wrapper replace its own spaces and metadata without touching the wrapped env', () => {
    const inner = new CountEnv();
    const w = new Wrapper(inner);
    w.actionSpace = new Discrete(5);
    w.metadata = { renderModes: [] };
    assert.equal((w.actionSpace as Discrete).n, 5);
    assert.equal(inner.actionSpace.n, 3);
    assert.deepEqual(inner.metadata.renderModes, ['ansi']);
    w.spec = null; // ignored: the spec belongs to the wrapped env
    assert.match(messageOf(() => (w.renderMode = 'human')), /renderMode is fixed when the wrapped environment is made; pass it to make\(\)/);
    assert.match(messageOf(() => new Wrapper({} as never)), /Wrapper expects an Env to wrap; got \[object Object\]/);
  });

  it('transforms observations, rewards and actions in the typed wrappers', () => {
    const inner = new CountEnv();
    const env = new Flipped(new Negated(new Doubled(inner)) as never);
    const [obs] = env.reset({ seed: 0 });
    assert.deepEqual(arr(obs), [0, 2 * inner.start]);
    const [next, reward] = env.step(0);
    assert.deepEqual(inner.actions, [2], 'ActionWrapper maps 0 to 2');
    assert.equal(reward, -(10 * 2 + 1));
    assert.deepEqual(arr(next), [2, 2 * inner.start]);
    assert.equal(env.unwrapped, inner);
  });
});
