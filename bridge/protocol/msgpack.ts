/**
 * The MessagePack codec of the bridge: a strict encoder and decoder for the subset the protocol uses.
 *
 * Why not a general-purpose library on this path: the decoder reads bytes from untrusted peers, so it
 * refuses every extension type (general decoders run extension handlers that build errors, regular
 * expressions, sets, big integers or shared record definitions from the input), caps nesting depth and
 * container sizes before allocating, and never lets a map key reach an object's prototype. The encoder
 * writes only standard types: integers in the smallest int/uint format when they are safe integers (and
 * not -0), every other number as float64 (so NaN, ±Infinity and -0 survive), strings, arrays, maps, and
 * typed arrays as `{dtype, shape, data}` maps (see `array-codec.ts`). Any msgpack library in any language
 * reads every frame.
 * @module
 */
import { type DecodedArray, Shaped, arrayFromWire, littleEndianBytes } from './array-codec.ts';
import { dtypeOf } from '../../src/spaces/dtype.ts';
import type { TypedArray } from '../../src/spaces/dtype.ts';

/** A malformed or refused msgpack input (the bridge answers it with `bad_frame`). */
export class MsgpackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MsgpackError';
  }
}

// ----------------------------------------------------------------------------------------------- encoder

let buf = new Uint8Array(64 * 1024);
let view = new DataView(buf.buffer);
let pos = 0;
const utf8 = new TextEncoder();

function ensure(extra: number): void {
  const need = pos + extra;
  if (need <= buf.length) return;
  let size = buf.length * 2;
  while (size < need) size *= 2;
  const next = new Uint8Array(size);
  next.set(buf.subarray(0, pos));
  buf = next;
  view = new DataView(buf.buffer);
}

function writeNumber(v: number): void {
  ensure(9);
  if (Number.isInteger(v) && Number.isSafeInteger(v) && !Object.is(v, -0)) {
    if (v >= 0) {
      if (v < 128) buf[pos++] = v;
      else if (v < 0x100) {
        buf[pos++] = 0xcc;
        buf[pos++] = v;
      } else if (v < 0x10000) {
        buf[pos++] = 0xcd;
        view.setUint16(pos, v);
        pos += 2;
      } else if (v < 0x100000000) {
        buf[pos++] = 0xce;
        view.setUint32(pos, v);
        pos += 4;
      } else {
        buf[pos++] = 0xcf;
        view.setUint32(pos, Math.floor(v / 0x100000000));
        view.setUint32(pos + 4, v >>> 0);
        pos += 8;
      }
    } else if (v >= -32) buf[pos++] = v & 0xff;
    else if (v >= -128) {
      buf[pos++] = 0xd0;
      view.setInt8(pos++, v);
    } else if (v >= -32768) {
      buf[pos++] = 0xd1;
      view.setInt16(pos, v);
      pos += 2;
    } else if (v >= -2147483648) {
      buf[pos++] = 0xd2;
      view.setInt32(pos, v);
      pos += 4;
    } else {
      buf[pos++] = 0xd3;
      view.setBigInt64(pos, BigInt(v));
      pos += 8;
    }
    return;
  }
  buf[pos++] = 0xcb;
  view.setFloat64(pos, v);
  pos += 8;
}

function writeString(s: string): void {
  // Short ASCII strings (keys, codes) take the fast path.
  const n = s.length;
  if (n < 32) {
    ensure(1 + n * 3);
    const start = pos;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      buf[start + 1 + i] = c;
    }
    if (ascii) {
      buf[start] = 0xa0 | n;
      pos = start + 1 + n;
      return;
    }
  }
  const bytes = utf8.encode(s);
  const len = bytes.length;
  ensure(5 + len);
  if (len < 32) buf[pos++] = 0xa0 | len;
  else if (len < 0x100) {
    buf[pos++] = 0xd9;
    buf[pos++] = len;
  } else if (len < 0x10000) {
    buf[pos++] = 0xda;
    view.setUint16(pos, len);
    pos += 2;
  } else {
    buf[pos++] = 0xdb;
    view.setUint32(pos, len);
    pos += 4;
  }
  buf.set(bytes, pos);
  pos += len;
}

