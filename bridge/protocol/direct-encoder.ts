/**
 * The bridge's fast encoder: writes the frames that `msgpack.ts` would write, byte for byte, straight
 * from the values, in two passes over them (measure, then write into a buffer of exactly that size).
 * It covers what frames are made of: plain objects (with string keys, `undefined`, function and symbol
 * entries left out), arrays, strings, numbers, booleans, `null`/`undefined`, typed arrays, `Shaped` and
 * `WireBools`. A typed array's bytes are copied once, into the frame; no intermediate `{dtype, shape,
 * data}` objects are built, and each frame has a buffer of its own (a server hands it to another thread
 * without copying it first). For anything else (Maps, Sets, Errors, class instances, `toJSON`, bigints,
 * reserved keys, nesting past the encoder's limit, unsupported typed arrays) it returns `null` and
 * `msgpack.ts` takes its general path, which also words the refusals.
 *
 * The encoding rules are those of the general path (msgpackr configured as in `msgpack.ts`): integers
 * in the 32-bit ranges as the smallest msgpack int (positive fixints up to 127, `-0` as 0), other safe
 * integers as int64, every other number as float64; strings as UTF-8 (lone surrogates as U+FFFD) with the
 * smallest header for their byte length; maps and arrays with the smallest header for their size; bins
 * with the smallest header for their length. Short map keys (and the `dtype`, `shape` and `data` keys of
 * every array) are encoded once and kept, since frames repeat them.
 * @module
 */
import { Shaped, WireBools, littleEndianBytes } from './array-codec.ts';
import { dtypeOf } from '../../src/spaces/dtype.ts';
import type { TypedArray } from '../../src/spaces/dtype.ts';

/** Deepest nesting the fast path handles (the general path refuses deeper values with a message). */
const MAX_DEPTH = 100;
const INT32_MIN = -0x80000000;
const UINT32_MAX = 0xffffffff;

/** Thrown inside the passes when a value needs the general path. */
const UNSUPPORTED: unique symbol = Symbol('unsupported');

/** Whether `v` is a plain object (the only objects written as maps here). */
function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether a map value is left out of the frame (as in JSON). */
function dropped(x: unknown): boolean {
  const t = typeof x;
  return t === 'undefined' || t === 'function' || t === 'symbol';
}

function isReservedKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

function headerSize(n: number, small: number): number {
  return n < small ? 1 : n < 0x10000 ? 3 : 5;
}

/** UTF-8 length of `s` (lone surrogates count 3 bytes, as U+FFFD). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if ((c & 0xfc00) === 0xd800 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function strHeader(n: number): number {
  return n < 0x20 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
}

function binSize(n: number): number {
  return (n < 0x100 ? 2 : n < 0x10000 ? 3 : 5) + n;
}

function numberSize(v: number): number {
  if (v >>> 0 === v) return v < 0x80 ? 1 : v < 0x100 ? 2 : v < 0x10000 ? 3 : 5;
  if (v >> 0 === v) return v >= -0x20 ? 1 : v >= -0x80 ? 2 : v >= -0x8000 ? 3 : 5;
  return 9; // float64, or int64 for the wide safe integers
}

/** The `{dtype, shape, data}` map of an array: the map header, three keys, the dtype, the shape list and the bin. */
const ARRAY_KEYS_BYTES = 1 + 6 + 6 + 5; // fixmap(3) + fixstr "dtype" + fixstr "shape" + fixstr "data"

function wireArraySize(dtype: string, shape: readonly number[], bytes: number): number {
  let n = ARRAY_KEYS_BYTES + 1 + dtype.length + headerSize(shape.length, 0x10);
  for (let i = 0; i < shape.length; i++) n += numberSize(shape[i]!);
  return n + binSize(bytes);
}

/** Map keys of at most this many UTF-16 units are kept encoded (frames repeat their keys every time). */
const CACHED_KEY_LENGTH = 32;
/** Most keys kept (a bound on the memory of the cache; keys past it are encoded each time). */
const MAX_CACHED_KEYS = 4096;
const encodedKeys = new Map<string, Uint8Array>();

/** A short string's encoding (header and UTF-8 bytes), cached; `null` for a long one or a full cache. */
function encodedKey(s: string): Uint8Array | null {
  let e = encodedKeys.get(s);
  if (e !== undefined) return e;
  if (s.length > CACHED_KEY_LENGTH || encodedKeys.size >= MAX_CACHED_KEYS) return null;
  const n = utf8Length(s);
  const w = new Writer(strHeader(n) + n);
  w.string(s);
  e = w.out;
  encodedKeys.set(s, e);
  return e;
}

