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
    assert.equal((infos.vec as unknown[])[0], null);
    assert.deepEqual(arr((infos.vec as unknown[])[1]), [1, 2]);
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
