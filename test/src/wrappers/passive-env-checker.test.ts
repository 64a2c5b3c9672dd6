import { strict as assert } from 'node:assert';
import { PassiveEnvChecker } from '../../../src/wrappers/passive-env-checker.ts';
import { EnvCheckError } from '../../../src/checker/check-error.ts';
import { collectWarnings } from '../../../src/core/logger.ts';
import { Env, type Info, type ResetArgs, type StepResult } from '../../../src/core/env.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { CountEnv, messageOf } from '../helpers.ts';

/** Returns float64 observations for a float32 space, a NaN reward, and an info of the chosen kind. */
class Sloppy extends Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1, [2], 'float32') as Box<Float32Array>;
  readonly actionSpace = new Discrete(2);
  stepInfo: unknown = {};
  closes = 0;
  override reset(args: ResetArgs = {}): [Float32Array, Info] {
    super.reset(args);
    return [Float64Array.of(0.5, 0.5) as unknown as Float32Array, {}];
  }
  step(): StepResult<Float32Array> {
    return [Float32Array.of(0.5, 2), Number.NaN, false, false, this.stepInfo as Info];
  }
  override close(): void {
    if (this.closes++ > 0) throw new Error('already closed');
  }
}

describe('src/wrappers/passive-env-checker', () => {
  it('checks the first reset only', () => {
    const env = new PassiveEnvChecker(new Sloppy());
    const [, first] = collectWarnings(() => env.reset({ seed: 0 }));
    assert.deepEqual(first, [
      'The obs returned by the `reset()` method was expecting a typed array of dtype float32, actual dtype: float64',
      'The obs returned by the `reset()` method is not within the observation space: obs has element type float64, which does not cast safely to float32.',
    ]);
    const [, second] = collectWarnings(() => env.reset());
    assert.deepEqual(second, []);
  });

  it('checks the first step only: observation outside the space and NaN reward are warnings', () => {
    const env = new PassiveEnvChecker(new Sloppy());
    collectWarnings(() => env.reset());
    const [result, first] = collectWarnings(() => env.step(0));
    assert.ok(Number.isNaN(result[1]), 'the result passes through unchanged');
    assert.deepEqual(first, ['The obs returned by the `step()` method is not within the observation space: obs[1] must be within [0, 1]; got 2.', 'The reward is a NaN value.']);
    assert.deepEqual(collectWarnings(() => env.step(0))[1], []);
  });

  it('raises for a step info that is not an object', () => {
    const inner = new Sloppy();
    inner.stepInfo = ['not', 'a', 'dict'];
    const env = new PassiveEnvChecker(inner);
    collectWarnings(() => env.reset());
    assert.throws(
      () => collectWarnings(() => env.step(0)),
      (e: Error) => e instanceof EnvCheckError && e.message === 'The `info` returned by `step()` must be an object, actual type: Array',
    );
  });

  it('checks the spaces at construction', () => {
    class NoSpace extends CountEnv {
      override readonly actionSpace = 'discrete' as never;
    }
    assert.equal(messageOf(() => new PassiveEnvChecker(new NoSpace())), 'action space does not inherit from `Space`, actual type: string');
    class Flat extends CountEnv {
      override readonly observationSpace = new Box(1, 1, [2], 'float32') as Box<Float32Array>;
    }
    const [, warnings] = collectWarnings(() => new PassiveEnvChecker(new Flat()));
    assert.deepEqual(warnings, ['A Box observation space maximum and minimum values are equal.']);
  });

  it('checks the first render', () => {
    const env = new PassiveEnvChecker(new CountEnv({ renderMode: 'ansi' }));
    env.reset({ seed: 0 });
    const [frame, warnings] = collectWarnings(() => env.render());
    assert.equal(frame, 't=0');
    assert.deepEqual(warnings, []);
    class BadFrame extends CountEnv {
      override render(): unknown {
        return 3;
      }
    }
    const bad = new PassiveEnvChecker(new BadFrame({ renderMode: 'ansi' }));
    assert.deepEqual(collectWarnings(() => bad.render())[1], ['ANSI/ASCII rendering should produce a string, got number']);
    assert.deepEqual(collectWarnings(() => bad.render())[1], []);
  });

  it('warns and rethrows when closing twice fails', () => {
    const env = new PassiveEnvChecker(new Sloppy());
    env.close();
    const [error, warnings] = collectWarnings(() => messageOf(() => env.close()));
    assert.equal(error, 'already closed');
    assert.deepEqual(warnings, ['Calling `env.close()` on the closed environment should be allowed, but it raised an exception.']);
    const fine = new PassiveEnvChecker(new CountEnv());
    fine.close();
    assert.deepEqual(collectWarnings(() => fine.close())[1], []);
  });
});
