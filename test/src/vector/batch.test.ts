import { strict as assert } from 'node:assert';
import { batchSpace, concatenate, createEmptyArray, itemAt, iterate, writeItem } from '../../../src/vector/batch.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { MultiDiscrete } from '../../../src/spaces/multi-discrete.ts';
import { MultiBinary } from '../../../src/spaces/multi-binary.ts';
import { Dict } from '../../../src/spaces/dict.ts';
import { Tuple } from '../../../src/spaces/tuple.ts';
import { Space } from '../../../src/spaces/space.ts';
import type { SpaceJSON } from '../../../src/spaces/space-json.ts';
import { dataEquivalence } from '../../../src/checker/data-equivalence.ts';
import { arr, draws, messageOf } from '../helpers.ts';

describe('src/vector/batch', () => {
  describe('batchSpace', () => {
    it('stacks a Box along a new first axis', () => {
      const b = batchSpace(new Box([0, -1], [1, 1], [2], 'float64'), 3) as Box;
      assert.ok(b.equals(new Box([0, -1, 0, -1, 0, -1], [1, 1, 1, 1, 1, 1], [3, 2], 'float64')));
    });

    it('turns Discrete into MultiDiscrete (start kept), MultiDiscrete and MultiBinary into integer Boxes', () => {
      assert.ok(batchSpace(new Discrete(4, 2), 3).equals(new MultiDiscrete([4, 4, 4], [2, 2, 2])));
      assert.ok(batchSpace(new MultiDiscrete([3, 2], [1, 0]), 2).equals(new Box([1, 0, 1, 0], [3, 1, 3, 1], [2, 2], 'int32')));
      assert.ok(batchSpace(new MultiBinary([2, 2]), 3).equals(new Box(0, 1, [3, 2, 2], 'int8')));
    });

    it('batches Dict and Tuple subspace by subspace', () => {
      const d = batchSpace(new Dict({ b: new Discrete(2), a: new Tuple([new Box(0, 1, [1]), new MultiBinary(2)]) }), 2);
      assert.ok(
        d.equals(new Dict({ a: new Tuple([new Box(0, 1, [2, 1]), new Box(0, 1, [2, 2], 'int8')]), b: new MultiDiscrete([2, 2]) })),
      );
    });

    it('starts the batched space from a copy of the single space generator, as Gymnasium', () => {
      const single = new Discrete(1000, 0, 5);
      const batched = batchSpace(single, 2);
      assert.notEqual(batched.npRandom, single.npRandom);
      assert.deepEqual(batched.npRandom.state, single.npRandom.state);
      const twin = batchSpace(new Discrete(1000, 0, 5), 2);
      assert.deepEqual(arr(batched.sample()), arr(twin.sample()));
    });

    it('rejects a bad count and unsupported spaces', () => {
      assert.equal(messageOf(() => batchSpace(new Discrete(2), 0)), 'batchSpace n must be a positive integer; got 0.');
      class Odd extends Space<string> {
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
          return 'Odd()';
        }
      }
      assert.equal(messageOf(() => batchSpace(new Odd(), 2)), 'batchSpace does not support Odd().');
      assert.throws(() => createEmptyArray(new Odd(), 2), /Odd\(\) is not an array space/);
    });
  });

  describe('concatenate and iterate', () => {
    const spaces: Space<unknown>[] = [
      new Box(-1, 1, [2, 2], 'float32'),
      new Box(0, 9, [3], 'uint8'),
      new Discrete(5, -2),
      new MultiDiscrete([3, 4], [0, 1]),
      new MultiBinary(3),
      new Dict({ pos: new Box(0, 1, [2]), choice: new Discrete(3) }),
      new Tuple([new Discrete(2), new Tuple([new MultiBinary(2), new Box(-5, 5, [1], 'float64')])]),
    ];

    it('round-trips seeded items through a batch that the batched space contains', () => {
      spaces.forEach((s, k) => {
        s.seed(40 + k);
        const items = draws(s, 4);
        const batch = concatenate(s, items);
        assert.ok(batchSpace(s, 4).contains(batch), `${s.toString()} batch`);
        const back = iterate(s, batch, 4);
        assert.equal(back.length, 4);
        back.forEach((x, i) => {
          assert.ok(s.contains(x));
          assert.ok(dataEquivalence(x, items[i], true), `${s.toString()} item ${i}`);
        });
      });
    });

    it('lays array items out row-major in one typed array of the batch dtype', () => {
      const s = new MultiDiscrete([3, 4]);
      const batch = concatenate(s, [Int32Array.of(1, 2), [0, 3]]);
      assert.ok(batch instanceof Int32Array);
      assert.deepEqual(arr(batch), [1, 2, 0, 3]);
      const d = concatenate(new Discrete(3), [2, 0, 1]);
      assert.ok(d instanceof Int32Array);
      assert.deepEqual(arr(d), [2, 0, 1]);
      assert.ok(concatenate(new MultiBinary(2), [Int8Array.of(1, 0)]) instanceof Int8Array);
    });

    it('iterates with views into the batch', () => {
      const s = new Box(0, 10, [2]);
      const batch = concatenate(s, [Float32Array.of(1, 2), Float32Array.of(3, 4)]) as Float32Array;
      const second = itemAt(s, batch, 1) as Float32Array;
      assert.deepEqual(arr(second), [3, 4]);
      batch[2] = 9;
      assert.equal(second[0], 9);
    });

    it('creates zeroed batches and checks item sizes', () => {
      const empty = createEmptyArray(new Dict({ a: new Box(0, 1, [2]), b: new Tuple([new Discrete(2)]) }), 3) as Record<string, unknown>;
      assert.deepEqual(arr(empty.a), [0, 0, 0, 0, 0, 0]);
      assert.deepEqual(arr((empty.b as unknown[])[0]), [0, 0, 0]);
      const out = createEmptyArray(new Box(0, 1, [2]), 2);
      assert.equal(messageOf(() => writeItem(new Box(0, 1, [2]), Float32Array.of(1), out, 0)), 'Element for Box(0.0, 1.0, (2,), float32) has 1 entries; expected 2.');
    });
  });
});
