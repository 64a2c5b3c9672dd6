import { strict as assert } from 'node:assert';
import { DTYPES, allocate, arrayType, canCast, checkDType, dtypeOf, dtypeRange, isDType, isFloat, promote, typedArrayOfLength } from '../../../src/spaces/dtype.ts';
import { messageOf } from '../helpers.ts';

describe('src/spaces/dtype', () => {
  it('maps names to typed arrays and back', () => {
    for (const d of DTYPES) {
      const a = allocate(d, 3);
      assert.equal(a.length, 3);
      assert.ok(a.every((v) => v === 0));
      assert.equal(dtypeOf(a), d);
      assert.ok(new (arrayType(d))(2) instanceof a.constructor);
    }
    assert.equal(dtypeOf([1, 2]), null);
    assert.equal(dtypeOf(new BigInt64Array(1)), null);
    assert.ok(isDType('uint16'));
    assert.ok(!isDType('int64'));
    assert.ok(isFloat('float64') && !isFloat('int8'));
    const view = new (arrayType('int16'))(new ArrayBuffer(8), 2, 2);
    assert.equal(view.length, 2);
  });

  it('recognises a typed array of an exact length, and nothing else', () => {
    const a = new Int8Array(4);
    assert.equal(typedArrayOfLength(a, 4), a);
    assert.equal(typedArrayOfLength(a, 5), null);
    assert.equal(typedArrayOfLength([0, 1, 0, 1], 4), null);
    assert.equal(typedArrayOfLength(new BigInt64Array(4), 4), null);
    assert.equal(typedArrayOfLength(new DataView(new ArrayBuffer(4)), 4), null);
  });

  it('rejects unknown dtypes naming the field and the accepted values', () => {
    assert.equal(checkDType('int8'), 'int8');
    assert.match(messageOf(() => checkDType('int64', 'Box dtype')), /^Box dtype must be one of float32, float64, int8, int16, int32, uint8, uint16, uint32; got "int64"\.$/);
  });

  it("follows NumPy's safe casting", () => {
    const cases: [string, string, boolean][] = [
      ['int8', 'int16', true],
      ['int16', 'int8', false],
      ['uint8', 'int8', false],
      ['uint8', 'int16', true],
      ['int8', 'uint8', false],
      ['uint32', 'int32', false],
      ['int16', 'float32', true],
      ['int32', 'float32', false],
      ['int32', 'float64', true],
      ['uint32', 'float64', true],
      ['float32', 'float64', true],
      ['float64', 'float32', false],
      ['float32', 'int32', false],
    ];
    for (const [a, b, want] of cases) assert.equal(canCast(a as never, b as never), want, `${a} → ${b}`);
  });

  it("promotes like NumPy's result_type, within the supported types", () => {
    assert.equal(promote('int8', 'uint8'), 'int16');
    assert.equal(promote('int32', 'float32'), 'float64');
    assert.equal(promote('int8', 'float32'), 'float32');
    assert.equal(promote('uint16', 'float32'), 'float32');
    assert.equal(promote('uint8', 'uint16'), 'uint16');
    assert.equal(promote('float64', 'int8'), 'float64');
    // NumPy gives int64; with no 64-bit integer array the exact common type is float64
    assert.equal(promote('uint32', 'int32'), 'float64');
  });

  it('gives integer ranges and infinite float ranges', () => {
    assert.deepEqual(dtypeRange('int8'), [-128, 127]);
    assert.deepEqual(dtypeRange('uint16'), [0, 65535]);
    assert.deepEqual(dtypeRange('int32'), [-2147483648, 2147483647]);
    assert.deepEqual(dtypeRange('float32'), [-Infinity, Infinity]);
  });
});
