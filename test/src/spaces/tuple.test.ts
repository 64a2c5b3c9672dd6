import { strict as assert } from 'node:assert';
import { Tuple } from '../../../src/spaces/tuple.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { flatDType, flatdim, flatten, flattenSpace, unflatten } from '../../../src/spaces/flatten.ts';
import { spaceFromJSON } from '../../../src/spaces/from-json.ts';
import { Generator } from '../../../src/random/generator.ts';
import { dataEquivalence } from '../../../src/checker/data-equivalence.ts';
import { arr, draws, messageOf } from '../helpers.ts';

describe('src/spaces/tuple', () => {
  it('keeps its subspaces in order and checks them', () => {
    const s = new Tuple([new Discrete(2), new Box(0, 1, [3])]);
    assert.equal(s.spaces.length, 2);
    assert.equal(s.toString(), 'Tuple(Discrete(2), Box(0.0, 1.0, (3,), float32))');
    assert.match(messageOf(() => new Tuple([new Discrete(2), 'x' as never])), /Tuple entry 1 must be a Space; got x/);
  });

  it('samples arrays it contains, with one mask per subspace', () => {
    const s = new Tuple([new Discrete(3), new MultiBinary(2), new Box(-1, 1, [2])], 4);
    for (const x of draws(s, 200)) assert.ok(s.contains(x));
    for (let i = 0; i < 20; i++) {
      const [d, bits] = s.sample([Int8Array.from([0, 1, 0]), Int8Array.from([1, 0]), undefined]);
      assert.equal(d, 1);
      assert.deepEqual(arr(bits), [1, 0]);
    }
    assert.equal(messageOf(() => s.sample([Int8Array.from([0, 1, 0])])), 'Tuple.sample mask must have one entry per subspace (3); got 1.');
  });

  it('seeds subspaces from its generator, or with one seed each', () => {
    const s = new Tuple([new Discrete(1000), new Discrete(1000)]);
    const used = s.seed(5);
    const g = new Generator(5);
    assert.deepEqual(used, [5, g.integers(0, 2 ** 31 - 1), g.integers(0, 2 ** 31 - 1)]);
    assert.deepEqual(s.seed([3, 4]).slice(1), [3, 4]);
    assert.equal(s.spaces[1]!.sample(), new Discrete(1000, 0, 4).sample());
    assert.match(messageOf(() => s.seed([1])), /one seed per subspace \(2\); got 1/);
  });

  it('is deterministic given a seed and differs across seeds', () => {
    const mk = (seed: number) => new Tuple([new Discrete(1000), new Box(0, 1, [2])], seed);
    assert.ok(dataEquivalence(draws(mk(1), 20), draws(mk(1), 20), true));
    assert.ok(!dataEquivalence(draws(mk(1), 20), draws(mk(2), 20)));
  });

  it('contains arrays of the right length with member entries', () => {
    const s = new Tuple([new Discrete(2), new Box(0, 1, [1])]);
    assert.equal(s.contains([1, Float32Array.of(1)]), true);
    assert.equal(s.contains([1]), false);
    assert.equal(s.contains([1, Float32Array.of(2)]), false);
    assert.equal(s.contains([1, Float32Array.of(1), 0]), false);
    assert.equal(s.contains({ 0: 1, 1: Float32Array.of(1), length: 2 }), false);
  });

  it('round-trips through JSON', () => {
    const s = new Tuple([new Box(-Infinity, Infinity, [2], 'float64'), new Tuple([new Discrete(2, 3)])]);
    const back = spaceFromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    assert.ok(back instanceof Tuple && back.equals(s));
  });

  it('flattens by concatenation in order, promoting dtypes, and back', () => {
    const s = new Tuple([new Discrete(3), new MultiBinary(2)]);
    assert.equal(flatdim(s), 5);
    assert.equal(flatDType(s), 'int32');
    assert.deepEqual(arr(flatten(s, [2, Int8Array.of(1, 0)])), [0, 0, 1, 1, 0]);
    s.seed(2);
    for (const x of draws(s, 30)) {
      const f = flatten(s, x);
      assert.ok(flattenSpace(s).contains(f));
      assert.ok(dataEquivalence(unflatten(s, f), x));
    }
  });
});
