/**
 * Vector infos: per-environment info objects merged into one object of arrays with `_key` masks.
 * @module
 */

/** A vector info: for each key an array over environments and a `_key` boolean mask. */
export type VectorInfo = Record<string, unknown>;

/**
 * Merges the info of sub-environment `index` into `infos` (Gymnasium's `_add_info`): numbers go to a
 * `Float64Array`, booleans to a `boolean[]`, nested plain objects recurse, anything else to an array with
 * `null` where absent; `infos['_' + key][index]` is set to `true`.
 */
export function addInfo(infos: VectorInfo, info: Record<string, unknown>, index: number, numEnvs: number): VectorInfo {
  for (const key of Object.keys(info)) {
    const value = info[key];
    let arr = infos[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value) && value.constructor === Object) {
      infos[key] = addInfo((arr as VectorInfo | undefined) ?? {}, value as Record<string, unknown>, index, numEnvs);
    } else {
      if (arr === undefined) {
        arr =
          typeof value === 'number'
            ? new Float64Array(numEnvs)
            : typeof value === 'boolean'
              ? new Array<boolean>(numEnvs).fill(false)
              : new Array<unknown>(numEnvs).fill(null);
        infos[key] = arr;
      }
      (arr as { [i: number]: unknown })[index] = value;
    }
    let mask = infos[`_${key}`] as boolean[] | undefined;
    if (mask === undefined) {
      mask = new Array<boolean>(numEnvs).fill(false);
      infos[`_${key}`] = mask;
    }
    mask[index] = true;
  }
  return infos;
}
