import { strict as assert } from 'node:assert';
import { EnvCheckError, check } from '../../../src/checker/check-error.ts';
import { GymError } from '../../../src/core/errors.ts';

describe('src/checker/check-error', () => {
  it('throws an EnvCheckError with the message when the condition fails', () => {
    assert.doesNotThrow(() => check(true, 'never'));
    assert.doesNotThrow(() => check(1, 'never'));
    for (const falsy of [false, 0, '', null, undefined]) {
      assert.throws(() => check(falsy, 'broken'), (e: Error) => e instanceof EnvCheckError && e instanceof GymError && e.message === 'broken');
    }
    const e = new EnvCheckError('m');
    assert.equal(e.code, 'env_check');
    assert.equal(e.name, 'EnvCheckError');
  });
});
