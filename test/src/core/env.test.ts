import { strict as assert } from 'node:assert';
import { Env, type Info, type ResetArgs, type StepResult } from '../../../src/core/env.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { Generator } from '../../../src/random/generator.ts';
import { EnvSpec } from '../../../src/registry/env-spec.ts';

/** Observes one draw of its generator at every reset and step. */
class Coin extends Env<number, number> {
  readonly observationSpace = new Discrete(1000);
  readonly actionSpace = new Discrete(2);
  override reset(args: ResetArgs = {}): [number, Info] {
    super.reset(args);
    return [this.npRandom.integers(0, 1000), {}];
  }
  step(_action: number): StepResult<number> {
    return [this.npRandom.integers(0, 1000), 1, false, false, {}];
  }
}

describe('src/core/env', () => {
  it('reseeds only when reset gets a seed; reset() continues the stream', () => {
    const env = new Coin();
    const [a] = env.reset({ seed: 5 });
    const [b] = env.reset();
    const [c] = env.step(0);
    const ref = new Generator(5);
    assert.deepEqual([a, b, c], [ref.integers(0, 1000), ref.integers(0, 1000), ref.integers(0, 1000)]);
    const [again] = env.reset({ seed: 5 });
    assert.equal(again, a);
    const [other] = env.reset({ seed: 6 });
    assert.equal(other, new Generator(6).integers(0, 1000));
    assert.notEqual(new Generator(6).integers(0, 1000), a);
  });

  it('reports the seed of its generator: the reset seed, an entropy seed, or -1 when assigned', () => {
    const env = new Coin();
    const entropy = env.npRandomSeed;
    assert.ok(Number.isSafeInteger(entropy) && entropy >= 0);
    assert.equal(env.npRandomSeed, entropy, 'stable until reseeded');
    env.reset({ seed: 17 });
    assert.equal(env.npRandomSeed, 17);
    env.reset();
    assert.equal(env.npRandomSeed, 17);
    env.npRandom = new Generator(3);
    assert.equal(env.npRandomSeed, -1);
    assert.equal(env.reset()[0], new Generator(3).integers(0, 1000));
    assert.throws(() => env.reset({ seed: -1 }), /seed must be a non-negative integer/);
  });

  it('creates a generator on first use when never seeded', () => {
    const env = new Coin();
    const g = env.npRandom;
    assert.ok(g instanceof Generator);
    assert.equal(env.npRandom, g);
  });

  it('closes idempotently', () => {
    const env = new Coin();
    assert.equal(env.closed, false);
    env.close();
    env.close();
    assert.equal(env.closed, true);
  });

  it('has Gymnasium defaults: no render modes, no render mode, no spec, render() → null, itself unwrapped', () => {
    const env = new Coin();
    assert.deepEqual(env.metadata, { renderModes: [] });
    assert.equal(env.renderMode, null);
    assert.equal(env.spec, null);
    assert.equal(env.render(), null);
    assert.equal(env.unwrapped, env);
    assert.equal(env.toString(), '<Coin instance>');
    env.spec = new EnvSpec({ id: 'lab/Coin-v0', entryPoint: () => new Coin() });
    assert.equal(env.toString(), '<Coin<lab/Coin-v0>>');
    env.metadata = { renderModes: ['ansi'], renderFps: 2 };
    env.renderMode = 'ansi';
    assert.equal(env.renderMode, 'ansi');
    assert.equal(env.metadata.renderFps, 2);
  });

  it('returns an empty info from the base reset', () => {
    class Bare extends Env<number, number> {
      readonly observationSpace = new Discrete(2);
      readonly actionSpace = new Discrete(2);
      step(): StepResult<number> {
        return [0, 0, true, false, {}];
      }
    }
    const [obs, info] = new Bare().reset({ seed: 1 });
    assert.equal(obs, undefined);
    assert.deepEqual(info, {});
  });
});
