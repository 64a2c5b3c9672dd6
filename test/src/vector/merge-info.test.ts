import { strict as assert } from 'node:assert';
import { mergeVectorInfo } from '../../../src/vector/merge-info.ts';
import { addInfo } from '../../../src/vector/vector-info.ts';
import { sliceBatch, writeBatchSlice } from '../../../src/vector/batch-slice.ts';
import { Box } from '../../../src/spaces/box.ts';
import { Dict } from '../../../src/spaces/dict.ts';
import { Discrete } from '../../../src/spaces/discrete.ts';
import { concatenate } from '../../../src/vector/batch.ts';

describe('src/vector/merge-info and batch-slice', () => {
  it('merging the infos of two slices equals the info built over all environments', () => {
    const infos = [{ a: 1, b: true, v: Int8Array.of(1, 2) }, { a: 2, c: 'x' }, { b: false, n: { q: 3 }, v: Int8Array.of(3, 4) }, { a: 4, n: { q: 5 } }];
    const whole = {};
    infos.forEach((info, i) => addInfo(whole, info, i, 4));
    const left = {};
    infos.slice(0, 2).forEach((info, i) => addInfo(left, info, i, 2));
    const right = {};
    infos.slice(2).forEach((info, i) => addInfo(right, info, i, 2));
    const merged = mergeVectorInfo(mergeVectorInfo({}, left, 0, 4, 2), right, 2, 4, 2);
    assert.deepEqual(Array.from(merged.v as Int8Array), [1, 2, 0, 0, 3, 4, 0, 0]);
    assert.deepEqual(merged, whole);
  });

  it('slices and writes back batches of composite spaces', () => {
    const space = new Dict({ x: new Box(0, 1, [2]), k: new Discrete(3) });
    space.seed(1);
    const items = Array.from({ length: 5 }, () => space.sample());
    const batch = concatenate(space, items) as { x: Float32Array; k: Int32Array };
    const part = sliceBatch(space, batch, 2, 4) as { x: Float32Array; k: Int32Array };
    assert.deepEqual(Array.from(part.k), [items[2]!.k, items[3]!.k]);
    assert.deepEqual(Array.from(part.x), [...items[2]!.x, ...items[3]!.x]);
    const out = concatenate(space, items.map(() => ({ x: new Float32Array(2), k: 0 }))) as { x: Float32Array; k: Int32Array };
    writeBatchSlice(space, part, out, 2);
    assert.deepEqual(Array.from(out.k), [0, 0, items[2]!.k, items[3]!.k, 0]);
  });
});
