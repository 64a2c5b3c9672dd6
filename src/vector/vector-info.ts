/**
 * Vector infos: per-environment info objects merged into one object of arrays with `_key` masks.
 * @module
 */

/** A vector info: for each key an array over environments and a `_key` boolean mask. */
export type VectorInfo = Record<string, unknown>;

const maskKeys = new Map<string, string>();

/** The mask key of `key` (`'_' + key`), cached so that the hot path does not build strings. */
function maskKey(key: string): string {
  let m = maskKeys.get(key);
  if (m === undefined) {
    m = `_${key}`;
    maskKeys.set(key, m);
  }
  return m;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Merges the info of sub-environment `index` into `infos` (Gymnasium's `_add_info`): numbers go to a
 * `Float64Array`, booleans to a `boolean[]`, nested plain objects recurse, anything else to an array with
 * `null` where absent; `infos['_' + key][index]` is set to `true`.
 *
 * @example
 * ```ts
 * const infos = {};
 * addInfo(infos, { cost: 1.5 }, 1, 2); // { cost: Float64Array [0, 1.5], _cost: [false, true] }
 * ```
 */
export function addInfo(infos: VectorInfo, info: Record<string, unknown>, index: number, numEnvs: number): VectorInfo {
  for (const key in info) {
    const value = info[key];
    const existing = infos[key];
    if (typeof value === 'number' && (existing === undefined || existing instanceof Float64Array)) {
      const arr = (existing as Float64Array | undefined) ?? (infos[key] = new Float64Array(numEnvs));
      (arr as Float64Array)[index] = value;
    } else if (isPlainObject(value) && (existing === undefined || isPlainObject(existing))) {
      infos[key] = addInfo((existing as VectorInfo | undefined) ?? {}, value, index, numEnvs);
    } else {
      let arr = existing as unknown[] | Float64Array | undefined;
      if (arr === undefined) {
        arr = typeof value === 'boolean' ? new Array<boolean>(numEnvs).fill(false) : new Array<unknown>(numEnvs).fill(null);
        infos[key] = arr;
      } else if (arr instanceof Float64Array) {
        // a key that was numeric for another sub-environment holds something else here: widen to a plain array
        arr = Array.from(arr);
        infos[key] = arr;
      }
      (arr as unknown[])[index] = value;
    }
    const mk = maskKey(key);
    let mask = infos[mk] as boolean[] | undefined;
    if (mask === undefined) {
      mask = new Array<boolean>(numEnvs).fill(false);
      infos[mk] = mask;
    }
    mask[index] = true;
  }
  return infos;
}
