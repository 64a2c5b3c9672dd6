import { strict as assert } from 'node:assert';
import { encodeDirect, ownsItsBuffer } from '../../../bridge/protocol/direct-encoder.ts';
import { decode, encode, encodeGeneral } from '../../../bridge/protocol/msgpack.ts';
import { Shaped, WireBools } from '../../../bridge/protocol/array-codec.ts';
import { VectorHandle } from '../../../bridge/server/handles.ts';
import { spec } from '../../../src/registry/registry.ts';
import { Generator } from '../../../src/random/generator.ts';
import '../../../envs/index.ts';

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** The fast path must take `v` and write exactly what the general path (wire walk + msgpackr) writes. */
function same(v: unknown, what: string): void {
  const fast = encodeDirect(v);
  assert.ok(fast !== null, `${what}: the fast path refused it`);
  assert.equal(hex(fast), hex(encodeGeneral(v)), what);
}

const NUMBERS = [
  0, -0, 1, 31, 32, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, -1, -32, -33, -128, -129, -32768, -32769,
  -(2 ** 31), -(2 ** 31) - 1, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 0.5, -1.25, NaN, Infinity, -Infinity, 1e300, 5e-324,
];
const STRINGS = ['', 'a', 'x'.repeat(31), 'x'.repeat(32), 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(255), 'x'.repeat(256), 'x'.repeat(65535), 'x'.repeat(65536),
  'é'.repeat(16), 'é'.repeat(200), '日本語'.repeat(30), '😀'.repeat(7), '😀'.repeat(70), '\ud800', 'a\udc00b', 'x'.repeat(80) + '\ud83d', '\ud83d\ud83d\ude00'];

describe('bridge/protocol/direct-encoder', () => {
  it('writes numbers, strings, and every header size byte for byte as the general path', () => {
    for (const n of NUMBERS) same(n, `number ${n}`);
    for (const s of STRINGS) same(s, `string of ${s.length} UTF-16 units`);
    for (const v of [null, undefined, true, false]) same(v, String(v));
    for (const len of [0, 15, 16, 65535, 65536]) {
      same(Array.from({ length: len }, (_, i) => i), `list of ${len}`);
      same(Object.fromEntries(Array.from({ length: len }, (_, i) => [`k${i}`, i])), `map of ${len}`);
    }
  });

  it('writes typed arrays, Shaped and WireBools as {dtype, shape, data}, with every bin header size', () => {
    for (const a of [new Float32Array([1, -2.5]), new Float64Array(3), new Int8Array([-1, 2]), new Int16Array(100), new Int32Array(70_000), new Uint8Array(0), new Uint16Array([65535]), new Uint32Array([2 ** 32 - 1]), Buffer.from([1, 2, 3])]) {
      same(a, `${a.constructor.name}(${a.length})`);
    }
    same(new Float32Array(new ArrayBuffer(64), 8, 4), 'a view into a larger buffer');
    same(new Shaped(new Float32Array(6), [2, 3]), 'Shaped (2, 3)');
    same(new WireBools(new Uint8Array([1, 0, 1])), 'WireBools');
  });

  it('leaves out undefined, function and symbol map entries and writes undefined list entries as nil, as the general path', () => {
    same({ a: 1, b: undefined, c: () => 1, d: Symbol('x'), e: [undefined, null] }, 'dropped entries');
    same(Object.assign(Object.create(null) as object, { a: 1 }), 'a null-prototype object');
  });

  it('matches the general path on random nested values (property)', () => {
    const g = new Generator(7);
    const leaf = (): unknown => {
      switch (g.integers(0, 6)) {
        case 0: return NUMBERS[g.integers(0, NUMBERS.length)];
        case 1: return STRINGS[g.integers(0, 17)];
        case 2: return g.random() < 0.5;
        case 3: return null;
        case 4: return new Float64Array([g.random(), -g.random()]);
        default: return new WireBools(new Uint8Array([1, 0]));
      }
    };
    const value = (depth: number): unknown => {
      const r = g.random();
      if (depth > 3 || r < 0.4) return leaf();
      if (r < 0.7) return Array.from({ length: g.integers(0, 20) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: g.integers(0, 20) }, (_, i) => [g.random() < 0.2 ? STRINGS[g.integers(0, 14)]! : `k${i}`, value(depth + 1)]));
    };
    for (let i = 0; i < 300; i++) same(value(0), `random value ${i}`);
  });

  it('writes real vector replies (64 envs, infos, both flag forms, episode ends) as the general path', () => {
    for (const boolArrays of [false, true]) {
      const h = new VectorHandle(spec('EdgeLLM-v0'), { config: { horizon: 5 }, cost: 64, infos: true, numEnvs: 64, autoreset: 'next-step', boolArrays });
      same({ id: 1, ok: true, ...h.reset(3, undefined) }, 'reset reply');
      const action = { cache: new Int8Array(64 * 20).fill(1), local: new Float32Array(64 * 20).fill(0.25) };
      for (let t = 0; t < 12; t++) same({ id: t, ok: true, ...h.step(action) }, `step reply ${t} (boolArrays ${boolArrays})`);
      h.close();
    }
  });

  it('leaves to the general path what it does not cover, which then encodes or refuses as before', () => {
    class Point {
      x = 1;
    }
    let deep: unknown = 1;
    for (let i = 0; i < 150; i++) deep = [deep];
    for (const v of [new Map([['a', 1]]), new Set([1]), new Error('e'), new Point(), { t: new Date(0) }, 10n, { __proto__x: 1, constructor: 1 }, deep, new DataView(new ArrayBuffer(2)), [() => 1], { toJSON: undefined, p: new Point() }]) {
      assert.equal(encodeDirect(v), null, String(v));
    }
    assert.deepEqual(decode(encode({ m: new Map([['a', 1]]), p: new Point() })), { m: { a: 1 }, p: { x: 1 } });
    assert.throws(() => encode({ constructor: 1 }), /constructor/);
    assert.throws(() => encode(deep), /deeper than 100/);
    assert.throws(() => encode([() => 1]), /function cannot be sent/);
  });

  it('gives each frame a buffer of its own, exactly its length, safe to transfer', () => {
    const a = encode({ op: 'step', obs: new Float32Array(8) });
    const b = encode({ op: 'step', obs: new Float32Array(8) });
    for (const f of [a, b]) {
      assert.equal(f.byteOffset, 0);
      assert.equal(f.byteLength, f.buffer.byteLength);
      assert.ok(ownsItsBuffer(f));
    }
    const before = hex(b);
    structuredClone(a, { transfer: [a.buffer as ArrayBuffer] });
    assert.equal(a.byteLength, 0, 'the transferred frame is detached');
    assert.equal(hex(b), before, 'the other frame is untouched');
    assert.equal(ownsItsBuffer(encodeGeneral({ x: 1 })), false);
  });
});
