/**
 * Merging of vector infos computed for a slice of sub-environments into the info of the whole vector.
 * @module
 */
import type { VectorInfo } from './vector-info.ts';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

type Typed = Exclude<ArrayBufferView, DataView> & { length: number; set(v: ArrayLike<number>, o: number): void };

function isTyped(v: unknown): v is Typed {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/**
 * Writes `part`, the vector info of the `partSize` sub-environments `[offset, offset + partSize)`, into
 * `target`, the vector info of all `numEnvs` sub-environments: batched typed arrays are placed at row
 * `offset` (rows of `length / partSize` entries), plain arrays and masks likewise, nested infos recurse. The
 * result equals what one vector over all sub-environments would have produced.
 *
 * @example
 * ```ts
 * const all = {};
 * mergeVectorInfo(all, { cost: Float64Array.of(1, 2), _cost: [true, true] }, 2, 4, 2);
 * // all.cost = Float64Array [0, 0, 1, 2], all._cost = [false, false, true, true]
 * ```
 */
export function mergeVectorInfo(target: VectorInfo, part: VectorInfo, offset: number, numEnvs: number, partSize: number): VectorInfo {
  for (const key in part) {
    const value = part[key];
    const existing = target[key];
    if (isPlainObject(value)) {
      target[key] = mergeVectorInfo(isPlainObject(existing) ? existing : {}, value, offset, numEnvs, partSize);
      continue;
    }
    if (isTyped(value)) {
      const len = value.length / partSize;
      if (existing === undefined || (isTyped(existing) && existing.constructor === value.constructor && existing.length === numEnvs * len)) {
        const arr = (existing as Typed | undefined) ?? (target[key] = new (value.constructor as new (n: number) => Typed)(numEnvs * len));
        (arr as Typed).set(value as unknown as ArrayLike<number>, offset * len);
        continue;
      }
    }
    if (Array.isArray(value) || isTyped(value)) {
      const items: unknown[] = Array.isArray(value) ? value : itemsOf(value, partSize);
      let arr = existing as unknown[] | Typed | undefined;
      if (arr === undefined) {
        const fill = key.startsWith('_') || items.every((v) => typeof v === 'boolean') ? false : null;
        arr = new Array<unknown>(numEnvs).fill(fill);
        target[key] = arr;
      } else if (isTyped(arr)) {
        arr = itemsOf(arr, numEnvs);
        target[key] = arr;
      }
      for (let i = 0; i < items.length; i++) (arr as unknown[])[offset + i] = items[i];
    } else {
      target[key] = value;
    }
  }
  return target;
}

function itemsOf(values: Typed, count: number): unknown[] {
  const v = values as unknown as { length: number; slice(a: number, b: number): unknown; [i: number]: number };
  const len = v.length / count;
  return Array.from({ length: count }, (_, i) => (len === 1 ? v[i] : v.slice(i * len, (i + 1) * len)));
}
