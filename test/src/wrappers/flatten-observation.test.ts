import { strict as assert } from 'node:assert';
import { FlattenObservation } from '../../../src/wrappers/flatten-observation.ts';
import { flattenSpace } from '../../../src/spaces/flatten.ts';
import { Box } from '../../../src/spaces/box.ts';
import { DictCountEnv, arr } from '../helpers.ts';

describe('src/wrappers/flatten-observation', () => {
  it('flattens Dict observations in sorted key order, into flattenSpace of the inner space', () => {
    const inner = new DictCountEnv(3);
    const env = new FlattenObservation(inner);
    assert.ok(env.observationSpace instanceof Box);
    assert.ok(env.observationSpace.equals(flattenSpace(inner.observationSpace)));
    // pos: Box [1] (float32), tag: Discrete(2) one-hot → float64 of 3 entries
    assert.deepEqual(env.observationSpace.shape, [3]);
    assert.equal((env.observationSpace as Box).dtype, 'float64');
    const [obs] = env.reset({ seed: 4 });
    const tag = (inner as unknown as { start: number }).start % 2;
    assert.deepEqual(arr(obs), [0, tag === 0 ? 1 : 0, tag === 1 ? 1 : 0]);
    assert.ok(env.observationSpace.contains(obs));
    const [next] = env.step(0);
    assert.deepEqual(arr(next).slice(0, 1), [1]);
    assert.ok(env.observationSpace.contains(next));
  });
});
