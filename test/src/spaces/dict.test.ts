import { strict as assert } from 'node:assert';
import { Dict } from '../../../src/spaces/dict.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { Tuple } from '../../../src/spaces/tuple.ts';
import { flatDType, flatdim, flatten, flattenSpace, unflatten } from '../../../src/spaces/flatten.ts';
import { spaceFromJSON } from '../../../src/spaces/from-json.ts';
import { Generator } from '../../../src/random/generator.ts';
import { dataEquivalence } from '../../../src/checker/data-equivalence.ts';
import { arr, draws, messageOf } from '../helpers.ts';

const make = () => new Dict({ pos: new Box(-1, 1, [2]), cache: new MultiBinary(3), choice: new Discrete(4) });

describe('src/spaces/dict', () => {
  it('sorts keys whatever the insertion order', () => {
    const s = make();
    assert.deepEqual(s.keys, ['cache', 'choice', 'pos']);
    assert.deepEqual(Object.keys(s.spaces), ['cache', 'choice', 'pos']);
    assert.equal(s.toString(), "Dict('cache': MultiBinary(3), 'choice': Discrete(4), 'pos': Box(-1.0, 1.0, (2,), float32))");
    assert.equal(s.shape, null);
    assert.equal(s.dtype, null);
    assert.ok(s.get('pos') instanceof Box);
    assert.match(messageOf(() => s.get('nope' as never)), /Dict has no key 'nope'; keys are cache, choice, pos/);
    assert.match(messageOf(() => new Dict({ a: new Discrete(2), b: 3 as never })), /Dict entry 'b' must be a Space; got 3/);
  });

  it('samples elements it contains, with per-key masks', () => {
    const s = make();
    s.seed(3);
    for (const x of draws(s, 200)) {
      assert.ok(s.contains(x));
      assert.deepEqual(Object.keys(x), ['cache', 'choice', 'pos']);
    }
    for (let i = 0; i < 30; i++) {
      const x = s.sample({ choice: Int8Array.from([0, 0, 1, 0]), cache: Int8Array.from([1, 1, 0]) });
      assert.equal(x.choice, 2);
      assert.deepEqual(arr(x.cache), [1, 1, 0]);
    }
    assert.equal(messageOf(() => s.sample({ chioce: new Int8Array(4) } as never)), 'Dict.sample mask has keys the space does not have: chioce; keys are cache, choice, pos.');
  });

  it('seeds subspaces from its own generator in key order, as Gymnasium', () => {
    const s = make();
    const used = s.seed(7);
    const g = new Generator(7);
    assert.deepEqual(used, [7, g.integers(0, 2 ** 31 - 1), g.integers(0, 2 ** 31 - 1), g.integers(0, 2 ** 31 - 1)]);
    // the sub-seeds seed the subspaces: 'cache' got the first one
    const cache = new MultiBinary(3, used[1]);
    assert.deepEqual(arr(s.spaces.cache.sample()), arr(cache.sample()));
  });

  it('is deterministic given a seed, independent of insertion order, and differs across seeds', () => {
    const a = new Dict({ x: new Discrete(1000), y: new Box(0, 1, [2]) }, 11);
    const b = new Dict({ y: new Box(0, 1, [2]), x: new Discrete(1000) }, 11);
    const c = new Dict({ x: new Discrete(1000), y: new Box(0, 1, [2]) }, 12);
    const xs = draws(a, 20);
    assert.ok(dataEquivalence(xs, draws(b, 20), true));
    assert.ok(!dataEquivalence(xs, draws(c, 20)));
  });

  it('takes one seed per key, and names missing and unknown keys', () => {
    const s = new Dict({ a: new Discrete(1000), b: new Discrete(1000) });
    const used = s.seed({ a: 1, b: 2 });
    assert.deepEqual(used.slice(1), [1, 2]);
    assert.equal(s.spaces.a.sample(), new Discrete(1000, 0, 1).sample());
    assert.equal(s.spaces.b.sample(), new Discrete(1000, 0, 2).sample());
    assert.match(messageOf(() => s.seed({ a: 1 } as never)), /exactly the space's keys \(a, b\); missing: b\./);
    assert.match(messageOf(() => s.seed({ a: 1, b: 2, c: 3 } as never)), /unknown: c\./);
  });

  it('contains only objects with exactly its keys and member values', () => {
    const s = new Dict({ a: new Discrete(2), b: new Box(0, 1, [1]) });
    assert.equal(s.contains({ a: 1, b: Float32Array.of(0.5) }), true);
    assert.equal(s.contains({ b: Float32Array.of(0.5), a: 1 }), true);
    assert.equal(s.contains({ a: 1 }), false);
    assert.equal(s.contains({ a: 1, b: Float32Array.of(0.5), c: 0 }), false);
    assert.equal(s.contains({ a: 2, b: Float32Array.of(0.5) }), false);
    assert.equal(s.contains([1, Float32Array.of(0.5)]), false);
    assert.equal(s.contains(null), false);
  });

  it('round-trips through JSON, nested composites included', () => {
    const s = new Dict({ inner: new Dict({ z: new Box(-Infinity, 0, [2]), a: new Discrete(3, 1) }), t: new Tuple([new MultiBinary(2)]) });
    const back = spaceFromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    assert.ok(back instanceof Dict && back.equals(s));
    assert.ok(!s.equals(new Dict({ inner: new Dict({ z: new Box(-Infinity, 0, [2]) }), t: new Tuple([new MultiBinary(2)]) })));
  });

  it('flattens in sorted key order, promoting dtypes, and back', () => {
    const s = new Dict({ b: new Discrete(2), a: new Box(0, 1, [2]) });
    assert.equal(flatdim(s), 4);
    assert.equal(flatDType(s), 'float64', 'float32 with int32 promotes to float64, as NumPy');
    const f = flatten(s, { b: 1, a: Float32Array.of(0.25, 0.5) });
    assert.ok(f instanceof Float64Array);
    assert.deepEqual(arr(f), [0.25, 0.5, 0, 1]);
    const fs = flattenSpace(s);
    assert.deepEqual(arr(fs.low), [0, 0, 0, 0]);
    assert.deepEqual(arr(fs.high), [1, 1, 1, 1]);
    assert.equal(fs.dtype, 'float64');
    s.seed(1);
    for (const x of draws(s, 30)) {
      const flat = flatten(s, x);
      assert.ok(fs.contains(flat));
      assert.ok(dataEquivalence(unflatten(s, flat), x));
    }
  });
});
