/**
 * The language-neutral JSON form of spaces, as sent over the bridge and printed by the CLI.
 *
 * Infinite bounds are written as the strings `"inf"` and `"-inf"` because JSON has no infinity.
 * @module
 */
import type { DType } from './dtype.ts';

/** A number in the JSON form: finite numbers as is, infinities as `"inf"` / `"-inf"`. */
export type JSONNumber = number | 'inf' | '-inf';

/** JSON description of a space. */
export type SpaceJSON =
  | { type: 'Box'; shape: number[]; dtype: DType; low: JSONNumber[]; high: JSONNumber[] }
  | { type: 'Discrete'; n: number; start: number }
  | { type: 'MultiDiscrete'; nvec: number[]; start: number[] }
  | { type: 'MultiBinary'; shape: number[] }
  | { type: 'Dict'; spaces: Record<string, SpaceJSON> }
  | { type: 'Tuple'; spaces: SpaceJSON[] };

/** Encodes bounds for JSON (infinities as strings). */
export function boundsToJSON(values: ArrayLike<number>): JSONNumber[] {
  return Array.from(values, (v) => (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v));
}

/**
 * Decodes bounds from JSON.
 * @throws {TypeError} naming the field when an entry is neither a number nor "inf"/"-inf".
 */
export function boundsFromJSON(values: unknown, field: string): number[] {
  if (!Array.isArray(values)) throw new TypeError(`${field} must be an array of numbers or "inf"/"-inf".`);
  return values.map((v, i) => {
    if (typeof v === 'number') return v;
    if (v === 'inf' || v === 'Infinity') return Infinity;
    if (v === '-inf' || v === '-Infinity') return -Infinity;
    throw new TypeError(`${field}[${i}] must be a number or "inf"/"-inf"; got ${JSON.stringify(v)}.`);
  });
}
