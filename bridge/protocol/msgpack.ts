/**
 * The MessagePack codec of the bridge, on msgpackr. Frames are plain msgpack that any library in any
 * language reads: nil, booleans, integers, float64, strings, bin, arrays and maps with string keys.
 *
 * Encoding takes a fast path first: `direct-encoder.ts` writes the frames of plain data (plain objects,
 * lists, strings, numbers, booleans, nil, typed arrays, {@link Shaped}, {@link WireBools}) straight into
 * a buffer of their own, byte for byte what the general path below writes (tests compare the two), and
 * leaves everything else to it. The general path is two steps. {@link encode} first maps the value onto that data model in one walk: typed
 * arrays, {@link Shaped} arrays and {@link WireBools} become `{dtype, shape, data}` maps (see `array-codec.ts`) whose `data`
 * is a `Uint8Array`, so the only byte view msgpackr ever sees is written as bin; objects with `toJSON`,
 * Maps, Sets and Errors become their plain forms; integers beyond 32 bits become `bigint` so that they go
 * out as int64 (msgpackr writes numbers outside the 32-bit ranges as float64). The walk copies only the
 * containers it changes. Then one `Packr`, configured below, writes the bytes: smallest map headers, no
 * records, no structured clone, no extension types, no string bundles, floats as float64 (never float32).
 * One loss: msgpackr writes `-0` as the integer 0, so the sign of zero does not cross the wire (NaN and
 * ±Infinity do, as float64).
 *
 * Decoding reads bytes from untrusted peers. msgpackr parses them with maps as `Map`s (so keys arrive as
 * written, neither coerced to strings nor renamed) and 64-bit integers as numbers; then one pass over the
 * result accepts only `Map`s with string keys, arrays, strings, numbers, booleans, nil and bins that are
 * views of the frame, builds plain objects from the maps (refusing `__proto__`, `constructor` and
 * `prototype` keys and nesting deeper than `maxDepth`), and turns `{dtype, shape, data}` maps into typed
 * arrays (small ones in pooled buffers, see `array-codec.ts`). Anything an extension type decodes to is refused there: dates, errors, regular expressions,
 * sets, big integers, typed arrays, `undefined`, and msgpackr records (plain objects, while every genuine
 * map arrives as a `Map`). msgpackr's errors (truncated or trailing input, unknown extension types)
 * become {@link MsgpackError}s. The one extension type the pass cannot see is msgpackr's private string
 * bundle: it only changes where the frame's strings sit, and decodes to plain strings.
 * @module
 */
import type { Packr, Unpackr } from 'msgpackr';
import { lazyRequire } from '../../src/utils/lazy-require.ts';
import { type DecodedArray, Shaped, WireBools, arrayFromWire, littleEndianBytes } from './array-codec.ts';
import { dtypeOf } from '../../src/spaces/dtype.ts';
import { encodeDirect } from './direct-encoder.ts';
import type { TypedArray } from '../../src/spaces/dtype.ts';

/** msgpackr, loaded on the first encode or decode (importing the package does not load it). */
const msgpackr = lazyRequire<typeof import('msgpackr')>('msgpackr');

/** A malformed or refused msgpack input, or a value that cannot be sent (the bridge answers a bad input with `bad_frame`). */
export class MsgpackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MsgpackError';
  }
}

// Standard msgpack only: no records, no structured clone, no extension types (moreTypes off, and no value
// that would need one reaches the packer), no string bundles, float64 for every non-integer, map headers
// sized to the map, nil for undefined, and no toJSON calls (`toWire` handles them).
const newPackr = (): Packr => new (msgpackr().Packr)({
  useRecords: false,
  structuredClone: false,
  moreTypes: false,
  bundleStrings: false,
  useFloat32: msgpackr().FLOAT32_OPTIONS.NEVER,
  variableMapSize: true,
  encodeUndefinedAsNil: true,
  useToJSON: false,
});

// Maps as `Map`s so that the check sees every key as sent; int64 as numbers (as precise as a float64);
// bins as views of the frame, which is how the check tells them from an extension's byte arrays.
const newUnpackr = (): Unpackr => new (msgpackr().Unpackr)({
  useRecords: false,
  mapsAsObjects: false,
  structuredClone: false,
  moreTypes: false,
  int64AsType: 'number',
  copyBuffers: false,
});

let packr: Packr | undefined;
let unpackr: Unpackr | undefined;

/**
 * Loads msgpackr and builds the codec now rather than on the first frame (a server calls it when it starts
 * serving, so that no session's first frame pays for it).
 */
