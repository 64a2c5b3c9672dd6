import { strict as assert } from 'node:assert';
import { OrderEnforcing } from '../../../src/wrappers/order-enforcing.ts';
import { ResetNeeded } from '../../../src/core/errors.ts';
import { CountEnv } from '../helpers.ts';

describe('src/wrappers/order-enforcing', () => {
  it('raises ResetNeeded for step before the first reset, then lets calls through', () => {
    const inner = new CountEnv();
    const env = new OrderEnforcing(inner);
    assert.equal(env.hasResetCalled, false);
    assert.throws(() => env.step(0), (e: Error) => e instanceof ResetNeeded && e.message === 'Cannot call env.step() before calling env.reset().' && (e as ResetNeeded).code === 'reset_needed');
    assert.deepEqual(inner.actions, [], 'the wrapped env never saw the step');
    env.reset({ seed: 1 });
    assert.equal(env.hasResetCalled, true);
    assert.equal(env.step(2)[1], 21);
  });

  it('guards render before reset unless disabled', () => {
    const env = new OrderEnforcing(new CountEnv({ renderMode: 'ansi' }));
    assert.throws(() => env.render(), (e: Error) => e instanceof ResetNeeded && /Cannot call `env.render\(\)` before calling `env.reset\(\)`; if this is intended, pass `disableRenderOrderEnforcing: true`/.test(e.message));
    env.reset({ seed: 0 });
    assert.equal(env.render(), 't=0');
    const free = new OrderEnforcing(new CountEnv({ renderMode: 'ansi' }), true);
    assert.equal(free.render(), 't=0');
    assert.throws(() => free.step(0), ResetNeeded);
  });
});
