import { strict as assert } from 'node:assert';
import { MultiDiscrete } from '../../../src/spaces/multi-discrete.ts';
import { Box } from '../../../src/spaces/box.ts';
import { flatdim, flatten, flattenSpace, unflatten } from '../../../src/spaces/flatten.ts';
import { spaceFromJSON } from '../../../src/spaces/from-json.ts';
import { arr, draws, messageOf } from '../helpers.ts';

describe('src/spaces/multi-discrete', () => {
  it('checks nvec and start, naming the field', () => {
    assert.match(messageOf(() => new MultiDiscrete([])), /MultiDiscrete nvec must be a non-empty list of positive integers; got \[\]/);
    assert.match(messageOf(() => new MultiDiscrete([2, 0])), /MultiDiscrete nvec must be .*got \[2,0\]/);
    assert.match(messageOf(() => new MultiDiscrete([2.5])), /MultiDiscrete nvec/);
    assert.match(messageOf(() => new MultiDiscrete([2, 3], [0])), /MultiDiscrete start must have 2 integer entries; got \[0\]/);
    assert.match(messageOf(() => new MultiDiscrete([2, 3], [0, 0.5])), /MultiDiscrete start/);
    const s = new MultiDiscrete([3, 2], [1, -1]);
    assert.deepEqual(s.shape, [2]);
    assert.equal(s.dtype, 'int32');
    assert.equal(s.toString(), 'MultiDiscrete([3 2], start=[1 -1])');
    assert.equal(new MultiDiscrete([4, 4]).toString(), 'MultiDiscrete([4 4])');
  });

  it('samples Int32Arrays within start + [0, nvec) and reaches every combination', () => {
    const s = new MultiDiscrete([3, 2], [1, -1], 5);
    const seen = new Set<string>();
    for (const x of draws(s, 600)) {
      assert.ok(x instanceof Int32Array);
      assert.ok(s.contains(x), `sampled ${arr(x)}`);
      seen.add(arr(x).join(','));
    }
    assert.equal(seen.size, 6);
  });

  it('honours one mask per entry, falling back to start[i] when nothing is allowed', () => {
    const s = new MultiDiscrete([3, 4], [10, 0], 1);
    for (let i = 0; i < 50; i++) {
      const x = s.sample([Int8Array.from([0, 0, 1]), Int8Array.from([1, 0, 1, 0])]);
      assert.equal(x[0], 12);
      assert.ok(x[1] === 0 || x[1] === 2);
    }
    assert.deepEqual(arr(s.sample([new Int8Array(3), new Int8Array(4)])), [10, 0]);
    assert.match(messageOf(() => s.sample([new Int8Array(3)])), /one entry per dimension \(2\); got 1/);
    assert.match(messageOf(() => s.sample([new Int8Array(2), new Int8Array(4)])), /mask\[0\] must have 3 entries; got 2/);
    assert.match(messageOf(() => s.sample([Int8Array.from([3, 0, 0]), new Int8Array(4)])), /mask\[0\] entries must be 0 or 1/);
  });

  it('is deterministic given a seed and differs across seeds', () => {
    const a = draws(new MultiDiscrete([50, 50], undefined, 3), 20).map(arr);
    assert.deepEqual(a, draws(new MultiDiscrete([50, 50], undefined, 3), 20).map(arr));
    assert.notDeepEqual(a, draws(new MultiDiscrete([50, 50], undefined, 4), 20).map(arr));
  });

  it('contains integer vectors of the right length and range; rejects float dtypes, NaN and out-of-range', () => {
    const s = new MultiDiscrete([3, 2], [1, 0]);
    assert.equal(s.contains(Int32Array.of(3, 1)), true);
    assert.equal(s.contains(Uint8Array.of(1, 0)), true);
    assert.equal(s.contains([2, 1]), true);
    assert.equal(s.contains(Float32Array.of(1, 0)), false);
    assert.equal(s.contains([0, 0]), false);
    assert.equal(s.contains([4, 0]), false);
    assert.equal(s.contains([1, 2]), false);
    assert.equal(s.contains([1, Number.NaN]), false);
    assert.equal(s.contains([1.5, 0]), false);
    assert.equal(s.contains([1]), false);
    assert.equal(s.contains(2), false);
  });

  it('round-trips through JSON, start included', () => {
    const s = new MultiDiscrete([3, 2, 5], [0, -4, 2]);
    const back = spaceFromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    assert.ok(back instanceof MultiDiscrete && back.equals(s));
    assert.ok(!s.equals(new MultiDiscrete([3, 2, 5])));
  });

  it('flattens to concatenated one-hot segments and back', () => {
    const s = new MultiDiscrete([3, 2], [1, 0]);
    assert.equal(flatdim(s), 5);
    assert.deepEqual(arr(flatten(s, Int32Array.of(2, 1))), [0, 1, 0, 0, 1]);
    assert.deepEqual(arr(unflatten(s, [0, 0, 1, 1, 0])), [3, 0]);
    assert.ok(flattenSpace(s).equals(new Box(0, 1, [5], 'int32')));
    const seeded = new MultiDiscrete([4, 1, 3], [0, 5, -1], 9);
    for (const x of draws(seeded, 50)) {
      const f = flatten(seeded, x);
      assert.ok(flattenSpace(seeded).contains(f));
      assert.deepEqual(arr(unflatten(seeded, f)), arr(x));
    }
    assert.match(messageOf(() => flatten(s, Int32Array.of(0, 1))), /MultiDiscrete\(\[3 2\], start=\[1 0\]\)\[0\] needs an integer in \[1, 3\]; got 0/);
    assert.match(messageOf(() => flatten(s, Int32Array.of(1))), /needs 2 entries; got 1/);
  });
});
