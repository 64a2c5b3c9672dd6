/**
 * Merging of vector infos computed for a slice of sub-environments into the info of the whole vector.
 * @module
 */
import type { VectorInfo } from './vector-info.ts';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Writes `part`, the vector info of sub-environments `[offset, offset + partSize)`, into `target`, the
 * vector info of all `numEnvs` sub-environments: arrays are placed at `offset`, masks likewise, nested
 * infos recurse. The result equals what one vector over all sub-environments would have produced.
 *
 * @example
 * ```ts
 * const all = {};
 * mergeVectorInfo(all, { cost: Float64Array.of(1, 2), _cost: [true, true] }, 2, 4);
 * // all.cost = Float64Array [0, 0, 1, 2], all._cost = [false, false, true, true]
 * ```
 */
export function mergeVectorInfo(target: VectorInfo, part: VectorInfo, offset: number, numEnvs: number): VectorInfo {
  for (const key in part) {
    const value = part[key];
    const existing = target[key];
    if (isPlainObject(value)) {
      target[key] = mergeVectorInfo(isPlainObject(existing) ? existing : {}, value, offset, numEnvs);
    } else if (value instanceof Float64Array && (existing === undefined || existing instanceof Float64Array)) {
      const arr = (existing as Float64Array | undefined) ?? (target[key] = new Float64Array(numEnvs));
      (arr as Float64Array).set(value, offset);
    } else if (Array.isArray(value) || value instanceof Float64Array) {
      let arr = existing as unknown[] | Float64Array | undefined;
      if (arr === undefined) {
        const fill = key.startsWith('_') || value.every((v: unknown) => typeof v === 'boolean') ? false : null;
        arr = new Array<unknown>(numEnvs).fill(fill);
        target[key] = arr;
      } else if (arr instanceof Float64Array) {
        arr = Array.from(arr);
        target[key] = arr;
      }
      for (let i = 0; i < value.length; i++) (arr as unknown[])[offset + i] = value[i];
    } else {
      target[key] = value;
    }
  }
  return target;
}
