import { strict as assert } from 'node:assert';
import { TimeLimit } from '../../../src/wrappers/time-limit.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import { CountEnv } from '../helpers.ts';

describe('src/wrappers/time-limit', () => {
  it('truncates exactly at maxEpisodeSteps and counts from the last reset', () => {
    const env = new TimeLimit(new CountEnv({ length: 100 }), 3);
    env.reset({ seed: 0 });
    const truncs = [1, 2, 3].map(() => env.step(0)[3]);
    assert.deepEqual(truncs, [false, false, true]);
    assert.equal(env.elapsedSteps, 3);
    env.reset();
    assert.equal(env.elapsedSteps, 0);
    assert.deepEqual([env.step(0)[3], env.step(0)[3], env.step(0)[3]], [false, false, true]);
  });

  it('keeps terminated from the wrapped env and truncates alongside it', () => {
    const env = new TimeLimit(new CountEnv({ length: 2 }), 2);
    env.reset({ seed: 0 });
    const [, , term1, trunc1] = env.step(1);
    const [, reward, term2, trunc2] = env.step(1);
    assert.deepEqual([term1, trunc1, term2, trunc2], [false, false, true, true]);
    assert.equal(reward, 12);
  });

  it('needs a positive integer budget', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => new TimeLimit(new CountEnv(), bad), (e: Error) => e instanceof InvalidArgument && e.message === `TimeLimit maxEpisodeSteps must be a positive integer; got ${bad}.`);
    }
    assert.equal(new TimeLimit(new CountEnv(), 7).maxEpisodeSteps, 7);
  });
});
