import { strict as assert } from 'node:assert';
import { explainNonMember, isMember, withShapes } from '../../../bridge/protocol/space-values.ts';
import { Shaped } from '../../../bridge/protocol/array-codec.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Dict } from '../../../src/spaces/dict.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { MultiDiscrete } from '../../../src/spaces/multi-discrete.ts';
import { Tuple } from '../../../src/spaces/tuple.ts';

describe('bridge/protocol/space-values', () => {
  const action = new Dict({ cache: new MultiBinary(3), local: new Box(0, 1, [3], 'float32') });

  it('agrees with contains on elements and accepts other float dtypes by value', () => {
    for (let i = 0; i < 50; i++) {
      const x = action.sample();
      assert.equal(isMember(action, x), true);
    }
    assert.equal(isMember(action, { cache: new Int8Array([1, 0, 1]), local: new Float64Array([0, 0.5, 1]) }), true);
    assert.equal(action.contains({ cache: new Int8Array([1, 0, 1]), local: new Float64Array([0, 0.5, 1]) }), false);
    assert.equal(isMember(action, { cache: [1, 0, 1], local: [0, 0.5, 1] }), true);
  });

  it('rejects NaN, out-of-range, wrong size and wrong structure', () => {
    const bad = [
      { cache: new Int8Array([1, 0, 2]), local: new Float32Array(3) },
      { cache: new Int8Array(3), local: new Float32Array([0, NaN, 0]) },
      { cache: new Int8Array(3), local: new Float32Array([0, 1.01, 0]) },
      { cache: new Int8Array(3), local: new Float32Array(2) },
      { cache: new Int8Array(3) },
      { cache: new Int8Array(3), local: new Float32Array(3), extra: 1 },
      null,
      new Float32Array(6),
    ];
    for (const x of bad) assert.equal(isMember(action, x), false, JSON.stringify(x));
    assert.equal(isMember(new Discrete(3, 1), 0), false);
    assert.equal(isMember(new Discrete(3, 1), 3), true);
    assert.equal(isMember(new MultiDiscrete([2, 3]), new Float64Array([1, 2])), true);
    assert.equal(isMember(new MultiDiscrete([2, 3]), new Float64Array([1, 2.5])), false);
    assert.equal(isMember(new Box(0, 5, [2], 'int32'), [1, 2.5]), false);
    assert.equal(isMember(new Tuple([new Discrete(2), new Box(0, 1, [1])]), [1, [0.5]]), true);
  });

  it('explains the first offending part', () => {
    assert.equal(explainNonMember(action, { cache: new Int8Array(3), local: new Float32Array([0, 1.5, 0]) }), 'action.local[1] must be within [0, 1]; got 1.5 (actions are rejected, never clipped)');
    assert.equal(explainNonMember(action, { cache: new Int8Array([0, 3, 0]), local: new Float32Array(3) }), 'action.cache[1] must be 0 or 1; got 3');
    assert.equal(explainNonMember(action, { cache: new Int8Array(3), local: new Float32Array([NaN, 0, 0]) }), 'action.local[0] is NaN');
    assert.equal(explainNonMember(action, { cache: new Int8Array(3) }), 'action.local is missing');
    assert.equal(explainNonMember(action, { cache: new Int8Array(3), local: new Float32Array(3), x: 1 }), 'action.x is not a key of the space (keys: cache, local)');
    assert.equal(explainNonMember(action, { cache: new Int8Array(2), local: new Float32Array(3) }), 'action.cache must have 3 entries; got 2');
    assert.equal(explainNonMember(new Discrete(4), 7), 'action must be an integer in [0, 3]; got 7');
  });

  it('gives multi-dimensional arrays their shape', () => {
    const batched = new Box(0, 1, [2, 3], 'float32');
    const v = withShapes(batched, new Float32Array(6));
    assert.ok(v instanceof Shaped);
    assert.deepEqual((v as Shaped).shape, [2, 3]);
    assert.ok(withShapes(new Box(0, 1, [6]), new Float32Array(6)) instanceof Float32Array);
    const d = withShapes(new Dict({ a: batched }), { a: new Float32Array(6) }) as { a: Shaped };
    assert.ok(d.a instanceof Shaped);
  });
});
