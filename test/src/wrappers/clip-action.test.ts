import { strict as assert } from 'node:assert';
import { ClipAction } from '../../../src/wrappers/clip-action.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';
import { Box } from '../../../src/spaces/box.ts';
import { CountEnv, ScriptedEnv, arr } from '../helpers.ts';

describe('src/wrappers/clip-action', () => {
  it('clips every entry into the wrapped bounds and accepts any finite action', () => {
    const inner = new ScriptedEnv([], [0], new Box([-1, 0, 2], [1, 0.5, 3], [3], 'float32'));
    const env = new ClipAction(inner);
    assert.ok(env.actionSpace.equals(new Box(-Infinity, Infinity, [3], 'float32')));
    env.reset({ seed: 0 });
    env.step(Float32Array.of(-3, 0.25, 10));
    env.step(Float32Array.of(0.5, -1, 2.5));
    assert.deepEqual(inner.actions.map(arr), [[-1, 0.25, 3], [0.5, 0, 2.5]]);
    assert.ok(env.actionSpace.contains(Float32Array.of(-1e30, 0, 1e30)));
  });

  it('uses the dtype range as the outer space of an integer Box', () => {
    const inner = new ScriptedEnv([], [0], new Box(0, 5, [2], 'int16'));
    const env = new ClipAction(inner);
    assert.ok(env.actionSpace.equals(new Box(-32768, 32767, [2], 'int16')));
    env.reset({ seed: 0 });
    env.step(Int16Array.of(-7, 9) as unknown as Float32Array);
    assert.deepEqual(arr(inner.actions[0]), [0, 5]);
  });

  it('needs a Box action space', () => {
    assert.throws(() => new ClipAction(new CountEnv() as never), (e: Error) => e instanceof InvalidArgument && e.message === 'ClipAction needs a Box action space; got Discrete(3).');
  });
});
