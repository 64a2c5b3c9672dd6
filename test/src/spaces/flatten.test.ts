import { strict as assert } from 'node:assert';
import { flatDType, flatdim, flatten, flattenSpace, unflatten } from '../../../src/spaces/flatten.ts';
import { Space } from '../../../src/spaces/space.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { MultiDiscrete } from '../../../src/spaces/multi-discrete.ts';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { Dict } from '../../../src/spaces/dict.ts';
import { Tuple } from '../../../src/spaces/tuple.ts';
import type { SpaceJSON } from '../../../src/spaces/space-json.ts';
import { dataEquivalence } from '../../../src/checker/data-equivalence.ts';
import { arr, draws, messageOf } from '../helpers.ts';

class Opaque extends Space<string> {
  constructor() {
    super(null, null);
  }
  get isFlattenable(): boolean {
    return false;
  }
  sample(): string {
    return 'x';
  }
  contains(x: unknown): x is string {
    return x === 'x';
  }
  toJSON(): SpaceJSON {
    return { type: 'Discrete', n: 1, start: 0 };
  }
  toString(): string {
    return 'Opaque()';
  }
}

const nested = () =>
  new Dict({
    c: new MultiBinary([2, 2]),
    a: new Discrete(3),
    b: new Tuple([new MultiDiscrete([2, 3]), new Box(0, 1, [2, 2])]),
  });

describe('src/spaces/flatten', () => {
  it('promotes dtypes as NumPy does (int32 standing in for int64)', () => {
    const f = (...parts: Space<unknown>[]) => flatDType(new Tuple(parts));
    assert.equal(f(new Box(0, 1, [1]), new MultiBinary(2)), 'float32');
    assert.equal(f(new Box(0, 1, [1]), new Discrete(2)), 'float64');
    assert.equal(f(new Box(0, 1, [1], 'uint8'), new MultiBinary(2)), 'int16');
    assert.equal(f(new Box(0, 1, [1], 'uint16'), new Box(0, 1, [1])), 'float32');
    assert.equal(f(new Box(0, 1, [1], 'uint32'), new Discrete(2)), 'float64');
    assert.equal(f(new Discrete(2), new MultiBinary(2)), 'int32');
    assert.equal(flatDType(new Dict({})), 'float32');
  });

  it('computes flatdim by hand on a nested space', () => {
    // a: one-hot 3; b: one-hot 2 + 3, then 4 box entries; c: 4 bits
    assert.equal(flatdim(nested()), 3 + 5 + 4 + 4);
    assert.equal(flatdim(new Box(0, 1, [2, 3, 4])), 24);
    assert.equal(flatdim(new MultiDiscrete([5, 1, 2])), 8);
  });

  it('writes a nested element in sorted-key order, by hand', () => {
    const s = nested();
    const x = {
      c: Int8Array.of(1, 0, 0, 1),
      a: 2,
      b: [Int32Array.of(1, 0), Float32Array.of(0.5, 0.25, 0, 1)],
    };
    assert.ok(s.contains(x));
    const f = flatten(s, x);
    assert.ok(f instanceof Float64Array);
    assert.deepEqual(arr(f), [0, 0, 1, 0, 1, 1, 0, 0, 0.5, 0.25, 0, 1, 1, 0, 0, 1]);
    assert.ok(dataEquivalence(unflatten(s, f), x, true));
  });

  it('round-trips seeded samples and keeps them in flattenSpace', () => {
    const spaces: Space<unknown>[] = [
      nested(),
      new Tuple([new Box(-Infinity, Infinity, [3], 'float64'), new Discrete(4, -2)]),
      new Dict({ only: new MultiDiscrete([3, 3], [1, 1]) }),
    ];
    spaces.forEach((s, i) => {
      s.seed(100 + i);
      const fs = flattenSpace(s);
      assert.equal(fs.size, flatdim(s));
      assert.equal(fs.dtype, flatDType(s));
      for (const x of draws(s, 100)) {
        const f = flatten(s, x);
        assert.ok(fs.contains(f), `${s.toString()} flattened ${arr(f)}`);
        assert.ok(dataEquivalence(unflatten(s, f), x, true));
      }
    });
  });

  it('gives flattenSpace the concatenated bounds', () => {
    const fs = flattenSpace(new Tuple([new Box([-1, -Infinity], [2, 3]), new Discrete(2)]));
    assert.deepEqual(arr(fs.low), [-1, -Infinity, 0, 0]);
    assert.deepEqual(arr(fs.high), [2, 3, 1, 1]);
    assert.deepEqual(fs.shape, [4]);
  });

  it('names the problem when an element or a flat vector does not fit', () => {
    assert.match(messageOf(() => flatten(new Box(0, 1, [3]), Float32Array.of(0, 1))), /Box\(0.0, 1.0, \(3,\), float32\) needs 3 entries; got 2/);
    assert.match(messageOf(() => flatten(new Discrete(3), -1)), /Discrete\(3\) needs an integer in \[0, 2\]; got -1/);
    assert.match(messageOf(() => flatten(new Discrete(3), 1.5)), /got 1.5/);
    assert.match(messageOf(() => unflatten(new Discrete(3), [0, 1])), /needs 3 entries; got 2/);
    assert.match(messageOf(() => unflatten(new Tuple([new Discrete(2), new Discrete(2)]), [1, 0, 0, 0])), /entries 2..3; all are 0/);
  });

  it('refuses spaces it cannot flatten', () => {
    assert.match(messageOf(() => flatdim(new Opaque())), /Opaque\(\) cannot be flattened/);
    assert.match(messageOf(() => flatten(new Opaque(), 'x')), /cannot be flattened/);
    assert.match(messageOf(() => flattenSpace(new Tuple([new Opaque()]))), /cannot be flattened/);
  });
});