/** Bytes of a map key. */
function keySize(k: string): number {
  const e = encodedKey(k);
  if (e !== null) return e.length;
  const n = utf8Length(k);
  return strHeader(n) + n;
}

/** Bytes of the frame of `v`; throws {@link UNSUPPORTED} for what the general path must handle. */
function sizeOf(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'number':
      return numberSize(v);
    case 'string': {
      const n = utf8Length(v);
      return strHeader(n) + n;
    }
    case 'boolean':
    case 'undefined':
      return 1;
    case 'object':
      break;
    default:
      throw UNSUPPORTED;
  }
  if (v === null) return 1;
  if (depth > MAX_DEPTH) throw UNSUPPORTED;
  if (Array.isArray(v)) {
    let n = headerSize(v.length, 0x10);
    for (let i = 0; i < v.length; i++) n += sizeOf(v[i], depth + 1);
    return n;
  }
  if (ArrayBuffer.isView(v)) {
    const dtype = dtypeOf(v);
    if (dtype === null) throw UNSUPPORTED;
    return wireArraySize(dtype, [(v as TypedArray).length], v.byteLength);
  }
  if (v instanceof Shaped) return wireArraySize(dtypeOf(v.array)!, v.shape, v.array.byteLength);
  if (v instanceof WireBools) return wireArraySize('bool', [v.bytes.length], v.bytes.length);
  if (!isPlain(v)) throw UNSUPPORTED;
  const obj = v as Record<string, unknown>;
  let entries = 0;
  let n = 0;
  for (const k of Object.keys(obj)) {
    if (isReservedKey(k)) throw UNSUPPORTED;
    const x = obj[k];
    if (dropped(x)) continue;
    entries++;
    n += keySize(k) + sizeOf(x, depth + 1);
  }
  return n + headerSize(entries, 0x10);
}

/** Writes frames into one buffer; `pos` is the next byte. */
class Writer {
  readonly out: Uint8Array;
  private readonly view: DataView;
  pos = 0;

  constructor(size: number) {
    // A buffer of the frame's own, not zero-filled: every byte is written (`encodeDirect` checks that
    // exactly `size` were, and drops the frame otherwise).
    const buffer = Buffer.allocUnsafeSlow(size).buffer as ArrayBuffer;
    this.out = new Uint8Array(buffer, 0, size);
    this.view = new DataView(buffer, 0, size);
  }

