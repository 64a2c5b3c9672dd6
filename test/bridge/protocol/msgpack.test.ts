import { strict as assert } from 'node:assert';
import { Packr, pack, unpack } from 'msgpackr';
import { decode, encode, MsgpackError } from '../../../bridge/protocol/msgpack.ts';
import { Shaped, WireBools, wireShapeOf } from '../../../bridge/protocol/array-codec.ts';
import { Generator } from '../../../src/random/generator.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/ /g, ''), 'hex'));

/** Asserts that decoding `h` throws a MsgpackError whose message matches `pattern`. */
function refuses(h: string | Uint8Array, pattern: RegExp): void {
  const b = typeof h === 'string' ? bytes(h) : h;
  assert.throws(
    () => decode(b),
    (e: unknown) => e instanceof MsgpackError && pattern.test(e.message),
    `${typeof h === 'string' ? h : 'frame'} should be refused with ${pattern}`,
  );
}

describe('bridge/protocol/msgpack', () => {
  it('writes the standard formats (golden bytes)', () => {
    assert.equal(hex(encode({ a: 1 })), '81a16101');
    assert.equal(hex(encode([true, false, null])), '93c3c2c0');
    assert.equal(hex(encode(127)), '7f');
    assert.equal(hex(encode(-1)), 'ff');
    assert.equal(hex(encode(-33)), 'd0df');
    assert.equal(hex(encode(200)), 'ccc8');
    assert.equal(hex(encode(70000)), 'ce00011170');
    assert.equal(hex(encode(2 ** 32 - 1)), 'ceffffffff');
    assert.equal(hex(encode(-(2 ** 31))), 'd280000000');
    // Integers beyond 32 bits are int64, not float64.
    assert.equal(hex(encode(2 ** 32)), 'd30000000100000000');
    assert.equal(hex(encode(2 ** 40)), 'd30000010000000000');
    assert.equal(hex(encode(-(2 ** 40))), 'd3ffffff0000000000');
    assert.equal(hex(encode(Number.MAX_SAFE_INTEGER)), 'd3001fffffffffffff');
    assert.equal(hex(encode(5n)), '05');
    assert.equal(hex(encode(2n ** 40n)), 'd30000010000000000');
    // Every other number is float64, also when float32 would hold it exactly.
    assert.equal(hex(encode(2 ** 53)), 'cb4340000000000000');
    assert.equal(hex(encode(1.5)), 'cb3ff8000000000000');
    assert.equal(hex(encode(0.5)), 'cb3fe0000000000000');
    assert.equal(hex(encode(NaN)), 'cb7ff8000000000000');
    assert.equal(hex(encode(Infinity)), 'cb7ff0000000000000');
    assert.equal(hex(encode(-Infinity)), 'cbfff0000000000000');
    // msgpackr writes -0 as the integer 0.
    assert.equal(hex(encode(-0)), '00');
    assert.equal(hex(encode('é')), 'a2c3a9');
    assert.equal(hex(encode(undefined)), 'c0');
    assert.equal(hex(encode([undefined])), '91c0');
    // Smallest headers for maps, arrays, strings and bins.
    const map16 = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i.toString(16)}`, 0]));
    assert.equal(hex(encode(map16)).slice(0, 6), 'de0010');
    assert.equal(hex(encode(new Array(16).fill(0))).slice(0, 6), 'dc0010');
    assert.equal(hex(encode('x'.repeat(32))).slice(0, 4), 'd920');
    assert.equal(hex(encode(new Float32Array([1]))), '83a56474797065a7666c6f61743332a5736861706591' + '01a464617461c4040000803f');
  });

  it('writes array data as bin, never as an extension', () => {
    const cases: [ArrayBufferView, string][] = [
      [new Float64Array(40), 'c50140'],
      [new Int16Array(200), 'c50190'],
      [new Uint8Array(70000), 'c600011170'],
      [Buffer.alloc(3), 'c403'],
    ];
    for (const [a, binHeader] of cases) {
      const h = hex(encode({ a }));
      const dataAt = h.indexOf('a464617461'); // the "data" key
      assert.ok(dataAt > 0, h.slice(0, 80));
      assert.equal(h.slice(dataAt + 10, dataAt + 10 + binHeader.length), binHeader, a.constructor.name);
    }
    assert.deepEqual(decode(encode(Buffer.from([1, 2]))), new Uint8Array([1, 2]));
  });

  it('round-trips values exactly, except the sign of zero', () => {
    const value = {
      ints: [0, 1, -1, 127, 128, -32, -33, 255, 256, 65535, 65536, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
      floats: [0.1, NaN, Infinity, -Infinity, 1e308, 5e-324, -1.5, 2 ** 53, 3.4028234663852886e38],
      s: 'slot κ — 😀'.repeat(20),
      nested: { deep: [{ x: [[]] }], empty: {} },
      b: [true, false],
      n: null,
    };
    const back = decode(encode(value)) as typeof value;
    assert.deepEqual(back, value);
    assert.ok(Number.isNaN(back.floats[1]));
    // -0 crosses the wire as +0, in scalars and in plain lists; typed arrays keep it (their bytes travel).
    assert.ok(Object.is(decode(encode(-0)), 0));
    assert.ok(Object.is((decode(encode({ r: [-0] })) as { r: number[] }).r[0], 0));
    assert.ok(Object.is((decode(encode(new Float64Array([-0]))) as Float64Array)[0], -0));
    // A float64 -0 written by another library decodes as -0.
    assert.ok(Object.is(decode(bytes('cb8000000000000000')), -0));
  });

  it('round-trips random nested values (property)', () => {
    const rng = new Generator(7);
    const gen = (depth: number): unknown => {
      const k = rng.integers(0, depth > 3 ? 6 : 9);
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
          return Math.round(rng.normal() * 2 ** 50);
        case 6:
          return Array.from({ length: rng.integers(0, 20) }, () => gen(depth + 1));
        case 7:
          return Object.fromEntries(Array.from({ length: rng.integers(0, 20) }, (_, i) => [`k${i}`, gen(depth + 1)]));
        default:
          return Float64Array.from({ length: rng.integers(0, 10) }, () => rng.normal());
      }
    };
    for (let i = 0; i < 300; i++) {
      const v = gen(0);
      const frame = encode(v);
      assert.deepEqual(decode(frame), v);
      assert.doesNotThrow(() => unpack(Buffer.from(frame)));
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
    const raw = decode(encode(new Shaped(new Float32Array(6), [2, 3])), { arrays: false }) as { shape: number[]; data: Uint8Array };
    assert.deepEqual(raw.shape, [2, 3]);
    assert.equal(raw.data.length, 24);
  });

  it('sends WireBools as a bool array that decodes to the same list as the plain booleans', () => {
    const list = [true, false, false, true];
    const frame = encode({ m: WireBools.of(list) });
    const raw = unpack(frame) as { m: { dtype: string; shape: number[]; data: Uint8Array } };
    assert.deepEqual({ ...raw.m, data: [...raw.m.data] }, { dtype: 'bool', shape: [4], data: [1, 0, 0, 1] });
    assert.deepEqual(decode(frame), decode(encode({ m: list })));
    assert.deepEqual(decode(frame), { m: list });
  });

  it('decodes frames that sit inside a larger buffer (as WebSocket messages may)', () => {
    const frame = encode({ obs: new Float32Array([1, 2]), bin: { dtype: 'uint8', shape: [2], data: new Uint8Array([7, 8]) } });
    const pool = Buffer.alloc(frame.length + 13);
    pool.set(frame, 13);
    const back = decode(pool.subarray(13)) as { obs: Float32Array; bin: Uint8Array };
    assert.deepEqual([...back.obs], [1, 2]);
    assert.deepEqual([...back.bin], [7, 8]);
  });

  it('records wire shapes unless told not to (shapes: false, what clients decode replies with), with the same values', () => {
    const frame = encode({ obs: new Shaped(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]), flags: new WireBools(new Uint8Array([1, 0])) });
    const kept = decode(frame) as { obs: Float32Array; flags: boolean[] };
    const bare = decode(frame, { shapes: false }) as { obs: Float32Array; flags: boolean[] };
    assert.deepEqual(wireShapeOf(kept.obs), [2, 3]);
    assert.equal(wireShapeOf(bare.obs), undefined);
    assert.deepEqual([...bare.obs], [...kept.obs]);
    assert.deepEqual(bare.flags, [true, false]);
  });

  it('words a malformed {dtype, shape, data} map the same on the direct path and the checked one', () => {
    const bad = (dtype: unknown, shape: unknown, data: Uint8Array) => pack(new Map<unknown, unknown>([['dtype', dtype], ['shape', shape], ['data', data]]));
    assert.throws(() => decode(bad('float32', [3], new Uint8Array(8))), /invalid array: array data has 8 bytes but dtype float32 and shape \[3\] need 12/);
    assert.throws(() => decode(bad('float16', [1], new Uint8Array(2))), /invalid array: array dtype must be one of/);
    assert.throws(() => decode(bad(7, [1], new Uint8Array(4))), /invalid array: array dtype must be one of/);
    assert.throws(() => decode(bad('float32', ['1'], new Uint8Array(4))), /invalid array: array shape must be/);
    assert.throws(() => decode(bad('float32', [1], new Uint8Array(4)), { maxDepth: 1 }), /nests deeper than 1/);
  });

  it('hands each encode its own bytes', () => {
    const a = encode({ x: 'first' });
    const copy = hex(a);
    for (let i = 0; i < 2000; i++) encode({ x: 'y'.repeat(i % 50), i });
    assert.equal(hex(a), copy);
    assert.equal(Object.getPrototypeOf(a), Uint8Array.prototype);
  });

  it('writes frames a plain msgpack decoder reads, and reads frames a plain encoder writes', () => {
    const value = { id: 3, op: 'step', handle: 1, action: { cache: [1, 0, 1], local: [0.5, 0.25, 1] }, nested: { a: [1, 'x', null, true] } };
    assert.deepEqual(unpack(Buffer.from(encode(value))), value);
    assert.deepEqual(decode(pack(value)), value);
    assert.deepEqual(decode(new Packr({ useRecords: false, useFloat32: 1 }).pack({ x: 1.5 })), { x: 1.5 });
    const arr = unpack(Buffer.from(encode({ obs: new Float32Array([1, 2]) }))) as { obs: { dtype: string; shape: number[]; data: Uint8Array } };
    assert.equal(arr.obs.dtype, 'float32');
    assert.deepEqual(arr.obs.shape, [2]);
    assert.deepEqual([...new Float32Array(new Uint8Array(arr.obs.data).buffer)], [1, 2]);
  });

  it('refuses every extension type, whatever msgpackr would build from it', () => {
    refuses('d40000', /extension.*undefined/); // type 0: undefined
    refuses('d6ff00000001', /extension.*Date/); // timestamp
    refuses('d46500 93a54572726f72a178c0', /extension.*Error/);
    refuses('d47800 92a161a167', /extension.*RegExp/);
    refuses('d47300 9101', /extension.*Set/);
    refuses('c70942 010000000000000000', /extension.*big integer/);
    refuses('c70274 0105', /extension.*0x74/); // a Uint8Array that is no bin of the frame
    refuses('c70274 1005', /extension.*ArrayBuffer/);
    refuses('c70174ff', /extension/);
    refuses('92 d47240 91a161 01 40 02', /extension.*record/); // msgpackr record definition and use
    refuses('92 d5726000 91a161 01 03', /extension.*record/);
    refuses('d669 00000001 9100', /extension/); // structured clone
    refuses('d670 00000001', /extension/);
    refuses('d41000', /extension/);
    refuses('c7017240', /extension/);
    // A record defined in a refused frame is not remembered: 0x40 is the integer 64 again.
    assert.deepEqual(decode(bytes('9140')), [64]);
  });

  it('decodes msgpackr string bundles (its one extension the value check cannot see) into plain strings', () => {
    const frame = new Packr({ useRecords: false, bundleStrings: true }).pack({ op: 'hello', text: 'a longer string here' });
    assert.ok(frame.includes(0x62)); // the bundle extension type
    assert.deepEqual(decode(frame), { op: 'hello', text: 'a longer string here' });
  });

  it('refuses malformed, truncated or trailing input, bad keys and deep nesting', () => {
    refuses('c1', /0xc1 is not a valid/);
    refuses('91c1', /0xc1 is not a valid/);
    refuses('', /truncated/);
    refuses('81a161', /truncated/);
    refuses('cb00', /truncated/);
    refuses('c40501', /truncated/);
    refuses('0102', /trailing/);
    refuses('810101', /keys must be strings; got a number/);
    refuses('81c001', /keys must be strings; got a nil/);
    refuses('81910101', /keys must be strings; got an array/);
    refuses('dd7fffffff', /truncated/);
    refuses('df7fffffff', /truncated/);
    const deep = (n: number): Uint8Array => {
      const b = new Uint8Array(n + 1).fill(0x91);
      b[n] = 0x01;
      return b;
    };
    refuses(deep(200), /deeper than 64/);
    refuses(deep(200_000), /too deeply/);
    assert.doesNotThrow(() => decode(deep(64)));
    refuses(deep(65), /deeper than 64/);
    assert.throws(() => decode(deep(10), { maxDepth: 5 }), /deeper than 5/);
    refuses(encode({ dtype: 'float16', shape: [1], data: new Uint8Array(0) }), /invalid array/);
    refuses(encode({ dtype: 'float32', shape: [3], data: new Uint8Array(8) }), /invalid array/);
    // After any refusal the next frame decodes normally.
    assert.deepEqual(decode(encode({ ok: true })), { ok: true });
  });

  it('refuses __proto__, constructor and prototype keys (no prototype pollution)', () => {
    refuses('81a95f5f70726f746f5f5f81a17801', /"__proto__" is not allowed/);
    refuses('81ab636f6e7374727563746f7201', /"constructor" is not allowed/);
    refuses('81a970726f746f7479706501', /"prototype" is not allowed/);
    refuses('81a161 81a95f5f70726f746f5f5f01', /"__proto__" is not allowed/); // nested
    assert.equal(({} as Record<string, unknown>).x, undefined);
    const own = JSON.parse('{"__proto__": {"x": 1}}') as object;
    assert.throws(() => encode(own), (e: unknown) => e instanceof MsgpackError && /"__proto__" is not allowed/.test(e.message));
    assert.throws(() => encode({ constructor: 1 }), /"constructor" is not allowed/);
  });

  it('sends Maps, Sets, Errors, Dates and class instances as plain data', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const back = decode(
      encode({ m: new Map<unknown, unknown>([[1, 'a'], ['b', 2]]), s: new Set([1, 2]), e: new RangeError('bad'), d: new Date(0), p: new Point(1, 2), re: /x/g }),
    );
    assert.deepEqual(back, { m: { 1: 'a', b: 2 }, s: [1, 2], e: { name: 'RangeError', message: 'bad' }, d: '1970-01-01T00:00:00.000Z', p: { x: 1, y: 2 }, re: {} });
  });

  it('refuses values that cannot be sent', () => {
    assert.throws(() => encode([Symbol('x')]), MsgpackError);
    assert.throws(() => encode([() => 1]), MsgpackError);
    assert.deepEqual(decode(encode({ s: Symbol('x'), f: () => 1, u: undefined, k: 1 })), { k: 1 });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => encode(cyclic), /deeper than 100/);
    assert.throws(() => encode(2n ** 70n), /safe integer/);
    assert.throws(() => encode(new DataView(new ArrayBuffer(2))), /DataView cannot be sent/);
    assert.throws(() => encode(new BigInt64Array(1)), /BigInt64Array cannot be sent/);
  });
});
