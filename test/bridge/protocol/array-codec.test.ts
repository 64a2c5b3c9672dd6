import { strict as assert } from 'node:assert';
import { POOLED_BYTES, Shaped, WireBools, arrayFromWire, littleEndianBytes, wireItemSize, WIRE_DTYPES } from '../../../bridge/protocol/array-codec.ts';

describe('bridge/protocol/array-codec', () => {
  it('reads little-endian bytes of every dtype (golden values)', () => {
    assert.deepEqual([...(arrayFromWire('float32', [1], new Uint8Array([0, 0, 0x80, 0x3f])) as Float32Array)], [1]);
    assert.deepEqual([...(arrayFromWire('int16', [2], new Uint8Array([0xff, 0x7f, 0x00, 0x80])) as Int16Array)], [32767, -32768]);
    assert.deepEqual([...(arrayFromWire('uint32', [1], new Uint8Array([1, 0, 0, 0])) as Uint32Array)], [1]);
    assert.deepEqual([...(arrayFromWire('float64', [1], new Uint8Array([0, 0, 0, 0, 0, 0, 0xf0, 0x3f])) as Float64Array)], [1]);
    assert.deepEqual(arrayFromWire('bool', [3], new Uint8Array([1, 0, 1])), [true, false, true]);
    assert.equal(wireItemSize('int8'), 1);
    assert.deepEqual(WIRE_DTYPES.length, 9);
  });

  it('returns aligned copies even from unaligned input', () => {
    const frame = new Uint8Array(9);
    frame.set([0, 0, 0, 0x80, 0x3f, 0, 0, 0, 0x40], 0);
    const a = arrayFromWire('float32', [2], frame.subarray(1)) as Float32Array;
    assert.deepEqual([...a], [1, 2]);
    frame.fill(0);
    assert.deepEqual([...a], [1, 2]);
  });

  it('round-trips through littleEndianBytes', () => {
    const a = new Int32Array([1, -2, 3]);
    assert.deepEqual([...(arrayFromWire('int32', [3], littleEndianBytes(a)) as Int32Array)], [1, -2, 3]);
  });

  it('names what is wrong with a malformed array', () => {
    assert.throws(() => arrayFromWire('float16', [1], new Uint8Array(2)), /dtype must be one of/);
    assert.throws(() => arrayFromWire('int64', [1], new Uint8Array(8)), /dtype must be one of/);
    assert.throws(() => arrayFromWire('float32', [-1], new Uint8Array(0)), /shape must be/);
    assert.throws(() => arrayFromWire('float32', 'x', new Uint8Array(0)), /shape must be/);
    assert.throws(() => arrayFromWire('float32', [3], new Uint8Array(8)), /8 bytes but dtype float32 and shape \[3\] need 12/);
    assert.throws(() => arrayFromWire('float32', [2 ** 20, 2 ** 20], new Uint8Array(0)), /at most/);
    assert.throws(() => arrayFromWire('bool', [1], new Uint8Array([2])), /must be 0 or 1/);
  });

  it('keeps small decoded arrays apart in their shared pool, and intact across later decodes', () => {
    const kept: Float64Array[] = [];
    for (let i = 0; i < 400; i++) {
      const src = new Float64Array(1 + (i % 7)).map((_, j) => i * 10 + j);
      const frame = new Uint8Array(src.byteLength + 3);
      frame.set(new Uint8Array(src.buffer), 3);
      const a = arrayFromWire('float64', [src.length], frame.subarray(3)) as Float64Array;
      frame.fill(0xff);
      assert.equal(a.byteOffset % 8, 0);
      kept.push(a);
    }
    kept.forEach((a, i) => assert.deepEqual([...a], Array.from({ length: 1 + (i % 7) }, (_, j) => i * 10 + j)));
    // Pooled: two small arrays share a buffer; an array above the threshold has its own.
    assert.equal(kept[0]!.buffer, kept[1]!.buffer);
    const big = arrayFromWire('uint8', [POOLED_BYTES + 1], new Uint8Array(POOLED_BYTES + 1)) as Uint8Array;
    assert.equal(big.buffer.byteLength, POOLED_BYTES + 1);
  });

  it('turns boolean lists into bool bytes, and nothing else', () => {
    assert.deepEqual([...WireBools.of([true, false, true])!.bytes], [1, 0, 1]);
    assert.deepEqual([...WireBools.of([])!.bytes], []);
    assert.equal(WireBools.of([true, 1]), null);
    assert.equal(WireBools.of([false, null]), null);
    assert.deepEqual(arrayFromWire('bool', [3], WireBools.of([true, false, true])!.bytes), [true, false, true]);
  });

  it('checks Shaped shapes', () => {
    assert.throws(() => new Shaped(new Float32Array(5), [2, 3]), /needs 6 entries/);
    assert.deepEqual(new Shaped(new Float32Array(6), [2, 3]).shape, [2, 3]);
  });
});
