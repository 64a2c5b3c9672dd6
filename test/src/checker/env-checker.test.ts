import { strict as assert } from 'node:assert';
import { checkEnv } from '../../../src/checker/env-checker.ts';
import { EnvCheckError } from '../../../src/checker/check-error.ts';
import { EnvSpec } from '../../../src/registry/env-spec.ts';
import { make, register, unregister } from '../../../src/registry/registry.ts';
import { collectWarnings } from '../../../src/core/logger.ts';
import { Wrapper } from '../../../src/core/wrapper.ts';
import { Box } from '../../../src/spaces/box.ts';
import type { Info, ResetArgs, StepResult } from '../../../src/core/env.ts';
import { CountEnv, type CountEnvOptions } from '../helpers.ts';

const NO_SPEC = 'Not able to test alternative render modes due to the environment not having a spec. Try instantiating the environment through `make`.';

/** Gives `env` a spec whose entry point builds another instance of its class. */
function withSpec<E extends CountEnv>(env: E, extra: Partial<ConstructorParameters<typeof EnvSpec>[0]> = {}): E {
  const Ctor = env.constructor as new (o: CountEnvOptions) => E;
  env.spec = new EnvSpec({ id: 'coretest/Checked-v0', entryPoint: (kw) => new Ctor(kw as CountEnvOptions), ...extra });
  return env;
}

/** Expects checkEnv to throw an EnvCheckError with exactly `message`. */
function fails(env: CountEnv, message: string): void {
  assert.throws(
    () => checkEnv(env),
    (e: Error) => {
      assert.ok(e instanceof EnvCheckError, `${e.constructor.name}: ${e.message}`);
      assert.equal(e.message, message);
      assert.equal((e as EnvCheckError).code, 'env_check');
      return true;
    },
  );
}

/** Each reset starts somewhere else, whatever the seed (a counter, so two resets never agree by chance). */
class NondeterministicReset extends CountEnv {
  static resets = 0;
  override reset(args: ResetArgs = {}): [Float32Array, Info] {
    const result = super.reset(args);
    this.start = NondeterministicReset.resets++ % 100;
    result[0][1] = this.start;
    return result;
  }
}

class IgnoresSeedButDraws extends CountEnv {
  override reset(_args: ResetArgs = {}): [Float32Array, Info] {
    this.t = 0;
    this.start = this.npRandom.integers(0, 100);
    return [Float32Array.of(0, this.start), {}];
  }
}

class IgnoresSeed extends CountEnv {
  override reset(_args: ResetArgs = {}): [Float32Array, Info] {
    this.t = 0;
    return [Float32Array.of(0, 0), {}];
  }
}

class ResetOutside extends CountEnv {
  override reset(args: ResetArgs = {}): [Float32Array, Info] {
    super.reset(args);
    return [Float32Array.of(0, 5000), {}];
  }
}

class StepOutside extends CountEnv {
  override step(action: number): StepResult<Float32Array> {
    const r = super.step(action);
    r[0] = Float32Array.of(-1, 0);
    return r;
  }
}

class Float64Space extends CountEnv {
  override readonly observationSpace = new Box(0, 1000, [2], 'float64') as unknown as Box<Float32Array>;
}

class NaNReward extends CountEnv {
  override step(action: number): StepResult<Float32Array> {
    const r = super.step(action);
    r[1] = Number.NaN;
    return r;
  }
}

class InfReward extends CountEnv {
  override step(action: number): StepResult<Float32Array> {
    const r = super.step(action);
    r[1] = -Infinity;
    return r;
  }
}

class StringInfo extends CountEnv {
  override step(action: number): StepResult<Float32Array> {
    const r = super.step(action);
    r[4] = 'oops' as unknown as Info;
    return r;
  }
}

class TruncatesAtOnce extends CountEnv {
  override step(action: number): StepResult<Float32Array> {
    const r = super.step(action);
    r[3] = true;
    return r;
  }
}

class NoOptions extends CountEnv {
  override reset(args: ResetArgs = {}): [Float32Array, Info] {
    if (args.options !== undefined) throw new TypeError('reset() got an unexpected option bag');
    return super.reset(args);
  }
}

class RandomStep extends CountEnv {
  override step(action: number): StepResult<Float32Array> {
    const r = super.step(action);
    r[0][1] = Math.random() * 100;
    return r;
  }
}

