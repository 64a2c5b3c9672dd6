/**
 * Membership by value, the one rule every part of the package uses to say whether a value is an element
 * of a space and, when it is not, why: structure (map keys, list lengths), size, shape, bounds,
 * integrality, no NaN. The element type of a typed array does not matter (a float64 array is an element
 * of a float32 Box when its values are in the box). Each space implements `Space.explain` with the
 * helpers here; the bridge, the passive checker and environments reading actions call it.
 * @module
 */
import { type DType, type TypedArray, allocate, dtypeOf } from './dtype.ts';

/** Options of `Space.explain`. */
export interface ExplainOptions {
  /**
   * The shape an array had where it came from, when its own form does not show it (a decoded (2, 10)
   * wire array is a flat typed array of 20); `undefined` when unknown.
   */
  shapeOf?: (x: unknown) => readonly number[] | undefined;
}

/** The default options (none), shared so that calls allocate nothing. */
export const NO_OPTIONS: ExplainOptions = Object.freeze({});

/** A value as membership explanations show it (`NaN` as NaN, arrays by type and length). */
export function describeMember(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v === null || v === undefined) return String(v);
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return `a map with keys ${Object.keys(v).join(', ') || '(none)'}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The shape of a nested list (`[]` for a non-list), or `null` when ragged. */
export function nestedShapeOf(x: unknown): number[] | null {
  if (!Array.isArray(x)) return [];
  if (x.length === 0) return [0];
  const inner = nestedShapeOf(x[0]);
  if (inner === null) return null;
  for (let i = 1; i < x.length; i++) {
    const s = nestedShapeOf(x[i]);
    if (s === null || !sameShape(s, inner)) return null;
  }
  return [x.length, ...inner];
}

function fmtShape(s: readonly number[]): string {
  return `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
}

/**
 * Explains why the array `x` is not an element of an array space of `shape` (`size` entries), checking
 * each entry with `entry` (which returns the reason for a bad entry, or `null`); `null` when it is one.
 * An array must be flat (`size` entries) or have exactly `shape`; a plain number stands for shape `[]`.
 */
export function explainArray(
  x: unknown,
  path: string,
  shape: readonly number[],
  size: number,
  want: string,
  entry: (v: unknown, i: number) => string | null,
  options: ExplainOptions = NO_OPTIONS,
): string | null {
  let values: ArrayLike<unknown>;
  if (dtypeOf(x) !== null) values = x as ArrayLike<number>;
  else if (Array.isArray(x)) values = x.flat(Infinity);
  else if (typeof x === 'number' && shape.length === 0) values = [x];
  else return `${path} must be ${want} with ${size} entries; got ${describeMember(x)}`;
  const layout = options.shapeOf?.(x) ?? (Array.isArray(x) ? nestedShapeOf(x) : undefined);
  if (layout === null) return `${path} is a ragged list (rows of different lengths)`;
  if (values.length !== size) return `${path} must have ${size} entries; got ${values.length}`;
  if (layout !== undefined && !sameShape(layout, shape) && !(layout.length === 1 && layout[0] === size)) {
    return `${path} has shape ${fmtShape(layout)} but the space's shape is ${fmtShape(shape)}`;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') return `${path}[${i}] must be a number; got ${describeMember(v)}`;
    if (Number.isNaN(v)) return `${path}[${i}] is NaN`;
    const why = entry(v, i);
    if (why !== null) return `${path}[${i}] ${why}`;
  }
  return null;
}

/** Plain (nested) number lists as a typed array of `dtype`; other values unchanged. */
export function listToArray(value: unknown, dtype: DType): unknown {
  if (!Array.isArray(value)) return value;
  const flat = value.flat(Infinity) as number[];
  const out: TypedArray = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) out[i] = flat[i]!;
  return out;
}
