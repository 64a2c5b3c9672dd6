import { strict as assert } from 'node:assert';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { Box } from '../../../src/spaces/box.ts';
import { flatdim, flatten, flattenSpace, unflatten } from '../../../src/spaces/flatten.ts';
import { spaceFromJSON } from '../../../src/spaces/from-json.ts';
import { arr, draws, messageOf } from '../helpers.ts';

describe('src/spaces/discrete', () => {
  it('checks n and start, naming the field', () => {
    assert.match(messageOf(() => new Discrete(0)), /Discrete n must be a positive integer; got 0/);
    assert.match(messageOf(() => new Discrete(2.5)), /Discrete n must be a positive integer; got 2.5/);
    assert.match(messageOf(() => new Discrete(3, 0.5)), /Discrete start must be an integer; got 0.5/);
    const s = new Discrete(4, -2);
    assert.equal(s.n, 4);
    assert.equal(s.start, -2);
    assert.deepEqual(s.shape, []);
    assert.equal(s.dtype, 'int32');
    assert.equal(s.toString(), 'Discrete(4, start=-2)');
    assert.equal(new Discrete(3).toString(), 'Discrete(3)');
  });

  it('samples every element of {start, …, start + n − 1} and nothing else, near uniformly', () => {
    const s = new Discrete(5, -2, 3);
    const counts = new Map<number, number>();
    for (const x of draws(s, 5000)) {
      assert.ok(s.contains(x), `sampled ${x}`);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    assert.deepEqual([...counts.keys()].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
    for (const c of counts.values()) assert.ok(Math.abs(c - 1000) < 150, `count ${c}`);
  });

  it('honours masks: only flagged elements, and start when nothing is allowed (as Gymnasium)', () => {
    const s = new Discrete(4, 10, 0);
    const seen = new Set(Array.from({ length: 300 }, () => s.sample(Int8Array.from([0, 1, 0, 1]))));
    assert.deepEqual([...seen].sort(), [11, 13]);
    for (let i = 0; i < 20; i++) assert.equal(s.sample([0, 0, 1, 0]), 12);
    assert.equal(s.sample(new Int8Array(4)), 10);
    assert.match(messageOf(() => s.sample(Int8Array.from([1, 0]))), /mask must have n=4 entries; got 2/);
    assert.match(messageOf(() => s.sample([1, 2, 0, 0])), /mask entries must be 0 or 1; entry 1 is 2/);
  });

  it('is deterministic given a seed and differs across seeds', () => {
    assert.deepEqual(draws(new Discrete(100, 0, 8), 30), draws(new Discrete(100, 0, 8), 30));
    assert.notDeepEqual(draws(new Discrete(100, 0, 8), 30), draws(new Discrete(100, 0, 9), 30));
  });

  it('contains integers in range only', () => {
    const s = new Discrete(3, 1);
    assert.equal(s.contains(1), true);
    assert.equal(s.contains(3), true);
    assert.equal(s.contains(0), false);
    assert.equal(s.contains(4), false);
    assert.equal(s.contains(1.5), false);
    assert.equal(s.contains(Number.NaN), false);
    assert.equal(s.contains('2'), false);
    assert.equal(s.contains(Int32Array.of(2)), false);
  });

  it('round-trips through JSON', () => {
    for (const s of [new Discrete(3), new Discrete(7, -3)]) {
      const back = spaceFromJSON(JSON.parse(JSON.stringify(s.toJSON())));
      assert.ok(back instanceof Discrete && back.equals(s));
    }
    assert.ok(!new Discrete(3).equals(new Discrete(3, 1)));
    assert.deepEqual(new Discrete(3, 2).toJSON(), { type: 'Discrete', n: 3, start: 2 });
  });

  it('flattens to a one-hot int32 vector and back', () => {
    const s = new Discrete(3, 5);
    assert.equal(flatdim(s), 3);
    const f = flatten(s, 6);
    assert.ok(f instanceof Int32Array);
    assert.deepEqual(arr(f), [0, 1, 0]);
    assert.equal(unflatten(s, f), 6);
    assert.ok(flattenSpace(s).equals(new Box(0, 1, [3], 'int32')));
    const seeded = new Discrete(6, -1, 4);
    for (const x of draws(seeded, 50)) {
      assert.ok(flattenSpace(seeded).contains(flatten(seeded, x)));
      assert.equal(unflatten(seeded, flatten(seeded, x)), x);
    }
    assert.match(messageOf(() => flatten(s, 8)), /Discrete\(3, start=5\) needs an integer in \[5, 7\]; got 8/);
    assert.match(messageOf(() => unflatten(s, [0, 0, 0])), /one-hot vector .* all are 0/);
    assert.match(messageOf(() => unflatten(s, [1, 1, 0])), /expects a one-hot vector/);
  });
});