class StepDrawsMore extends CountEnv {
  calls = 0;
  override step(action: number): StepResult<Float32Array> {
    for (let i = 0; i <= this.calls; i++) this.npRandom.random();
    this.calls++;
    return super.step(action);
  }
}

class CloseTwiceFails extends CountEnv {
  override close(): void {
    if (this.closed) throw new Error('already closed');
    super.close();
  }
}

class BoxActions extends CountEnv {
  constructor(options: CountEnvOptions = {}, box = new Box(-Infinity, Infinity, [2], 'float32')) {
    super(options);
    (this as { actionSpace: unknown }).actionSpace = box;
  }
  override step(_action: unknown): StepResult<Float32Array> {
    return super.step(0);
  }
}

describe('src/checker/env-checker', () => {
  describe('a correct environment', () => {
    it('passes, warning only that it has no spec', () => {
      assert.deepEqual(checkEnv(new CountEnv()).warnings, [NO_SPEC]);
    });

    it('passes with a spec, checking every render mode and double close without warnings', () => {
      const env = withSpec(new CountEnv({ renderMode: 'ansi' }));
      assert.deepEqual(checkEnv(env).warnings, []);
    });

    it('passes when made through the registry, checked unwrapped', () => {
      register({ id: 'coretest/CheckedCount-v0', entryPoint: (kw) => new CountEnv(kw as CountEnvOptions), maxEpisodeSteps: 10 });
      try {
        const env = make('coretest/CheckedCount-v0');
        assert.deepEqual(checkEnv(env.unwrapped).warnings, []);
        const wrapped = checkEnv(env).warnings;
        assert.equal(wrapped.length, 1);
        assert.match(wrapped[0]!, /^The environment \(<TimeLimit<OrderEnforcing<PassiveEnvChecker<CountEnv<coretest\/CheckedCount-v0>>>>>\) is different from the unwrapped version \(<CountEnv<coretest\/CheckedCount-v0>>\)/);
      } finally {
        unregister('coretest/CheckedCount-v0');
      }
    });

    it('skips the render and close checks on request', () => {
      assert.deepEqual(checkEnv(new CountEnv(), { skipRenderCheck: true }).warnings, []);
      assert.deepEqual(checkEnv(withSpec(new CloseTwiceFails()), { skipCloseCheck: true }).warnings, []);
    });

    it('does not print the warnings it returns', () => {
      const [report, printed] = collectWarnings(() => checkEnv(new Float64Space()));
      assert.ok(report.warnings.length > 0);
      assert.deepEqual(printed, []);
    });
  });

  describe('errors', () => {
    it('catches a seeded reset that is not deterministic (for a deterministic spec)', () => {
      fails(withSpec(new NondeterministicReset()), 'Using `env.reset({seed: 123})` is non-deterministic as the observations are not equivalent.');
      assert.doesNotThrow(() => checkEnv(withSpec(new NondeterministicReset(), { nondeterministic: true })));
    });

    it('catches a reset that does not reseed (does not call super.reset) but draws', () => {
      fails(
        new IgnoresSeedButDraws(),
        'Most likely the environment reset function does not call `super.reset(args)` as the random generators are not the same when the same seeds are passed to `env.reset`.',
      );
    });

    it('catches a reset that ignores the seed altogether', () => {
      fails(
        new IgnoresSeed(),
        'Most likely the environment reset function does not call `super.reset(args)` as the random number generators are not different when different seeds are passed to `env.reset`.',
      );
    });

    it('catches a reset observation outside the observation space', () => {
      fails(new ResetOutside(), 'The first element returned by `env.reset()` is not within the observation space.');
    });

    it('catches a step info that is not an object', () => {
      fails(new StringInfo(), 'The `info` returned by `step()` must be an object, actual type: string');
    });

    it('catches truncation after one step', () => {
      fails(new TruncatesAtOnce(), 'Environment truncates after 1 step, something has gone very wrong.');
    });

    it('catches a reset that does not accept options', () => {
      fails(
        new NoOptions(),
        'The environment cannot be reset with options (`env.reset({options: {}})` raised: reset() got an unexpected option bag); reset must accept an empty options object.',
      );
    });

    it('catches a step that is not deterministic, unless the spec says so', () => {
      fails(new RandomStep(), 'Deterministic step observations are not equivalent for the same seed and action');
      assert.doesNotThrow(() => checkEnv(withSpec(new RandomStep(), { nondeterministic: true })));
    });

    it('catches a step that draws from the generator depending on hidden state', () => {
      fails(new StepDrawsMore(), 'The `npRandom` is not properly updated after step.');
    });

    it('catches a render fps that is not positive', () => {
      const env = new CountEnv({ renderMode: 'ansi' });
      env.metadata = { renderModes: ['ansi'], renderFps: 0 };
      fails(env, 'Expects the `env.metadata.renderFps` to be greater than zero, actual value: 0');
    });

    it('catches a render mode the environment does not declare', () => {
      fails(new CountEnv({ renderMode: 'rgb_array' }), 'The environment was initialized successfully however with an unsupported render mode. Render mode: rgb_array, modes: ansi');
      const none = new CountEnv({ renderMode: 'ansi' });
      none.metadata = { renderModes: [] };
      fails(none, 'With no render modes, expects the Env.renderMode to be null, actual value: ansi');
    });

    it('refuses something that is not an Env', () => {
      assert.throws(() => checkEnv({ reset() {}, step() {} } as never), (e: Error) => e instanceof TypeError && e.message === 'The environment must inherit from the Env class, actual type: object.');
    });
  });

  describe('warnings', () => {
    it('warns about observations of another dtype than the space', () => {
      const { warnings } = checkEnv(new Float64Space());
      assert.deepEqual(warnings, [
        'The obs returned by the `reset()` method was expecting a typed array of dtype float64, actual dtype: float32',
        'The obs returned by the `step()` method was expecting a typed array of dtype float64, actual dtype: float32',
        NO_SPEC,
      ]);
    });

    it('warns about a step observation outside the space', () => {
      assert.deepEqual(checkEnv(new StepOutside()).warnings, ['The obs returned by the `step()` method is not within the observation space: obs[0] must be within [0, 1000]; got -1.', NO_SPEC]);
    });

    it('warns about NaN and infinite rewards', () => {
      assert.deepEqual(checkEnv(new NaNReward()).warnings, ['The reward is a NaN value.', NO_SPEC]);
      assert.deepEqual(checkEnv(new InfReward()).warnings, ['The reward is an inf value.', NO_SPEC]);
    });

    it('warns when closing twice raises', () => {
      const { warnings } = checkEnv(withSpec(new CloseTwiceFails()));
      assert.deepEqual(warnings, [
        'Calling `env.close()` on the closed environment should be allowed, but it raised an exception.',
        'Calling `env.close()` on the closed environment should be allowed, but it raised an exception: already closed',
      ]);
    });

    it('warns about unbounded and unnormalized Box action spaces', () => {
      assert.deepEqual(checkEnv(new BoxActions(), { skipRenderCheck: true }).warnings, [
        'A Box action space minimum value is -infinity. This is probably too low.',
        'A Box action space maximum value is infinity. This is probably too high.',
        'For Box action spaces, we recommend using a symmetric and normalized space (range=[-1, 1] or [0, 1]).',
      ]);
      assert.deepEqual(checkEnv(new BoxActions({}, new Box(0, 5, [2])), { skipRenderCheck: true }).warnings, [
        'For Box action spaces, we recommend using a symmetric and normalized space (range=[-1, 1] or [0, 1]).',
      ]);
      assert.deepEqual(checkEnv(new BoxActions({}, new Box(-1, 1, [2])), { skipRenderCheck: true }).warnings, []);
      assert.deepEqual(checkEnv(new BoxActions({}, new Box(0, 1, [2])), { skipRenderCheck: true }).warnings, []);
    });

    it('warns that a wrapped environment is checked through its wrappers', () => {
      const { warnings } = checkEnv(new Wrapper(new CountEnv()), { skipRenderCheck: true });
      assert.deepEqual(warnings, [
        'The environment (<Wrapper<CountEnv instance>>) is different from the unwrapped version (<CountEnv instance>). This could affect the environment checker as the environment most likely has a wrapper applied to it. We recommend using the raw environment for `checkEnv` using `env.unwrapped`.',
      ]);
    });
  });
});