export function prepareCodec(): void {
  packr ??= newPackr();
  unpackr ??= newUnpackr();
}

/** Map keys that could reach an object's prototype machinery; refused in both directions. */
function isReservedKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

function reservedKeyError(key: string): MsgpackError {
  return new MsgpackError(`map key ${JSON.stringify(key)} is not allowed (__proto__, constructor and prototype are refused); rename the field.`);
}

// ----------------------------------------------------------------------------------------------- encoder

const MAX_ENCODE_DEPTH = 100;
const INT32_MIN = -0x80000000;
const UINT32_MAX = 0xffffffff;

/** A safe integer outside the 32-bit ranges, which msgpackr would otherwise write as float64. */
function isWideInteger(v: number): boolean {
  return (v > UINT32_MAX || v < INT32_MIN) && Number.isSafeInteger(v);
}

function bigintToWire(v: bigint): number | bigint {
  if (v < BigInt(Number.MIN_SAFE_INTEGER) || v > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MsgpackError(`bigint ${v} is outside the safe integer range and cannot be sent.`);
  }
  const n = Number(v);
  return isWideInteger(n) ? v : n;
}

function typedArrayToWire(a: TypedArray, shape: readonly number[] | null): Record<string, unknown> {
  return { dtype: dtypeOf(a)!, shape: shape === null ? [a.length] : Array.from(shape), data: littleEndianBytes(a) };
}

/** The wire form of any value; `undefined` stays (msgpackr writes nil), functions and symbols throw. */
function toWire(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'number':
      return isWideInteger(v) ? BigInt(v) : v;
    case 'string':
    case 'boolean':
    case 'undefined':
      return v;
    case 'bigint':
      return bigintToWire(v);
    case 'object':
      return v === null ? v : objectToWire(v, depth);
    default:
      throw new MsgpackError(`a ${typeof v} cannot be sent.`);
  }
}

function objectToWire(v: object, depth: number): unknown {
  if (depth > MAX_ENCODE_DEPTH) throw new MsgpackError(`value nests deeper than ${MAX_ENCODE_DEPTH} levels (or is cyclic); it cannot be sent.`);
  if (Array.isArray(v)) return arrayToWire(v, depth);
  if (ArrayBuffer.isView(v)) {
    if (dtypeOf(v) === null) throw new MsgpackError(`${v.constructor.name} cannot be sent; convert it to one of the supported typed arrays.`);
    return typedArrayToWire(v as TypedArray, null);
  }
  if (v instanceof Shaped) return typedArrayToWire(v.array, v.shape);
  if (v instanceof WireBools) return { dtype: 'bool', shape: [v.bytes.length], data: v.bytes };
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto === Object.prototype || proto === null) return entriesToWire(v as Record<string, unknown>, depth, false);
  // Maps, Sets and Errors first: a library loaded in the same process may give them a toJSON of its own.
  if (v instanceof Map) return entriesToWire(Object.fromEntries([...v].map(([k, x]) => [String(k), x])) as Record<string, unknown>, depth + 1, false);
  if (v instanceof Set) return arrayToWire([...v], depth + 1);
  if (v instanceof Error) return entriesToWire({ name: v.name, message: v.message }, depth + 1, false);
  const toJSON = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return toWire(toJSON.call(v), depth + 1);
  // Any other class instance travels as a plain map of its own enumerable fields.
  return entriesToWire(v as Record<string, unknown>, depth, true);
}

/** Arrays are copied only when an element changes. */
function arrayToWire(a: readonly unknown[], depth: number): unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    let w: unknown = x;
    let changed = false;
    if (typeof x === 'number') {
      if (isWideInteger(x)) {
        w = BigInt(x);
        changed = true;
      }
    } else if (typeof x !== 'string' && typeof x !== 'boolean') {
      w = toWire(x, depth + 1);
      changed = w !== x;
    }
    if (changed && out === null) out = a.slice(0, i);
    if (out !== null) out.push(w);
  }
  return out ?? (a as unknown[]);
}

/**
 * A map's entries: `undefined`, function and symbol values are left out (as in JSON). Plain objects are
 * copied only when an entry changes; `fresh` forces a copy (class instances).
 */
