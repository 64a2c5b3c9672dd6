/**
 * Element types of array-valued spaces, with NumPy's names and promotion rules.
 *
 * JavaScript has no 64-bit integer typed array without BigInt, so the integer types stop at 32 bits;
 * spaces that NumPy gives `int64` (Discrete, MultiDiscrete) use `int32` here (see docs/model.md).
 * @module
 */

/** Names of the supported element types. */
export type DType = 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32';

/** A typed array of one of the supported element types. */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

/** Constructor of a typed array. */
export type TypedArrayConstructor = {
  new (length: number): TypedArray;
  new (values: ArrayLike<number>): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

/** All supported dtype names, in a stable order. */
export const DTYPES: readonly DType[] = ['float32', 'float64', 'int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32'];

const CTORS: Record<DType, TypedArrayConstructor> = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
};

/** Returns `true` when `name` is a supported dtype. */
export function isDType(name: unknown): name is DType {
  return typeof name === 'string' && name in CTORS;
}

/**
 * Checks a dtype name.
 * @throws {TypeError} naming the accepted values.
 */
export function checkDType(name: unknown, field = 'dtype'): DType {
  if (!isDType(name)) {
    throw new TypeError(`${field} must be one of ${DTYPES.join(', ')}; got ${JSON.stringify(name)}.`);
  }
  return name;
}

/** The typed-array constructor of a dtype. */
export function arrayType(dtype: DType): TypedArrayConstructor {
  return CTORS[dtype];
}

/** Allocates a zero-filled typed array of `dtype`. */
export function allocate(dtype: DType, length: number): TypedArray {
  return new CTORS[dtype](length);
}

/** The dtype of a typed array, or `null` for anything else. */
export function dtypeOf(x: unknown): DType | null {
  if (x instanceof Float32Array) return 'float32';
  if (x instanceof Float64Array) return 'float64';
  if (x instanceof Int8Array) return 'int8';
  if (x instanceof Int16Array) return 'int16';
  if (x instanceof Int32Array) return 'int32';
  if (x instanceof Uint8Array) return 'uint8';
  if (x instanceof Uint16Array) return 'uint16';
  if (x instanceof Uint32Array) return 'uint32';
  return null;
}

/**
 * `x` when it is a typed array of one of the dtypes with exactly `length` entries, else `null`: how the
 * batch-native vector envs recognise a batched action they can read without converting it.
 *
 * @example
 * ```ts
 * typedArrayOfLength(new Int8Array(4), 4); // the array
 * typedArrayOfLength([0, 1, 0, 1], 4);     // null: a list, not a typed array
 * ```
 */
export function typedArrayOfLength(x: unknown, length: number): TypedArray | null {
  return dtypeOf(x) !== null && (x as TypedArray).length === length ? (x as TypedArray) : null;
}

/** `true` for float32 and float64. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

interface Kind {
  kind: 'f' | 'i' | 'u';
  bits: number;
}

function kindOf(d: DType): Kind {
  const kind = d.startsWith('float') ? 'f' : d.startsWith('uint') ? 'u' : 'i';
  return { kind, bits: Number(d.replace(/\D/g, '')) };
}

/** NumPy's `can_cast(from, to, casting="safe")`: every value of `from` is exactly representable in `to`. */
export function canCast(from: DType, to: DType): boolean {
  if (from === to) return true;
  const a = kindOf(from);
  const b = kindOf(to);
  if (a.kind === 'f') return b.kind === 'f' && b.bits >= a.bits;
  if (b.kind === 'f') return b.bits === 64 ? a.bits <= 32 : a.bits <= 16;
  if (a.kind === b.kind) return b.bits >= a.bits;
  if (a.kind === 'u' && b.kind === 'i') return b.bits > a.bits;
  return false; // signed to unsigned
}

/** NumPy's `result_type` for two dtypes: the smallest supported type both cast to safely. */
export function promote(a: DType, b: DType): DType {
  if (canCast(a, b)) return b;
  if (canCast(b, a)) return a;
  for (const d of DTYPES.slice().sort((x, y) => kindOf(x).bits - kindOf(y).bits)) {
    if (canCast(a, d) && canCast(b, d)) return d;
  }
  return 'float64';
}

/** Lowest and highest finite values of an integer dtype (±Infinity for floats). */
export function dtypeRange(dtype: DType): [number, number] {
  const { kind, bits } = kindOf(dtype);
  if (kind === 'f') return [-Infinity, Infinity];
  if (kind === 'u') return [0, 2 ** bits - 1];
  return [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];
}
