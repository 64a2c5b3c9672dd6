import { strict as assert } from 'node:assert';
import { Box } from '../../../src/spaces/box.ts';
import { Dict } from '../../../src/spaces/dict.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { MultiDiscrete } from '../../../src/spaces/multi-discrete.ts';
import { Tuple } from '../../../src/spaces/tuple.ts';
import { describeMember, nestedShapeOf } from '../../../src/spaces/membership.ts';

describe('src/spaces/membership (Space.explain)', () => {
  it('explains each space kind with the path and the reason, and accepts members by value', () => {
    const box = new Box(0, 1, [20], 'float32');
    assert.equal(box.explain(new Float64Array(20).fill(0.5), 'a'), null, 'the element type does not matter');
    assert.equal(box.explain(Array(20).fill(1), 'a'), null);
    assert.equal(box.explain([Array(10).fill(0.5), Array(10).fill(0.5)], 'a'), "a has shape (2, 10) but the space's shape is (20,)");
    assert.equal(box.explain(new Float32Array(20), 'a', { shapeOf: () => [4, 5] }), "a has shape (4, 5) but the space's shape is (20,)");
    assert.equal(box.explain(new Float32Array(19), 'a'), 'a must have 20 entries; got 19');
    assert.equal(box.explain(new Float32Array(20).fill(NaN), 'a'), 'a[0] is NaN');
    assert.equal(box.explain(new Float32Array(20).fill(2), 'a'), 'a[0] must be within [0, 1]; got 2');
    assert.equal(box.explain('x', 'a'), 'a must be a float32 array with 20 entries; got string "x"');
    assert.equal(new Box(0, 9, [2, 2], 'int32').explain([[1, 2], [3, 4.5]], 'g'), 'g[3] must be an integer; got 4.5');
    assert.equal(new Box(0, 9, [2, 2], 'int32').explain([[1, 2], [3]], 'g'), 'g is a ragged list (rows of different lengths)');
    assert.equal(new MultiBinary(3).explain(Int8Array.of(0, 2, 1), 'm'), 'm[1] must be 0 or 1; got 2');
    assert.equal(new MultiDiscrete([3, 2]).explain([2, 2], 'd'), 'd[1] must be an integer in [0, 1]; got 2');
    assert.equal(new Discrete(3, 1).explain(0, 'k'), 'k must be an integer in [1, 3]; got 0');
    const dict = new Dict({ a: new Discrete(2), b: new Tuple([new Discrete(2), box]) });
    assert.equal(dict.explain({ a: 1, b: [0, new Float32Array(20)] }), null);
    assert.equal(dict.explain({ a: 1, b: [0, new Float32Array(20).fill(3)] }, 'obs'), 'obs.b[1][0] must be within [0, 1]; got 3');
    assert.equal(dict.explain({ a: 1 }, 'obs'), 'obs.b is missing');
    assert.equal(dict.explain({ a: 1, b: [0, new Float32Array(20)], c: 0 }, 'obs'), 'obs.c is not a key of the space (keys: a, b)');
    assert.equal(dict.explain([1], 'obs'), 'obs must be a map with keys a, b; got a list of 1');
  });

  it('agrees with contains wherever the element type is not what differs', () => {
    const spaces = [new Box(-1, 1, [3]), new MultiBinary(3), new MultiDiscrete([2, 3, 4]), new Discrete(4)];
    const values: unknown[] = [[0, 0, 0], [1, 1, 1], [0, 2, 1], [2, 0, 0], [-1, 0.5, 1], [NaN, 0, 0], 3, 4, -1, 0.5, [[0, 0, 0]], 'x', null];
    for (const s of spaces) for (const v of values) assert.equal(s.explain(v) === null, s.contains(v), `${s.toString()} ${JSON.stringify(v)}`);
  });

  it('turns lists into typed arrays of the element type', () => {
    const d = new Dict({ c: new MultiBinary(2), l: new Box(0, 1, [2]) });
    const out = d.fromLists({ c: [1, 0], l: [[0.5, 0.25]] }) as { c: Int8Array; l: Float32Array };
    assert.ok(out.c instanceof Int8Array && out.l instanceof Float32Array);
    assert.deepEqual([...out.l], [0.5, 0.25]);
    assert.equal(describeMember(NaN), 'NaN');
    assert.deepEqual(nestedShapeOf([[1, 2, 3], [4, 5, 6]]), [2, 3]);
  });
});
