import { strict as assert } from 'node:assert';
import { spaceFromJSON } from '../../../src/spaces/from-json.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { MultiDiscrete } from '../../../src/spaces/multi-discrete.ts';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { Dict } from '../../../src/spaces/dict.ts';
import { Tuple } from '../../../src/spaces/tuple.ts';
import type { Space } from '../../../src/spaces/space.ts';
import { messageOf } from '../helpers.ts';

describe('src/spaces/from-json', () => {
  it('inverts toJSON for every kind of space, through JSON text', () => {
    const spaces: Space<unknown>[] = [
      new Box([-Infinity, 0], [Infinity, 1], [2], 'float64'),
      new Box(0, 10, [2, 2], 'uint8'),
      new Discrete(5, -1),
      new MultiDiscrete([2, 3], [0, 1]),
      new MultiBinary(3),
      new MultiBinary([2, 2]),
      new Dict({ b: new Discrete(2), a: new Tuple([new Box(-1, 1, [1]), new MultiBinary(1)]) }),
      new Tuple([]),
      new Dict({}),
    ];
    for (const s of spaces) {
      const back = spaceFromJSON(JSON.parse(JSON.stringify(s.toJSON())));
      assert.equal(back.constructor, s.constructor);
      assert.ok(back.equals(s), s.toString());
      assert.equal(back.toString(), s.toString());
    }
  });

  it('accepts a Box description without shape (inferred from the bounds) and a Discrete without start', () => {
    const b = spaceFromJSON({ type: 'Box', dtype: 'float32', low: [0, 0], high: ['inf', 1] }) as Box;
    assert.deepEqual(b.shape, [2]);
    assert.equal((spaceFromJSON({ type: 'Discrete', n: 3 }) as Discrete).start, 0);
  });

  it('names the place of the problem in the description', () => {
    assert.equal(messageOf(() => spaceFromJSON(null)), 'space must be an object with a "type" field.');
    assert.match(messageOf(() => spaceFromJSON({ type: 'Ring' })), /^space.type must be one of Box, Discrete, MultiDiscrete, MultiBinary, Dict, Tuple; got "Ring"\.$/);
    assert.match(messageOf(() => spaceFromJSON({ type: 'Box', shape: [1], dtype: 'int64', low: [0], high: [1] })), /^space.dtype must be one of/);
    assert.match(messageOf(() => spaceFromJSON({ type: 'Box', shape: [2], dtype: 'float32', low: [0, 'x'], high: [1, 1] })), /^space.low\[1\] must be a number/);
    assert.equal(
      messageOf(() => spaceFromJSON({ type: 'Dict', spaces: { a: { type: 'Discrete', n: 0 } } })),
      'space.spaces.a: Discrete n must be a positive integer; got 0.',
    );
    assert.match(messageOf(() => spaceFromJSON({ type: 'Tuple', spaces: [{ type: 'MultiBinary', shape: [0] }] })), /^space.spaces\[0\]: MultiBinary n/);
    assert.match(messageOf(() => spaceFromJSON({ type: 'Dict', spaces: 3 })), /^space.spaces must be an object/);
    assert.match(messageOf(() => spaceFromJSON({ type: 'Tuple', spaces: {} })), /^space.spaces must be an array/);
    assert.throws(() => spaceFromJSON({ type: 'Discrete', n: 0 }), RangeError);
  });
});
