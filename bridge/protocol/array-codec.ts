/**
 * Arrays on the wire: `{dtype, shape, data}` with the elements' little-endian bytes in `data` (a msgpack
 * bin). This file maps typed arrays to and from that form; `msgpack.ts` calls it while encoding and
 * decoding, so typed arrays never reach the msgpack layer as anything else.
 * @module
 */
import { endianness } from 'node:os';
import { type DType, type TypedArray, DTYPES, arrayType, dtypeOf } from '../../src/spaces/dtype.ts';

/** Element types that may appear on the wire: the package's dtypes and `bool` (one byte, 0 or 1). */
export type WireDType = DType | 'bool';

/** All wire dtypes. */
export const WIRE_DTYPES: readonly WireDType[] = [...DTYPES, 'bool'];

/** What a decoded wire array becomes: a flat typed array, or `boolean[]` for `bool`. */
export type DecodedArray = TypedArray | boolean[];

/** Most entries a wire array may have (also bounded by the frame size). */
export const MAX_ARRAY_ENTRIES = 2 ** 28;

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * A typed array with an explicit shape. Typed arrays are flat; wrap one in `Shaped` to send it with a
 * multi-dimensional shape (e.g. a batch `[numEnvs, obsDim]`). Unwrapped typed arrays travel with shape
 * `[length]`.
 */
export class Shaped {
  /** The flat elements, row-major. */
  readonly array: TypedArray;
  /** The shape; its product equals `array.length`. */
  readonly shape: readonly number[];

  constructor(array: TypedArray, shape: readonly number[]) {
    let n = 1;
    for (const d of shape) n *= d;
    if (n !== array.length) throw new RangeError(`Shaped: shape [${shape.join(', ')}] needs ${n} entries but the array has ${array.length}.`);
    this.array = array;
    this.shape = shape;
  }
}

const WIDTHS: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, {
  float32: 4,
  float64: 8,
  int8: 1,
  int16: 2,
  int32: 4,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  bool: 1,
});

/** Size in bytes of one element of a wire dtype. */
export function wireItemSize(dtype: WireDType): number {
  return WIDTHS[dtype]!;
}

/** The wire dtype of a typed array, or `null` when `x` is not one the wire carries. */
export function wireDTypeOf(x: unknown): DType | null {
  return dtypeOf(x);
}

/**
 * The little-endian bytes of a typed array (a view of it on little-endian hosts, a swapped copy otherwise).
 */
export function littleEndianBytes(a: TypedArray): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN || a.BYTES_PER_ELEMENT === 1) return bytes;
  return swapBytes(bytes, a.BYTES_PER_ELEMENT);
}

function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j]!;
  return out;
}

/**
 * Decoded arrays of at most this many bytes are carved out of shared pool buffers, as Node pools small
 * `Buffer`s: a vector reply carries a few dozen small info arrays, and a backing store per array costs
 * more than copying its numbers. Such an array's `buffer` is larger than the array and holds other
 * arrays too (use `byteOffset` and `length`, never the whole `buffer`).
 */
export const POOLED_BYTES = 8192;
const POOL_BYTES = 64 * 1024;
let pool = new ArrayBuffer(POOL_BYTES);
let poolBytes = new Uint8Array(pool);
let poolOffset = 0;

/** The offset of `bytes` fresh bytes in the current pool (8-aligned), starting a new pool when it is full. */
function poolTake(bytes: number): number {
  if (poolOffset + bytes > POOL_BYTES) {
    pool = new ArrayBuffer(POOL_BYTES);
    poolBytes = new Uint8Array(pool);
    poolOffset = 0;
  }
  const at = poolOffset;
  poolOffset = (at + bytes + 7) & ~7;
  return at;
}

/**
 * A boolean list to send as a `bool` wire array (one byte per entry) rather than as a msgpack list of
 * booleans: both decode to the same `boolean[]` here and the same numpy bool array in Python, but the
 * array costs both sides one copy instead of a decoded value per entry (vector replies to clients of
 * protocol 1.2 or later carry their masks, flags and boolean infos this way).
 */
export class WireBools {
  /** The entries as bytes 0/1. */
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** The wire form of `list`, or `null` when an entry is not a boolean. */
  static of(list: readonly unknown[]): WireBools | null {
    const bytes = new Uint8Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const b = list[i];
      if (b === true) bytes[i] = 1;
      else if (b !== false) return null;
    }
    return new WireBools(bytes);
  }
}

/**
 * Builds the decoded form of a wire array, copying the bytes (the result never aliases the frame; small
 * arrays share pooled buffers, see {@link POOLED_BYTES}). With `keepShape` (the default) the shape is
 * remembered for {@link wireShapeOf}; a reader that never asks (a client reading replies) passes `false`
 * and saves the weak-map entry, which costs about as much as the copy.
 * @throws {RangeError} naming the problem when the dtype is unknown, the shape malformed, or the byte
 *   count does not match the shape.
 */
export function arrayFromWire(dtype: unknown, shape: unknown, data: Uint8Array, keepShape = true): DecodedArray {
  const width = typeof dtype === 'string' ? WIDTHS[dtype] : undefined;
  if (width === undefined) {
    throw new RangeError(`array dtype must be one of ${WIRE_DTYPES.join(', ')}; got ${JSON.stringify(dtype)}.`);
  }
  if (!Array.isArray(shape) || shape.length > 32) {
    throw new RangeError(`array shape must be a list of at most 32 non-negative integers; got ${JSON.stringify(shape)}.`);
  }
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i] as unknown;
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`array shape must be a list of at most 32 non-negative integers; got ${JSON.stringify(shape)}.`);
    }
    n *= d;
  }
  if (n > MAX_ARRAY_ENTRIES) throw new RangeError(`array has ${n} entries; at most ${MAX_ARRAY_ENTRIES} are allowed.`);
  if (data.length !== n * width) {
    throw new RangeError(`array data has ${data.length} bytes but dtype ${dtype} and shape [${(shape as number[]).join(', ')}] need ${n * width}.`);
  }
  if (dtype === 'bool') {
    const out = new Array<boolean>(n);
    for (let i = 0; i < n; i++) {
      const b = data[i]!;
      if (b > 1) throw new RangeError(`bool array entry ${i} is ${b}; bool entries must be 0 or 1.`);
      out[i] = b === 1;
    }
    return out;
  }
  const Ctor = arrayType(dtype as DType) as unknown as new (buffer: ArrayBuffer, offset: number, length: number) => TypedArray;
  let out: TypedArray;
  if (LITTLE_ENDIAN && data.length <= POOLED_BYTES) {
    const at = poolTake(data.length);
    poolBytes.set(data, at);
    out = new Ctor(pool, at, n);
  } else {
    const copy = LITTLE_ENDIAN || width === 1 ? new Uint8Array(data) : swapBytes(data, width);
    out = new Ctor(copy.buffer as ArrayBuffer, 0, n);
  }
  if (keepShape) WIRE_SHAPES.set(out, [...(shape as number[])]);
  return out;
}

const WIRE_SHAPES = new WeakMap<object, readonly number[]>();

/**
 * The shape a decoded typed array had on the wire (a (2, 10) numpy array decodes to a flat array of 20;
 * this says it was (2, 10)); `undefined` for arrays that did not come from the wire.
 */
export function wireShapeOf(x: unknown): readonly number[] | undefined {
  return x !== null && typeof x === 'object' ? WIRE_SHAPES.get(x) : undefined;
}
