import { strict as assert } from 'node:assert';
import { pack, unpack } from 'msgpackr';
import { decode, encode, MsgpackError } from '../../../bridge/protocol/msgpack.ts';
import { Shaped } from '../../../bridge/protocol/array-codec.ts';
import { Generator } from '../../../src/random/generator.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

describe('bridge/protocol/msgpack', () => {
  it('writes the standard formats (golden bytes)', () => {
    assert.equal(hex(encode({ a: 1 })), '81a16101');
    assert.equal(hex(encode([true, false, null])), '93c3c2c0');
    assert.equal(hex(encode(-1)), 'ff');
    assert.equal(hex(encode(-33)), 'd0df');
    assert.equal(hex(encode(200)), 'ccc8');
    assert.equal(hex(encode(70000)), 'ce00011170');
    assert.equal(hex(encode(2 ** 40)), 'cf0000010000000000');
    assert.equal(hex(encode(-(2 ** 40))), 'd3ffffff0000000000');
    assert.equal(hex(encode(1.5)), 'cb3ff8000000000000');
    assert.equal(hex(encode(-0)), 'cb8000000000000000');
    assert.equal(hex(encode(NaN)), 'cb7ff8000000000000');
    assert.equal(hex(encode(Infinity)), 'cb7ff0000000000000');
    assert.equal(hex(encode('é')), 'a2c3a9');
    assert.equal(hex(encode(new Float32Array([1]))), '83a56474797065a7666c6f61743332a5736861706591' + '01a464617461c4040000803f');
  });

  it('round-trips values exactly, including -0, NaN, infinities and unicode', () => {
    const value = {
      ints: [0, 1, -1, 127, 128, -32, -33, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
      floats: [0.1, -0, NaN, Infinity, -Infinity, 1e308, 5e-324],
      s: 'slot κ — 😀'.repeat(20),
      nested: { deep: [{ x: [[]] }], empty: {} },
      b: [true, false],
      n: null,
    };
    const back = decode(encode(value)) as typeof value;
    assert.deepEqual(back.ints, value.ints);
    assert.ok(Object.is(back.floats[1], -0));
    assert.ok(Number.isNaN(back.floats[2]));
    assert.deepEqual(back.floats.filter((x) => !Number.isNaN(x)), value.floats.filter((x) => !Number.isNaN(x)));
    assert.equal(back.s, value.s);
    assert.deepEqual(back.nested, value.nested);
    assert.deepEqual(back.b, value.b);
    assert.equal(back.n, null);
  });

  it('round-trips random nested values (property)', () => {
    const rng = new Generator(7);
    const gen = (depth: number): unknown => {
      const k = rng.integers(0, depth > 3 ? 5 : 8);
      switch (k) {
        case 0:
          return rng.integers(-1e9, 1e9);
        case 1:
          return rng.normal() * 1e6;
        case 2:
          return `s${rng.integers(0, 1e6)}`;
        case 3:
          return rng.random() < 0.5;
        case 4:
          return null;
        case 5:
          return Array.from({ length: rng.integers(0, 20) }, () => gen(depth + 1));
        case 6:
          return Object.fromEntries(Array.from({ length: rng.integers(0, 20) }, (_, i) => [`k${i}`, gen(depth + 1)]));
        default:
          return Float64Array.from({ length: rng.integers(0, 10) }, () => rng.normal());
      }
    };
    for (let i = 0; i < 300; i++) {
      const v = gen(0);
      assert.deepEqual(decode(encode(v)), v);
    }
  });

  it('sends typed arrays as {dtype, shape, data} and rebuilds them (copies, not views)', () => {
    const arrays = [
      new Float32Array([1.5, -2, NaN]),
      new Float64Array([Math.PI, -0]),
      new Int8Array([-128, 127]),
      new Int16Array([-32768, 32767]),
      new Int32Array([-(2 ** 31), 2 ** 31 - 1]),
      new Uint8Array([0, 255]),
      new Uint16Array([65535]),
      new Uint32Array([2 ** 32 - 1]),
    ];
    for (const a of arrays) {
      const frame = encode({ a });
      const back = (decode(frame) as { a: typeof a }).a;
      assert.equal(back.constructor, a.constructor);
      assert.deepEqual(Buffer.from(back.buffer, back.byteOffset, back.byteLength), Buffer.from(a.buffer));
      frame.fill(0);
      assert.deepEqual(Buffer.from(back.buffer, back.byteOffset, back.byteLength), Buffer.from(a.buffer));
    }
    const shaped = decode(encode(new Shaped(new Float32Array(6), [2, 3]))) as Float32Array;
    assert.equal(shaped.length, 6);
    const raw = decode(encode(new Shaped(new Float32Array(6), [2, 3])), { arrays: false }) as { shape: number[] };
    assert.deepEqual(raw.shape, [2, 3]);
  });

  it('writes frames a plain msgpack library reads, and reads frames it writes', () => {
    const value = { id: 3, op: 'step', handle: 1, action: { cache: [1, 0, 1], local: [0.5, 0.25, 1] }, nested: { a: [1, 'x', null, true] } };
    assert.deepEqual(unpack(Buffer.from(encode(value))), value);
    assert.deepEqual(decode(pack(value)), value);
    const arr = unpack(Buffer.from(encode({ obs: new Float32Array([1, 2]) }))) as { obs: { dtype: string; shape: number[]; data: Uint8Array } };
    assert.equal(arr.obs.dtype, 'float32');
    assert.deepEqual(arr.obs.shape, [2]);
    assert.deepEqual([...new Float32Array(new Uint8Array(arr.obs.data).buffer)], [1, 2]);
  });

  it('refuses extension types, truncated or trailing input, bad keys and deep nesting', () => {
    const refuse = (b: Uint8Array, pattern: RegExp): void => assert.throws(() => decode(b), (e: unknown) => e instanceof MsgpackError && pattern.test(e.message));
    refuse(bytes('d40000'), /extension/);
    refuse(bytes('c70174ff'), /extension/);
    refuse(bytes('d6ff00000000'), /extension/);
    refuse(bytes('c1'), /not a valid/);
    refuse(bytes('81a161'), /truncated/);
    refuse(bytes('0102'), /trailing/);
    refuse(bytes('810101'), /keys must be strings/);
    refuse(bytes('dd7fffffff'), /does not fit/);
    refuse(bytes('df7fffffff'), /does not fit/);
    refuse(new Uint8Array(200).fill(0x91), /deeper/);
    refuse(encode({ dtype: 'float16', shape: [1], data: new Uint8Array(0) }).map((x) => x), /invalid array/);
  });

  it('keeps __proto__ keys as own data (no prototype pollution)', () => {
    const frame = bytes('81a95f5f70726f746f5f5f81a17801');
    const obj = decode(frame) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(obj), Object.prototype);
    assert.deepEqual(Object.keys(obj), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('refuses values that cannot be sent', () => {
    assert.throws(() => encode([Symbol('x')]), MsgpackError);
    assert.deepEqual(decode(encode({ s: Symbol('x'), f: () => 1, u: undefined, k: 1 })), { k: 1 });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => encode(cyclic), /deeper than 100/);
    assert.throws(() => encode(2n ** 70n), /safe integer/);
  });
});