function entriesToWire(obj: Record<string, unknown>, depth: number, fresh: boolean): Record<string, unknown> {
  let out: Record<string, unknown> | null = fresh ? {} : null;
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (isReservedKey(k)) throw reservedKeyError(k);
    const x = obj[k];
    let w: unknown = x;
    let changed = false;
    let drop = false;
    switch (typeof x) {
      case 'number':
        if (isWideInteger(x)) {
          w = BigInt(x);
          changed = true;
        }
        break;
      case 'string':
      case 'boolean':
        break;
      case 'undefined':
      case 'function':
      case 'symbol':
        drop = true;
        break;
      default:
        w = toWire(x, depth + 1);
        changed = w !== x;
    }
    if ((changed || drop) && out === null) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = obj[keys[j]!];
    }
    if (out !== null && !drop) out[k] = w;
  }
  return out ?? obj;
}

/**
 * Encodes a value as MessagePack. Typed arrays become `{dtype, shape: [length], data}` maps,
 * {@link Shaped} arrays carry their shape and {@link WireBools} become `bool` arrays; `undefined` map entries and functions are left out (as in
 * JSON), `undefined` in arrays becomes nil; objects with `toJSON` are sent as its result, Maps as maps,
 * Sets as arrays, Errors as `{name, message}`. Integers (safe ones) go out as msgpack ints, every other
 * number as float64; `-0` goes out as the integer 0.
 * @returns a buffer owned by the caller (no later call writes to it).
 * @throws {MsgpackError} for values that cannot be sent (symbols, functions, huge bigints, cycles, map
 *   keys `__proto__`, `constructor` and `prototype`).
 */
export function encode(value: unknown): Uint8Array {
  return encodeDirect(value) ?? encodeGeneral(value);
}

/**
 * {@link encode} without its fast path (`direct-encoder.ts`): the wire walk and msgpackr. Both give the
 * same bytes for every value the fast path takes (tests compare them); exported for those tests.
 * @throws {MsgpackError} as {@link encode}.
 */
export function encodeGeneral(value: unknown): Uint8Array {
  const wire = toWire(value, 0);
  let packed: Uint8Array;
  try {
    packed = (packr ??= newPackr()).pack(wire);
  } catch (e) {
    throw new MsgpackError(`the value could not be encoded: ${(e as Error).message}`);
  }
  return new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength);
}

// ----------------------------------------------------------------------------------------------- decoder

/** Options of {@link decode}. */
export interface DecodeOptions {
  /** Deepest nesting accepted (default 64). */
  maxDepth?: number;
  /** Turn `{dtype, shape, data}` maps into typed arrays (default `true`). */
  arrays?: boolean;
  /**
   * Remember each decoded array's wire shape for `wireShapeOf` (default `true`; the server reads the
   * shapes of actions, a client reading replies does not and decodes faster without).
   */
  shapes?: boolean;
}

// The frame being checked (bins must be views of it) and the options of the current decode.
let frameBuffer: ArrayBufferLike | null = null;
let depthLimit = 64;
let buildArrays = true;
let keepShapes = true;

/** What a refused decoded value is, for the error message. */
function describe(v: unknown): string {
  if (v === undefined) return 'undefined (extension type 0)';
  if (typeof v === 'bigint') return 'a big integer (extension type 0x42)';
  if (typeof v !== 'object' || v === null) return `a ${typeof v}`;
  const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
  if (proto === Object.prototype) return 'a msgpackr record (extension type 0x72)';
  if (v instanceof Uint8Array && !(v.buffer === frameBuffer)) return 'a byte array that is not a bin of this frame (extension type 0x74)';
  return `an instance of ${proto?.constructor?.name ?? 'a class without a name'}`;
}

function refused(v: unknown): MsgpackError {
  if (v === msgpackr().C1) return new MsgpackError('byte 0xc1 is not a valid msgpack type.');
  return new MsgpackError(`msgpack extension types are not part of the protocol (the frame holds ${describe(v)}); send only standard types, and arrays as {dtype, shape, data} maps.`);
}

/** Values may sit at most `depthLimit` levels below the top (so containers there must be empty). */
function tooDeep(): MsgpackError {
  return new MsgpackError(`input nests deeper than ${depthLimit} levels.`);
}

/** Checks one decoded value and returns its protocol form (plain objects for maps, typed arrays for wire arrays). */
function fromWire(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'number':
    case 'string':
    case 'boolean':
      return v;
    case 'object':
      if (v === null) return v;
      break;
    default:
      throw refused(v);
  }
  const ctor = (v as { constructor?: unknown }).constructor;
  if (ctor === Map) {
    const m = v as Map<unknown, unknown>;
    if (depth >= depthLimit && m.size > 0) throw tooDeep();
    return mapFromWire(m, depth);
  }
  if (ctor === Array) {
    const a = v as unknown[];
    if (depth >= depthLimit && a.length > 0) throw tooDeep();
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (typeof x === 'object' || (typeof x !== 'number' && typeof x !== 'string' && typeof x !== 'boolean')) a[i] = fromWire(x, depth + 1);
    }
    return a;
  }
  // A bin is a view of the frame; an extension's byte array is a copy.
  if (v instanceof Uint8Array && v.buffer === frameBuffer) return v;
  throw refused(v);
}