  private header(n: number, fix: number, small: number, code16: number): void {
    const o = this.out;
    if (n < small) o[this.pos++] = fix | n;
    else if (n < 0x10000) {
      o[this.pos++] = code16;
      o[this.pos++] = n >> 8;
      o[this.pos++] = n & 0xff;
    } else {
      o[this.pos++] = code16 + 1;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
  }

  number(v: number): void {
    const o = this.out;
    if (v >>> 0 === v) {
      if (v < 0x80) o[this.pos++] = v;
      else if (v < 0x100) {
        o[this.pos++] = 0xcc;
        o[this.pos++] = v;
      } else if (v < 0x10000) {
        o[this.pos++] = 0xcd;
        this.view.setUint16(this.pos, v);
        this.pos += 2;
      } else {
        o[this.pos++] = 0xce;
        this.view.setUint32(this.pos, v);
        this.pos += 4;
      }
    } else if (v >> 0 === v) {
      if (v >= -0x20) o[this.pos++] = 0x100 + v;
      else if (v >= -0x80) {
        o[this.pos++] = 0xd0;
        o[this.pos++] = v + 0x100;
      } else if (v >= -0x8000) {
        o[this.pos++] = 0xd1;
        this.view.setInt16(this.pos, v);
        this.pos += 2;
      } else {
        o[this.pos++] = 0xd2;
        this.view.setInt32(this.pos, v);
        this.pos += 4;
      }
    } else if ((v > UINT32_MAX || v < INT32_MIN) && Number.isSafeInteger(v)) {
      o[this.pos++] = 0xd3;
      this.view.setBigInt64(this.pos, BigInt(v));
      this.pos += 8;
    } else {
      o[this.pos++] = 0xcb;
      this.view.setFloat64(this.pos, v);
      this.pos += 8;
    }
  }

  string(s: string): void {
    const o = this.out;
    const n = utf8Length(s);
    if (n < 0x20) o[this.pos++] = 0xa0 | n;
    else if (n < 0x100) {
      o[this.pos++] = 0xd9;
      o[this.pos++] = n;
    } else this.header(n, 0, 0, 0xda);
    let p = this.pos;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) o[p++] = c;
      else if (c < 0x800) {
        o[p++] = (c >> 6) | 0xc0;
        o[p++] = (c & 0x3f) | 0x80;
      } else if ((c & 0xfc00) === 0xd800 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c & 0x3ff) << 10) + (s.charCodeAt(++i) & 0x3ff);
        o[p++] = (c >> 18) | 0xf0;
        o[p++] = ((c >> 12) & 0x3f) | 0x80;
        o[p++] = ((c >> 6) & 0x3f) | 0x80;
        o[p++] = (c & 0x3f) | 0x80;
      } else if ((c & 0xf800) === 0xd800) {
        o[p++] = 0xef;
        o[p++] = 0xbf;
        o[p++] = 0xbd;
      } else {
        o[p++] = (c >> 12) | 0xe0;
        o[p++] = ((c >> 6) & 0x3f) | 0x80;
        o[p++] = (c & 0x3f) | 0x80;
      }
    }
    this.pos = p;
  }

  private bin(bytes: Uint8Array): void {
    const o = this.out;
    const n = bytes.length;
    if (n < 0x100) {
      o[this.pos++] = 0xc4;
      o[this.pos++] = n;
    } else this.header(n, 0, 0, 0xc5);
    o.set(bytes, this.pos);
    this.pos += n;
  }

  /** Writes `s` as a map key (from the cache of encoded keys when it is there). */
  key(s: string): void {
    const e = encodedKey(s);
    if (e === null) return this.string(s);
    const o = this.out;
    const p = this.pos;
    for (let i = 0; i < e.length; i++) o[p + i] = e[i]!;
    this.pos = p + e.length;
  }

  private wireArray(dtype: string, shape: readonly number[], bytes: Uint8Array): void {
    this.out[this.pos++] = 0x83;
    this.key('dtype');
    this.key(dtype);
    this.key('shape');
    this.header(shape.length, 0x90, 0x10, 0xdc);
    for (let i = 0; i < shape.length; i++) this.number(shape[i]!);
    this.key('data');
    this.bin(bytes);
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        return this.number(v);
      case 'string':
        return this.string(v);
      case 'boolean':
        this.out[this.pos++] = v ? 0xc3 : 0xc2;
        return;
      case 'undefined':
        this.out[this.pos++] = 0xc0;
        return;
    }
    if (v === null) {
      this.out[this.pos++] = 0xc0;
      return;
    }
    if (Array.isArray(v)) {
      this.header(v.length, 0x90, 0x10, 0xdc);
      for (let i = 0; i < v.length; i++) this.value(v[i]);
      return;
    }
    if (ArrayBuffer.isView(v)) {
      const a = v as TypedArray;
      return this.wireArray(dtypeOf(a)!, [a.length], littleEndianBytes(a));
    }
    if (v instanceof Shaped) return this.wireArray(dtypeOf(v.array)!, v.shape, littleEndianBytes(v.array));
    if (v instanceof WireBools) return this.wireArray('bool', [v.bytes.length], v.bytes);
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    let entries = 0;
    for (let i = 0; i < keys.length; i++) if (!dropped(obj[keys[i]!])) entries++;
    this.header(entries, 0x80, 0x10, 0xde);
    for (let i = 0; i < keys.length; i++) {
      const x = obj[keys[i]!];
      if (dropped(x)) continue;
      this.key(keys[i]!);
      this.value(x);
    }
  }
}

/**
 * The frame of `value` as `msgpack.ts`'s `encode` writes it, in a buffer of its own of exactly the
 * frame's length, or `null` when `value` holds something only the general path handles (see the module
 * comment).
 */
export function encodeDirect(value: unknown): Uint8Array | null {
  let size: number;
  try {
    size = sizeOf(value, 0);
  } catch (e) {
    if (e === UNSUPPORTED) return null;
    throw e;
  }
  const w = new Writer(size);
  try {
    w.value(value);
  } catch {
    return null; // a getter that answered differently the second time: the general path reads once
  }
  if (w.pos !== size) return null;
  OWN_BUFFERS.add(w.out);
  return w.out;
}

/** Frames written here: each has a buffer of its own, exactly its length. */
const OWN_BUFFERS = new WeakSet<Uint8Array>();

/**
 * Whether `frame` came from {@link encodeDirect}, so that its buffer is its own, exactly its length, shared
 * with nothing: it may be transferred to another thread as it is (other frames are copied first).
 */
export function ownsItsBuffer(frame: Uint8Array): boolean {
  return OWN_BUFFERS.has(frame);
}
