import { strict as assert } from 'node:assert';
import { RescaleAction } from '../../../src/wrappers/rescale-action.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import { Box } from '../../../src/spaces/box.ts';
import { ScriptedEnv, arr } from '../helpers.ts';

describe('src/wrappers/rescale-action', () => {
  it('maps [min, max] affinely onto the wrapped bounds, by hand', () => {
    const inner = new ScriptedEnv([], [0], new Box([0, -2], [10, 2], [2], 'float32'));
    const env = new RescaleAction(inner, -1, 1);
    assert.ok(env.actionSpace.equals(new Box(-1, 1, [2], 'float32')));
    env.reset({ seed: 0 });
    for (const a of [[-1, 1], [0, 0], [0.5, -0.5], [1, -1]]) env.step(Float32Array.from(a));
    assert.deepEqual(inner.actions.map(arr), [[0, 2], [5, 0], [7.5, -1], [10, -2]]);
    assert.ok(inner.actions.every((a) => a instanceof Float32Array));
  });

  it('takes per-entry ranges', () => {
    const inner = new ScriptedEnv([], [0], new Box([0, 0], [1, 1], [2], 'float64'));
    const env = new RescaleAction(inner, [0, -4], [2, 4]);
    env.reset({ seed: 0 });
    env.step(Float64Array.of(1, 2) as unknown as Float32Array);
    assert.deepEqual(arr(inner.actions[0]), [0.5, 0.75]);
  });

  it('needs a bounded Box action space and finite min < max', () => {
    const unbounded = new ScriptedEnv([], [0], new Box(0, Infinity, [1], 'float32'));
    assert.throws(() => new RescaleAction(unbounded, -1, 1), (e: Error) => e instanceof InvalidArgument && e.message === 'RescaleAction needs a bounded Box action space; got Box(0.0, inf, (1,), float32).');
    const inner = new ScriptedEnv([], [0], new Box(0, 1, [2], 'float32'));
    assert.throws(() => new RescaleAction(inner, [0, 1], [1, 1]), (e: Error) => e instanceof InvalidArgument && e.message === 'RescaleAction needs finite minAction < maxAction at every entry; entry 1 has minAction=1, maxAction=1.');
    assert.throws(() => new RescaleAction(inner, -Infinity, 1), InvalidArgument);
    assert.throws(() => new RescaleAction(inner, 2, 1), /low must be ≤ high/);
  });
});
