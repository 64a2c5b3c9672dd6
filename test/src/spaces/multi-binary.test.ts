import { strict as assert } from 'node:assert';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { Box } from '../../../src/spaces/box.ts';
import { flatdim, flatten, flattenSpace, unflatten } from '../../../src/spaces/flatten.ts';
import { spaceFromJSON } from '../../../src/spaces/from-json.ts';
import { arr, draws, messageOf } from '../helpers.ts';

describe('src/spaces/multi-binary', () => {
  it('takes a count or a shape and checks it', () => {
    const a = new MultiBinary(4);
    assert.deepEqual(a.shape, [4]);
    assert.equal(a.size, 4);
    assert.equal(a.toString(), 'MultiBinary(4)');
    const b = new MultiBinary([2, 3]);
    assert.deepEqual(b.shape, [2, 3]);
    assert.equal(b.size, 6);
    assert.equal(b.toString(), 'MultiBinary((2, 3))');
    assert.match(messageOf(() => new MultiBinary(0)), /MultiBinary n must be a positive integer or a shape of positive integers; got 0/);
    assert.match(messageOf(() => new MultiBinary([2, 0])), /got \[2,0\]/);
    assert.match(messageOf(() => new MultiBinary(1.5)), /MultiBinary n/);
  });

  it('samples Int8Arrays of 0/1 with the space size; both values appear at every entry', () => {
    const s = new MultiBinary([2, 3], 6);
    const ones = new Array<number>(6).fill(0);
    for (const x of draws(s, 400)) {
      assert.ok(x instanceof Int8Array && x.length === 6);
      assert.ok(s.contains(x));
      x.forEach((v, i) => (ones[i]! += v));
    }
    for (const c of ones) assert.ok(c > 150 && c < 250, `ones ${c}`);
  });

  it('honours masks: 0 forces 0, 1 forces 1, 2 leaves the bit random', () => {
    const s = new MultiBinary(4, 2);
    const free = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const x = s.sample(Int8Array.from([0, 1, 2, 1]));
      assert.equal(x[0], 0);
      assert.equal(x[1], 1);
      assert.equal(x[3], 1);
      free.add(x[2]!);
    }
    assert.deepEqual([...free].sort(), [0, 1]);
    assert.match(messageOf(() => s.sample([0, 1])), /mask must have 4 entries; got 2/);
    assert.match(messageOf(() => s.sample([0, 1, 3, 0])), /mask entries must be 0, 1 or 2; entry 2 is 3/);
  });

  it('is deterministic given a seed and differs across seeds', () => {
    const a = draws(new MultiBinary(16, 1), 10).map(arr);
    assert.deepEqual(a, draws(new MultiBinary(16, 1), 10).map(arr));
    assert.notDeepEqual(a, draws(new MultiBinary(16, 2), 10).map(arr));
  });

  it('contains 0/1 values of the right size (any typed-array dtype, flat or shape-matching arrays)', () => {
    const s = new MultiBinary([2, 3]);
    assert.equal(s.contains(Int8Array.of(0, 1, 0, 1, 1, 0)), true);
    assert.equal(s.contains(Float32Array.of(0, 1, 0, 1, 1, 0)), true, 'Gymnasium checks values, not dtype');
    assert.equal(s.contains([0, 1, 0, 1, 1, 0]), true);
    assert.equal(s.contains([[0, 1, 0], [1, 1, 0]]), true);
    assert.equal(s.contains([[0, 1], [0, 1], [1, 0]]), false, 'shape [3, 2]');
    assert.equal(s.contains(Int8Array.of(0, 1, 0, 1, 1)), false);
    assert.equal(s.contains(Int8Array.of(0, 1, 0, 1, 1, 2)), false);
    assert.equal(s.contains([0, 1, 0, 1, 1, Number.NaN]), false);
    assert.equal(s.contains(1), false);
  });

  it('round-trips through JSON, keeping the count form', () => {
    for (const s of [new MultiBinary(5), new MultiBinary([2, 2, 2])]) {
      const back = spaceFromJSON(JSON.parse(JSON.stringify(s.toJSON())));
      assert.ok(back instanceof MultiBinary && back.equals(s));
      assert.equal(back.toString(), s.toString());
    }
  });

  it('flattens bits as they are (int8) and back', () => {
    const s = new MultiBinary([2, 3], 4);
    assert.equal(flatdim(s), 6);
    assert.ok(flattenSpace(s).equals(new Box(0, 1, [6], 'int8')));
    for (const x of draws(s, 30)) {
      const f = flatten(s, x);
      assert.ok(f instanceof Int8Array);
      assert.deepEqual(arr(f), arr(x));
      assert.ok(flattenSpace(s).contains(f));
      assert.deepEqual(arr(unflatten(s, f)), arr(x));
    }
  });
});