function keyKind(key: unknown): string {
  if (key === null) return 'a nil';
  if (Array.isArray(key)) return 'an array';
  if (key instanceof Map) return 'a map';
  return `a ${typeof key}`;
}

/**
 * The typed array of a `{dtype, shape, data}` map that needs no walk (a string dtype, a list of numbers
 * as shape, a bin of this frame as data), or `null` to take the general path, which checks the entries
 * one by one and words the refusals.
 */
function plainWireArray(m: Map<unknown, unknown>, depth: number): unknown {
  const data = m.get('data');
  if (!(data instanceof Uint8Array) || data.buffer !== frameBuffer || depth + 1 >= depthLimit) return null;
  const dtype = m.get('dtype');
  const shape = m.get('shape');
  if (typeof dtype !== 'string' || !Array.isArray(shape) || !m.has('shape')) return null;
  for (let i = 0; i < shape.length; i++) if (typeof shape[i] !== 'number') return null;
  try {
    return arrayFromWire(dtype, shape, data, keepShapes) as DecodedArray;
  } catch (e) {
    throw new MsgpackError(`invalid array: ${(e as Error).message}`);
  }
}

function mapFromWire(m: Map<unknown, unknown>, depth: number): unknown {
  if (buildArrays && m.size === 3) {
    const a = plainWireArray(m, depth);
    if (a !== null) return a;
  }
  const out: Record<string, unknown> = {};
  for (const [key, x] of m) {
    if (typeof key !== 'string') throw new MsgpackError(`map keys must be strings; got ${keyKind(key)} key.`);
    if (isReservedKey(key)) throw reservedKeyError(key);
    out[key] = typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean' ? x : fromWire(x, depth + 1);
  }
  if (buildArrays && m.size === 3 && out.data instanceof Uint8Array && 'dtype' in out && 'shape' in out) {
    try {
      return arrayFromWire(out.dtype, out.shape, out.data, keepShapes) as DecodedArray;
    } catch (e) {
      throw new MsgpackError(`invalid array: ${(e as Error).message}`);
    }
  }
  return out;
}

/** msgpackr's parse errors, as the bridge reports them. */
function parseError(e: unknown): MsgpackError {
  const err = e as { message?: unknown; incomplete?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(e);
  if (e instanceof RangeError && /call stack/i.test(message)) {
    return new MsgpackError(`input nests too deeply to decode (at most ${depthLimit} levels are accepted).`);
  }
  if (err?.incomplete === true || /^Unexpected end/.test(message)) {
    return new MsgpackError('truncated input: the frame ends inside a value.');
  }
  if (message.startsWith('Data read, but end of buffer not reached')) {
    return new MsgpackError('trailing byte(s) after the value; send exactly one msgpack map per frame.');
  }
  if (/extension|typed array|Record id/i.test(message)) {
    return new MsgpackError(`msgpack extension types are not part of the protocol (${message}); send only standard types, and arrays as {dtype, shape, data} maps.`);
  }
  return new MsgpackError(`malformed msgpack: ${message}`);
}

/**
 * Decodes one MessagePack value that must fill `bytes` exactly. `{dtype, shape, data}` maps become typed
 * arrays (`boolean[]` for dtype `bool`), copied out of `bytes`; other bins are views of `bytes`.
 * @throws {MsgpackError} for truncated or trailing input, extension types, non-string or reserved map
 *   keys (`__proto__`, `constructor`, `prototype`), nesting deeper than `maxDepth`, and malformed arrays.
 */
export function decode(bytes: Uint8Array, options: DecodeOptions = {}): unknown {
  depthLimit = options.maxDepth ?? 64;
  buildArrays = options.arrays ?? true;
  keepShapes = options.shapes ?? true;
  let parsed: unknown;
  try {
    parsed = (unpackr ??= newUnpackr()).unpack(bytes);
  } catch (e) {
    throw parseError(e);
  }
  frameBuffer = bytes.buffer;
  try {
    return fromWire(parsed, 0);
  } finally {
    frameBuffer = null;
  }
}
