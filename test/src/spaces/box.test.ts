import { strict as assert } from 'node:assert';
import { Box } from '../../../src/spaces/box.ts';
import { flatdim, flatten, flattenSpace, unflatten } from '../../../src/spaces/flatten.ts';
import { spaceFromJSON } from '../../../src/spaces/from-json.ts';
import { arr, draws, messageOf } from '../helpers.ts';

function meanOf(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('src/spaces/box', () => {
  describe('constructor', () => {
    it('broadcasts scalar bounds over the shape and infers the shape from array bounds', () => {
      const b = new Box(-1, 2, [2, 3]);
      assert.deepEqual(b.shape, [2, 3]);
      assert.equal(b.size, 6);
      assert.equal(b.dtype, 'float32');
      assert.ok(b.low instanceof Float32Array);
      assert.deepEqual(arr(b.low), [-1, -1, -1, -1, -1, -1]);
      const inferred = new Box([0, 1, 2], 5);
      assert.deepEqual(inferred.shape, [3]);
      assert.deepEqual(arr(inferred.high), [5, 5, 5]);
      assert.deepEqual(new Box(0, 1).shape, [1]);
    });

    it('takes nested bounds of the space shape, inferring the shape from them', () => {
      const b = new Box([[0, 1, 2], [3, 4, 5]], 10);
      assert.deepEqual(b.shape, [2, 3]);
      assert.deepEqual(arr(b.low), [0, 1, 2, 3, 4, 5]);
      const given = new Box(0, [[1, 2], [3, 4]], [2, 2]);
      assert.deepEqual(arr(given.high), [1, 2, 3, 4]);
      assert.match(messageOf(() => new Box([[0, 1], [2]], 5)), /Box low is a ragged nested array/);
      assert.match(messageOf(() => new Box(0, [[1, 2, 3], [4, 5, 6]], [3, 2])), /Box high is a nested array that does not have the shape \(3, 2\)/);
    });

    it('names the field and the fix in its errors', () => {
      assert.match(messageOf(() => new Box(0, 1, [2], 'float16' as never)), /Box dtype must be one of float32, float64/);
      assert.match(messageOf(() => new Box([0, 0, 0], 1, [2])), /Box low has 3 entries but the shape needs 2/);
      assert.match(messageOf(() => new Box(0, [1, 1, 1], [2])), /Box high has 3 entries/);
      assert.match(messageOf(() => new Box([0, 5], [1, 4])), /entry 1 has low=5 > high=4/);
      assert.match(messageOf(() => new Box(Number.NaN, 1, [2])), /Box low must not be NaN/);
      assert.match(messageOf(() => new Box([0, Number.NaN], 1)), /Box high\[1\]|Box low\[1\] must not be NaN/);
      assert.match(messageOf(() => new Box(0, 1, [2.5])), /Box shape must be an array of non-negative integers/);
      assert.match(messageOf(() => new Box(-Infinity, 1, [2], 'int32')), /Box low is infinite but dtype int32 is an integer type/);
      assert.match(messageOf(() => new Box(0, 300, [2], 'uint8')), /Box high is 300, outside the range \[0, 255\] of dtype uint8/);
      assert.match(messageOf(() => new Box(-1, 3, [2], 'uint8')), /Box low is -1, outside the range/);
      assert.match(messageOf(() => new Box(0.5, 3, [2], 'int16')), /Box low is 0.5 but dtype int16 is an integer type/);
    });

    it('reports boundedness per entry and overall', () => {
      const b = new Box([-Infinity, 0, -1, -Infinity], [Infinity, Infinity, 1, 3]);
      assert.deepEqual(b.boundedBelow, [false, true, true, false]);
      assert.deepEqual(b.boundedAbove, [false, false, true, true]);
      assert.equal(b.isBounded(), false);
      assert.equal(b.isBounded('below'), false);
      assert.equal(new Box(0, Infinity, [2]).isBounded('below'), true);
      assert.equal(new Box(0, Infinity, [2]).isBounded('above'), false);
      assert.equal(new Box(0, 1, [2]).isBounded('both'), true);
    });

    it('prints like Gymnasium', () => {
      assert.equal(new Box(0, 1, [3]).toString(), 'Box(0.0, 1.0, (3,), float32)');
      assert.equal(new Box(-Infinity, Infinity, [2, 2], 'float64').toString(), 'Box(-inf, inf, (2, 2), float64)');
      assert.equal(new Box([0, 1], 5, undefined, 'int32').toString(), 'Box([0 1], 5, (2,), int32)');
    });
  });

  describe('sample', () => {
    it('stays inside the box over many seeded draws, for every kind of boundedness', () => {
      const spaces = [
        new Box(-2, 3, [4], 'float32', 1),
        new Box(-2, 3, [4], 'float64', 2),
        new Box([-5, 0], [5, 0], [2], 'int32', 3),
        new Box(0, 255, [3], 'uint8', 4),
        new Box([-Infinity, 0, -Infinity, -1], [Infinity, Infinity, 2, 1], [4], 'float32', 5),
      ];
      for (const s of spaces) {
        for (const x of draws(s, 500)) assert.ok(s.contains(x), `${s.toString()} sampled ${arr(x)}`);
      }
    });

    it('returns a typed array of the dtype with the space size', () => {
      const x = new Box(0, 1, [2, 3], 'float64', 0).sample();
      assert.ok(x instanceof Float64Array);
      assert.equal(x.length, 6);
      assert.ok(new Box(0, 3, [2], 'int16', 0).sample() instanceof Int16Array);
    });

    it('samples integer boxes uniformly on {low, …, high}, both ends included', () => {
      const s = new Box(-1, 2, [1], 'int32', 11);
      const counts = new Map<number, number>();
      for (const x of draws(s, 4000)) counts.set(x[0]!, (counts.get(x[0]!) ?? 0) + 1);
      assert.deepEqual([...counts.keys()].sort((a, b) => a - b), [-1, 0, 1, 2]);
      for (const c of counts.values()) assert.ok(Math.abs(c - 1000) < 150, `count ${c}`);
    });

    it('uses uniform, shifted-exponential and normal draws by boundedness (seeded statistics)', () => {
      // entries: bounded [2, 4], bounded below at 1, bounded above at -1, unbounded
      const s = new Box([2, 1, -Infinity, -Infinity], [4, Infinity, -1, Infinity], [4], 'float64', 21);
      const xs = draws(s, 20000);
      const col = (j: number) => xs.map((x) => x[j]!);
      assert.ok(Math.abs(meanOf(col(0)) - 3) < 0.03);
      assert.ok(Math.min(...col(1)) >= 1 && Math.abs(meanOf(col(1)) - 2) < 0.05, 'low + Exp(1) has mean low + 1');
      assert.ok(Math.max(...col(2)) <= -1 && Math.abs(meanOf(col(2)) + 2) < 0.05, 'high − Exp(1) has mean high − 1');
      const u = col(3);
      const m = meanOf(u);
      const sd = Math.sqrt(meanOf(u.map((v) => (v - m) ** 2)));
      assert.ok(Math.abs(m) < 0.03 && Math.abs(sd - 1) < 0.03, `normal mean ${m} std ${sd}`);
    });

    it('refuses masks', () => {
      assert.throws(() => new Box(0, 1, [2]).sample(new Int8Array(2)), (e: Error) => e instanceof TypeError && /cannot be given a mask/.test(e.message));
    });

    it('is deterministic given a seed and differs across seeds', () => {
      const a = draws(new Box(-1, 1, [3], 'float32', 42), 20).map(arr);
      const b = draws(new Box(-1, 1, [3], 'float32', 42), 20).map(arr);
      const c = draws(new Box(-1, 1, [3], 'float32', 43), 20).map(arr);
      assert.deepEqual(a, b);
      assert.notDeepEqual(a, c);
      const reseeded = new Box(-1, 1, [3], 'float32');
      assert.deepEqual(reseeded.seed(42), [42]);
      assert.deepEqual(draws(reseeded, 20).map(arr), a);
    });
  });

  describe('contains', () => {
    const box = new Box(0, 1, [2, 2]);

    it('accepts typed arrays of a dtype that casts safely, and flat or shape-matching nested arrays', () => {
      assert.equal(box.contains(Float32Array.of(0, 0.5, 1, 0.25)), true);
      assert.equal(box.contains(Int16Array.of(0, 1, 1, 0)), true, 'int16 casts safely to float32');
      assert.equal(box.contains([0, 0.5, 1, 0.25]), true);
      assert.equal(box.contains([[0, 0.5], [1, 0.25]]), true);
    });

    it('rejects a wrong dtype, shape, NaN or an out-of-range entry', () => {
      assert.equal(box.contains(Float64Array.of(0, 0.5, 1, 0.25)), false, 'float64 does not cast safely to float32');
      assert.equal(box.contains(Int32Array.of(0, 1, 1, 0)), false, 'int32 does not cast safely to float32');
      assert.equal(box.contains(Float32Array.of(0, 0.5, 1)), false);
      assert.equal(box.contains([[0, 0.5, 1, 0.25]]), false, 'shape [1, 4]');
      assert.equal(box.contains([[0], [0.5], [1], [0.25]]), false, 'shape [4, 1]');
      assert.equal(box.contains([[0, 0.5], 1, 0.25]), false, 'ragged');
      assert.equal(box.contains(Float32Array.of(0, Number.NaN, 1, 0)), false);
      assert.equal(box.contains(Float32Array.of(0, 1.5, 1, 0)), false);
      assert.equal(box.contains(Float32Array.of(0, -0.001, 1, 0)), false);
      assert.equal(box.contains([0, '0.5', 1, 0]), false);
      assert.equal(box.contains(0.5), false);
      assert.equal(box.contains(null), false);
      assert.equal(box.contains({ 0: 0, length: 4 }), false);
    });

    it('requires integers in an integer box and accepts a plain number for shape []', () => {
      const ints = new Box(0, 5, [2], 'int32');
      assert.equal(ints.contains(Int32Array.of(0, 5)), true);
      assert.equal(ints.contains(Uint16Array.of(0, 5)), true);
      assert.equal(ints.contains(Float32Array.of(0, 5)), false);
      assert.equal(ints.contains([0, 2.5]), false);
      const scalar = new Box(-1, 1, []);
      assert.equal(scalar.size, 1);
      assert.equal(scalar.contains(0.5), true);
      assert.equal(scalar.contains(2), false);
      assert.ok(scalar.contains(scalar.sample()));
    });

    it('compares float32 elements with the float32-rounded bounds', () => {
      const b = new Box(0, 0.1, [1]);
      assert.equal(b.contains(Float32Array.of(0.1)), true);
      assert.equal(b.contains([Math.fround(0.1)]), true);
    });
  });

  describe('JSON', () => {
    it('round-trips through JSON text, infinities included', () => {
      const spaces = [
        new Box(0, 1, [3]),
        new Box([-Infinity, 0], [Infinity, 2.5], [2], 'float64'),
        new Box(-3, 7, [2, 2], 'int16'),
        new Box(-Infinity, Infinity, [], 'float32'),
      ];
      for (const s of spaces) {
        const text = JSON.stringify(s.toJSON());
        const back = spaceFromJSON(JSON.parse(text));
        assert.ok(back instanceof Box);
        assert.ok(back.equals(s), text);
        assert.equal(back.toString(), s.toString());
      }
      assert.deepEqual(new Box([-Infinity, 0], [Infinity, 1]).toJSON(), {
        type: 'Box',
        shape: [2],
        dtype: 'float32',
        low: ['-inf', 0],
        high: ['inf', 1],
      });
    });

    it('distinguishes spaces that differ in bounds, shape or dtype', () => {
      const b = new Box(0, 1, [2]);
      assert.ok(!b.equals(new Box(0, 2, [2])));
      assert.ok(!b.equals(new Box(0, 1, [1, 2])));
      assert.ok(!b.equals(new Box(0, 1, [2], 'float64')));
    });
  });

  describe('flatten', () => {
    it('flattens row-major with the same dtype and round-trips', () => {
      const s = new Box(-1, 1, [2, 3], 'float64', 5);
      assert.equal(flatdim(s), 6);
      for (const x of draws(s, 50)) {
        const f = flatten(s, x);
        assert.ok(f instanceof Float64Array);
        assert.deepEqual(arr(f), arr(x));
        assert.ok(flattenSpace(s).contains(f));
        assert.deepEqual(arr(unflatten(s, f)), arr(x));
      }
      const fs = flattenSpace(s);
      assert.deepEqual(fs.shape, [6]);
      assert.equal(fs.dtype, 'float64');
    });

    it('flattens nested arrays and a scalar Box element given as a number', () => {
      const s = new Box(0, 9, [2, 2]);
      assert.deepEqual(arr(flatten(s, [[1, 2], [3, 4]] as unknown as Float32Array)), [1, 2, 3, 4]);
      const scalar = new Box(0, 1, []);
      assert.deepEqual(arr(flatten(scalar, 0.5 as unknown as Float32Array)), [0.5]);
    });
  });
});
