import { strict as assert } from 'node:assert';
import { checkObs, checkSpace, envRenderPassiveChecker, envResetPassiveChecker, envStepPassiveChecker } from '../../../src/checker/passive-env-checker.ts';
import { EnvCheckError } from '../../../src/checker/check-error.ts';
import { collectWarnings } from '../../../src/core/logger.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { MultiDiscrete } from '../../../src/spaces/multi-discrete.ts';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { Dict } from '../../../src/spaces/dict.ts';
import { Tuple } from '../../../src/spaces/tuple.ts';
import type { Space } from '../../../src/spaces/space.ts';
import type { StepResult } from '../../../src/core/env.ts';
import { CountEnv } from '../helpers.ts';

const warningsOf = (fn: () => unknown): string[] => collectWarnings(fn)[1];

function failsWith(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: Error) => e instanceof EnvCheckError && e.message === message);
}

describe('src/checker/passive-env-checker', () => {
  describe('checkSpace', () => {
    it('raises a TypeError for something that is not a Space', () => {
      assert.throws(() => checkSpace(3, 'action'), (e: Error) => e instanceof TypeError && e.message === 'action space does not inherit from `Space`, actual type: number');
      assert.throws(() => checkSpace({}, 'observation'), /observation space does not inherit from `Space`, actual type: Object/);
    });

    it('raises for empty composites and warns for a Box with equal bounds', () => {
      failsWith(() => checkSpace(new Tuple([]), 'observation'), 'An empty Tuple observation space is not allowed.');
      failsWith(() => checkSpace(new Dict({}), 'action'), 'An empty Dict action space is not allowed.');
      failsWith(() => checkSpace(new Dict({ a: new Tuple([]) }), 'action'), 'An empty Tuple action space is not allowed.');
      assert.deepEqual(warningsOf(() => checkSpace(new Box([0, 1], [0, 2]), 'action')), ['A Box action space maximum and minimum values are equal.']);
      const fine: Space<unknown>[] = [new Box(0, 1, [2]), new Discrete(2), new MultiDiscrete([2]), new MultiBinary(2), new Dict({ a: new Discrete(2) })];
      for (const s of fine) assert.deepEqual(warningsOf(() => checkSpace(s, 'observation')), []);
    });
  });

  describe('checkObs', () => {
    const pre = (m: string) => `The obs returned by the \`${m}()\` method`;

    it('wants plain integers for Discrete', () => {
      assert.deepEqual(warningsOf(() => checkObs(1, new Discrete(3), 'reset')), []);
      assert.deepEqual(warningsOf(() => checkObs('1', new Discrete(3), 'reset')), [
        `${pre('reset')} should be an integer number, actual type: string`,
        `${pre('reset')} is not within the observation space: obs must be an integer in [0, 2]; got string "1".`,
      ]);
    });

    it('wants typed arrays of the Box dtype, except that a scalar Box takes a number', () => {
      const box = new Box(0, 1, [2]);
      assert.deepEqual(warningsOf(() => checkObs(Float32Array.of(0, 1), box, 'step')), []);
      assert.deepEqual(warningsOf(() => checkObs([0, 1], box, 'step')), [`${pre('step')} was expecting a typed array, actual type: Array`]);
      assert.deepEqual(warningsOf(() => checkObs(Float64Array.of(0, 1), box, 'step')), [
        `${pre('step')} was expecting a typed array of dtype float32, actual dtype: float64`,
        `${pre('step')} is not within the observation space: obs has element type float64, which does not cast safely to float32.`,
      ]);
      assert.deepEqual(warningsOf(() => checkObs(0.5, new Box(0, 1, []), 'step')), []);
    });

    it('wants typed arrays for MultiBinary and MultiDiscrete', () => {
      assert.deepEqual(warningsOf(() => checkObs([0, 1], new MultiBinary(2), 'reset')), [`${pre('reset')} was expecting a typed array, actual type: Array`]);
      assert.deepEqual(warningsOf(() => checkObs(Int32Array.of(0), new MultiDiscrete([2]), 'reset')), []);
    });

    it('checks Tuple length and Dict keys as errors, and recurses', () => {
      const t = new Tuple([new Discrete(2), new Box(0, 1, [1])]);
      assert.deepEqual(warningsOf(() => checkObs([1, Float32Array.of(0.5)], t, 'step')), []);
      failsWith(() => checkObs([1], t, 'step'), `${pre('step')} length is not same as the observation space length, obs length: 1, space length: 2`);
      const d = new Dict({ b: new Discrete(2), a: new Box(0, 1, [1]) });
      assert.deepEqual(warningsOf(() => checkObs({ a: Float32Array.of(0), b: 1 }, d, 'step')), []);
      failsWith(() => checkObs([1, 2], d, 'step'), `${pre('step')} must be an object, actual type: Array`);
      failsWith(() => checkObs({ a: Float32Array.of(0) }, d, 'step'), `${pre('step')} observation keys is not same as the observation space keys, obs keys: a, space keys: a, b`);
      assert.deepEqual(warningsOf(() => checkObs({ a: Float32Array.of(0), b: 1.5 }, d, 'step')), [
        `${pre('step')} should be an integer number, actual type: number`,
        `${pre('step')} is not within the observation space: obs must be an integer in [0, 1]; got 1.5.`,
        `${pre('step')} is not within the observation space: obs.b must be an integer in [0, 1]; got 1.5.`,
      ]);
    });
  });

  describe('envResetPassiveChecker', () => {
    it('warns about a result that is not [obs, info] and raises for an info that is not an object', () => {
      class Odd extends CountEnv {
        result: unknown = null;
        override reset(): never {
          return this.result as never;
        }
      }
      const env = new Odd();
      env.result = Float32Array.of(0, 0);
      assert.match(warningsOf(() => envResetPassiveChecker(env))[0]!, /^The result returned by `env.reset\(\)` was not an array of the form `\[obs, info\]`.*Actual type: `Float32Array`$/);
      env.result = [Float32Array.of(0, 0)];
      assert.match(warningsOf(() => envResetPassiveChecker(env))[0]!, /should be `\[obs, info\]` by default/);
      env.result = [Float32Array.of(0, 0), null];
      failsWith(() => envResetPassiveChecker(env), 'The second element returned by `env.reset()` was not an object, actual type: null');
    });

    it('passes the reset arguments and the result through', () => {
      const env = new CountEnv();
      const [obs, info] = envResetPassiveChecker(env, { seed: 3 });
      assert.equal(env.npRandomSeed, 3);
      assert.equal(obs[1], info.start);
    });
  });

  describe('envStepPassiveChecker', () => {
    class Stepper extends CountEnv {
      result: unknown = null;
      override step(): StepResult<Float32Array> {
        return this.result as StepResult<Float32Array>;
      }
    }

    it('raises for a result that is not a five-element array', () => {
      const env = new Stepper();
      env.result = { obs: 1 };
      failsWith(() => envStepPassiveChecker(env, 0), 'Expects step result to be an array, actual type: Object');
      env.result = [Float32Array.of(0, 0), 0, false, {}];
      failsWith(
        () => envStepPassiveChecker(env, 0),
        'Expected `Env.step` to return a five element array [obs, reward, terminated, truncated, info], actual number of elements returned: 4.',
      );
    });

    it('warns about non-boolean flags and a non-number reward', () => {
      const env = new Stepper();
      env.result = [Float32Array.of(0, 0), '1', 0, null, {}];
      assert.deepEqual(warningsOf(() => envStepPassiveChecker(env, 0)), [
        'Expects `terminated` signal to be a boolean, actual type: number',
        'Expects `truncated` signal to be a boolean, actual type: null',
        'The reward returned by `step()` must be a number, actual type: string',
      ]);
    });
  });

  describe('envRenderPassiveChecker', () => {
    it('checks declared render modes and fps', () => {
      const env = new CountEnv({ renderMode: 'ansi' });
      assert.deepEqual(warningsOf(() => envRenderPassiveChecker(env)), []);
      env.metadata = { renderModes: ['ansi'] };
      assert.deepEqual(warningsOf(() => envRenderPassiveChecker(env)), [
        'No render fps was declared in the environment (env.metadata.renderFps is null or not defined), rendering may occur at inconsistent fps.',
      ]);
      env.metadata = { renderModes: ['ansi'], renderFps: '30' as never };
      assert.deepEqual(warningsOf(() => envRenderPassiveChecker(env)), ['Expects the `env.metadata.renderFps` to be a number, actual type: string']);
      env.metadata = { renderModes: ['ansi', 7 as never], renderFps: 30 };
      assert.deepEqual(warningsOf(() => envRenderPassiveChecker(env)), ['Expects all render modes to be strings.']);
      env.metadata = { renderModes: 'ansi' as never };
      assert.deepEqual(warningsOf(() => envRenderPassiveChecker(env)), ['Expects the renderModes to be an array, actual type: string']);
      env.metadata = {} as never;
      assert.match(warningsOf(() => envRenderPassiveChecker(env))[0]!, /^No render modes was declared in the environment/);
    });

    it('checks what render returns for its mode', () => {
      class Frames extends CountEnv {
        frame: unknown = null;
        override render(): unknown {
          return this.frame;
        }
      }
      const ansi = new Frames({ renderMode: 'ansi' });
      ansi.frame = ['not', 'text'];
      assert.deepEqual(warningsOf(() => envRenderPassiveChecker(ansi)), ['ANSI/ASCII rendering should produce a string, got Array']);
      const human = new Frames({ renderMode: 'human' });
      human.metadata = { renderModes: ['human'], renderFps: 4 };
      human.frame = 'text';
      assert.deepEqual(warningsOf(() => envRenderPassiveChecker(human)), ['Human rendering should return `null`, got string']);
      human.frame = null;
      assert.deepEqual(warningsOf(() => envRenderPassiveChecker(human)), []);
    });
  });
});
