import { strict as assert } from 'node:assert';
import { addInfo, type VectorInfo } from '../../../src/vector/vector-info.ts';
import { arr } from '../helpers.ts';

describe('src/vector/vector-info', () => {
  it('stacks numbers into Float64Arrays and booleans into arrays, with _key masks', () => {
    const infos: VectorInfo = {};
    addInfo(infos, { cost: 1.5, ok: true }, 0, 3);
    addInfo(infos, { cost: 2 }, 2, 3);
    assert.ok(infos.cost instanceof Float64Array);
    assert.deepEqual(arr(infos.cost), [1.5, 0, 2]);
    assert.deepEqual(infos._cost, [true, false, true]);
    assert.deepEqual(infos.ok, [true, false, false]);
    assert.deepEqual(infos._ok, [true, false, false]);
  });

  it('keeps other values in arrays with null where absent', () => {
    const infos: VectorInfo = {};
    addInfo(infos, { name: 'a', vec: Float32Array.of(1, 2) }, 1, 2);
    assert.deepEqual(infos.name, [null, 'a']);
    assert.deepEqual(infos._name, [false, true]);
    assert.ok(infos.vec instanceof Float32Array, 'typed arrays are stacked as Gymnasium stacks NumPy arrays');
    assert.deepEqual(arr(infos.vec), [0, 0, 1, 2]);
    assert.deepEqual(infos._vec, [false, true]);
  });

  it('falls back to a plain array when one key holds different kinds', () => {
    const infos: VectorInfo = {};
    addInfo(infos, { v: Float32Array.of(1, 2) }, 0, 3);
    addInfo(infos, { v: Float32Array.of(1, 2, 3) }, 1, 3);
    addInfo(infos, { v: 'x' }, 2, 3);
    const v = infos.v as unknown[];
    assert.deepEqual(arr(v[0]), [1, 2]);
    assert.deepEqual(arr(v[1]), [1, 2, 3]);
    assert.equal(v[2], 'x');
  });

  it('recurses into nested plain objects, with masks at every level', () => {
    const infos: VectorInfo = {};
    addInfo(infos, { episode: { r: 3, l: 2 } }, 0, 2);
    addInfo(infos, { episode: { r: 5, l: 4 } }, 1, 2);
    const ep = infos.episode as VectorInfo;
    assert.deepEqual(arr(ep.r), [3, 5]);
    assert.deepEqual(ep._r, [true, true]);
    assert.deepEqual(arr(ep.l), [2, 4]);
    assert.deepEqual(infos._episode, [true, true]);
  });

  it('widens a numeric key to a plain array when another sub-environment gives something else', () => {
    const infos: VectorInfo = {};
    addInfo(infos, { v: 1 }, 0, 2);
    addInfo(infos, { v: 'x' }, 1, 2);
    assert.ok(Array.isArray(infos.v));
    assert.deepEqual(infos.v, [1, 'x']);
    assert.deepEqual(infos._v, [true, true]);
  });

  it('returns the object it merged into', () => {
    const infos: VectorInfo = {};
    assert.equal(addInfo(infos, {}, 0, 1), infos);
    assert.deepEqual(infos, {});
  });
});