function writeBin(bytes: Uint8Array): void {
  const len = bytes.length;
  ensure(5 + len);
  if (len < 0x100) {
    buf[pos++] = 0xc4;
    buf[pos++] = len;
  } else if (len < 0x10000) {
    buf[pos++] = 0xc5;
    view.setUint16(pos, len);
    pos += 2;
  } else {
    buf[pos++] = 0xc6;
    view.setUint32(pos, len);
    pos += 4;
  }
  buf.set(bytes, pos);
  pos += len;
}

function writeArrayHeader(n: number): void {
  ensure(5);
  if (n < 16) buf[pos++] = 0x90 | n;
  else if (n < 0x10000) {
    buf[pos++] = 0xdc;
    view.setUint16(pos, n);
    pos += 2;
  } else {
    buf[pos++] = 0xdd;
    view.setUint32(pos, n);
    pos += 4;
  }
}

function writeMapHeader(n: number): void {
  ensure(5);
  if (n < 16) buf[pos++] = 0x80 | n;
  else if (n < 0x10000) {
    buf[pos++] = 0xde;
    view.setUint16(pos, n);
    pos += 2;
  } else {
    buf[pos++] = 0xdf;
    view.setUint32(pos, n);
    pos += 4;
  }
}

function writeTypedArray(a: TypedArray, shape: readonly number[] | null): void {
  writeMapHeader(3);
  writeString('dtype');
  writeString(dtypeOf(a)!);
  writeString('shape');
  if (shape === null) {
    writeArrayHeader(1);
    writeNumber(a.length);
  } else {
    writeArrayHeader(shape.length);
    for (const d of shape) writeNumber(d);
  }
  writeString('data');
  writeBin(littleEndianBytes(a));
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function writeValue(v: unknown, depth: number): void {
  if (depth > 100) throw new MsgpackError('value nests deeper than 100 levels (or is cyclic); it cannot be sent.');
  switch (typeof v) {
    case 'number':
      writeNumber(v);
      return;
    case 'string':
      writeString(v);
      return;
    case 'boolean':
      ensure(1);
      buf[pos++] = v ? 0xc3 : 0xc2;
      return;
    case 'undefined':
      ensure(1);
      buf[pos++] = 0xc0;
      return;
    case 'bigint':
      if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) writeNumber(Number(v));
      else throw new MsgpackError(`bigint ${v} is outside the safe integer range and cannot be sent.`);
      return;
    case 'object':
      break;
    default:
      throw new MsgpackError(`a ${typeof v} cannot be sent.`);
  }
  if (v === null) {
    ensure(1);
    buf[pos++] = 0xc0;
    return;
  }
  if (Array.isArray(v)) {
    writeArrayHeader(v.length);
    for (let i = 0; i < v.length; i++) writeValue(v[i], depth + 1);
    return;
  }
  if (ArrayBuffer.isView(v)) {
    if (dtypeOf(v) === null) throw new MsgpackError(`${v.constructor.name} cannot be sent; convert it to one of the supported typed arrays.`);
    writeTypedArray(v as TypedArray, null);
    return;
  }
  if (v instanceof Shaped) {
    writeTypedArray(v.array, v.shape);
    return;
  }
  if (!isPlainObject(v)) {
    const toJSON = (v as { toJSON?: () => unknown }).toJSON;
    if (typeof toJSON === 'function') {
      writeValue(toJSON.call(v), depth + 1);
      return;
    }
    if (v instanceof Map) {
      writeValue(Object.fromEntries([...v].map(([k, x]) => [String(k), x])), depth + 1);
      return;
    }
    if (v instanceof Set) {
      writeValue([...v], depth + 1);
      return;
    }
    if (v instanceof Error) {
      writeValue({ name: v.name, message: v.message }, depth + 1);
      return;
    }
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  let count = 0;
  for (const k of keys) {
    const x = obj[k];
    if (x !== undefined && typeof x !== 'function' && typeof x !== 'symbol') count++;
  }
  writeMapHeader(count);
  for (const k of keys) {
    const x = obj[k];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    writeString(k);
    writeValue(x, depth + 1);
  }
}

/**
 * Encodes a value as MessagePack. Typed arrays become `{dtype, shape: [length], data}` maps and
 * {@link Shaped} arrays carry their shape; `undefined` map entries and functions are left out (as in
 * JSON), `undefined` in arrays becomes nil; objects with `toJSON` are sent as its result, Maps as maps,
 * Sets as arrays.
 * @returns a fresh buffer owned by the caller.
 * @throws {MsgpackError} for values that cannot be sent (symbols, huge bigints, cycles).
 */
export function encode(value: unknown): Uint8Array {
  pos = 0;
  try {
    writeValue(value, 0);
  } catch (e) {
    pos = 0;
    throw e;
  }
  const out = buf.slice(0, pos);
  pos = 0;
  if (buf.length > 16 * 1024 * 1024) {
    buf = new Uint8Array(64 * 1024);
    view = new DataView(buf.buffer);
  }
  return out;
}

// ----------------------------------------------------------------------------------------------- decoder

/** Options of {@link decode}. */
export interface DecodeOptions {
  /** Deepest nesting accepted (default 64). */
  maxDepth?: number;
  /** Turn `{dtype, shape, data}` maps into typed arrays (default `true`). */
  arrays?: boolean;
}

const utf8Decoder = new TextDecoder('utf-8');

// Map keys repeat in every frame: short ASCII keys are looked up in a small cache by a hash of their
// bytes (checked byte by byte on a hit) instead of being rebuilt each time.
const KEY_CACHE_SIZE = 4096;
const keyCacheBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(KEY_CACHE_SIZE);
const keyCacheStrings: string[] = new Array<string>(KEY_CACHE_SIZE);

class Reader {
  pos = 0;
  readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly maxDepth: number,
    readonly arrays: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw new MsgpackError(`truncated input: needed ${n} more byte(s) at offset ${this.pos} of ${this.bytes.length}.`);
    }
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  str(n: number): string {
    this.need(n);
    const start = this.pos;
    this.pos += n;
    if (n < 32) {
      const sub = this.bytes.subarray(start, start + n);
      for (let i = 0; i < n; i++) if (sub[i]! >= 0x80) return utf8Decoder.decode(sub);
      return String.fromCharCode.apply(null, sub as unknown as number[]);
    }
    return utf8Decoder.decode(this.bytes.subarray(start, start + n));
  }

  /** A map key: strings of up to 16 ASCII bytes go through the key cache. */
  key(depth: number): unknown {
    const b = this.bytes[this.pos];
    if (b === undefined || b < 0xa0 || b > 0xb0) return this.value(depth);
    const n = b & 0x1f;
    const start = this.pos + 1;
    if (start + n > this.bytes.length) return this.value(depth);
    let h = n;
    for (let i = start; i < start + n; i++) {
      const c = this.bytes[i]!;
      if (c >= 0x80) return this.value(depth);
      h = (Math.imul(h, 31) + c) | 0;
    }
    const slot = (h >>> 0) & (KEY_CACHE_SIZE - 1);
    const cached = keyCacheBytes[slot];
    if (cached !== undefined && cached.length === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (cached[i] !== this.bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.pos = start + n;
        return keyCacheStrings[slot];
      }
    }
    const sub = this.bytes.subarray(start, start + n);
    const str = String.fromCharCode.apply(null, sub as unknown as number[]);
    keyCacheBytes[slot] = Uint8Array.prototype.slice.call(sub);
    keyCacheStrings[slot] = str;
    this.pos = start + n;
    return str;
  }

  bin(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  array(n: number, depth: number): unknown[] {
    // Every element takes at least one byte: refuse counts the input cannot hold before allocating.
    if (n > this.bytes.length - this.pos) throw new MsgpackError(`array of ${n} elements does not fit in the remaining ${this.bytes.length - this.pos} bytes.`);
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = this.value(depth + 1);
    return out;
  }

  map(n: number, depth: number): unknown {
    if (2 * n > this.bytes.length - this.pos) throw new MsgpackError(`map of ${n} entries does not fit in the remaining ${this.bytes.length - this.pos} bytes.`);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const key = this.key(depth + 1);
      if (typeof key !== 'string') throw new MsgpackError(`map keys must be strings; got a ${key === null ? 'nil' : typeof key} key.`);
      const val = this.value(depth + 1);
      if (key === '__proto__') Object.defineProperty(out, key, { value: val, enumerable: true, writable: true, configurable: true });
      else out[key] = val;
    }
    if (this.arrays && n === 3 && out.data instanceof Uint8Array && 'dtype' in out && 'shape' in out) {
      try {
        return arrayFromWire(out.dtype, out.shape, out.data) as DecodedArray;
      } catch (e) {
        throw new MsgpackError(`invalid array: ${(e as Error).message}`);
      }
    }
    return out;
  }

  value(depth: number): unknown {
    if (depth > this.maxDepth) throw new MsgpackError(`input nests deeper than ${this.maxDepth} levels.`);
    const b = this.u8();
    if (b < 0x80) return b;
    if (b >= 0xe0) return b - 0x100;
    if (b < 0x90) return this.map(b & 0x0f, depth);
    if (b < 0xa0) return this.array(b & 0x0f, depth);
    if (b < 0xc0) return this.str(b & 0x1f);
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.bin(this.u8());
      case 0xc5:
        return this.bin(this.u16());
      case 0xc6:
        return this.bin(this.u32());
      case 0xca: {
        this.need(4);
        const v = this.view.getFloat32(this.pos);
        this.pos += 4;
        return v;
      }
      case 0xcb: {
        this.need(8);
        const v = this.view.getFloat64(this.pos);
        this.pos += 8;
        return v;
      }
      case 0xcc:
        return this.u8();
      case 0xcd:
        return this.u16();
      case 0xce:
        return this.u32();
      case 0xcf: {
        const hi = this.u32();
        return hi * 0x100000000 + this.u32();
      }
      case 0xd0: {
        this.need(1);
        return this.view.getInt8(this.pos++);
      }
      case 0xd1: {
        this.need(2);
        const v = this.view.getInt16(this.pos);
        this.pos += 2;
        return v;
      }
      case 0xd2: {
        this.need(4);
        const v = this.view.getInt32(this.pos);
        this.pos += 4;
        return v;
      }
      case 0xd3: {
        const hi = this.view.getInt32((this.need(8), this.pos));
        const lo = this.view.getUint32(this.pos + 4);
        this.pos += 8;
        return hi * 0x100000000 + lo;
      }
      case 0xd9:
        return this.str(this.u8());
      case 0xda:
        return this.str(this.u16());
      case 0xdb:
        return this.str(this.u32());
      case 0xdc:
        return this.array(this.u16(), depth);
      case 0xdd:
        return this.array(this.u32(), depth);
      case 0xde:
        return this.map(this.u16(), depth);
      case 0xdf:
        return this.map(this.u32(), depth);
      case 0xc7:
      case 0xc8:
      case 0xc9:
      case 0xd4:
      case 0xd5:
      case 0xd6:
      case 0xd7:
      case 0xd8:
        throw new MsgpackError(`msgpack extension types (byte 0x${b.toString(16)}) are not part of the protocol; send arrays as {dtype, shape, data} maps.`);
      default:
        throw new MsgpackError(`byte 0x${b.toString(16)} at offset ${this.pos - 1} is not a valid msgpack type.`);
    }
  }
}

/**
 * Decodes one MessagePack value that must fill `bytes` exactly. `{dtype, shape, data}` maps become typed
 * arrays (`boolean[]` for dtype `bool`), copied out of `bytes`.
 * @throws {MsgpackError} for truncated or trailing input, extension types, non-string map keys, nesting
 *   deeper than `maxDepth`, and malformed arrays.
 */
export function decode(bytes: Uint8Array, options: DecodeOptions = {}): unknown {
  const reader = new Reader(bytes, options.maxDepth ?? 64, options.arrays ?? true);
  const value = reader.value(0);
  if (reader.pos !== bytes.length) throw new MsgpackError(`${bytes.length - reader.pos} trailing byte(s) after the value; send exactly one msgpack map per frame.`);
  return value;
}
