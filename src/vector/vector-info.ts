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

type Typed = Exclude<ArrayBufferView, DataView>;

function isTyped(v: unknown): v is Typed {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** Turns a batched typed array (numEnvs items of equal length) into a plain array of items. */
function widen(existing: Typed, numEnvs: number): unknown[] {
  const values = existing as unknown as { length: number; slice(a: number, b: number): unknown; [i: number]: number };
  const len = values.length / numEnvs;
  return Array.from({ length: numEnvs }, (_, i) => (len === 1 ? values[i] : values.slice(i * len, (i + 1) * len)));
}

/**
 * Merges the info of sub-environment `index` into `infos` (Gymnasium's `_add_info`): numbers go to a
 * `Float64Array` of `numEnvs`; a typed array of length L goes to one typed array of the same type with
 * `numEnvs × L` entries (row `index` holds it), as Gymnasium stacks NumPy arrays; booleans go to a
 * `boolean[]`; nested plain objects recurse; anything else goes to an array with `null` where absent.
 * `infos['_' + key][index]` is set to `true`. Values of one key whose kinds differ between
 * sub-environments fall back to a plain array.
 *
 * @example
 * ```ts
 * const infos = {};
 * addInfo(infos, { cost: 1.5, x: Int8Array.of(1, 2) }, 1, 2);
 * // { cost: Float64Array [0, 1.5], _cost: [false, true], x: Int8Array [0, 0, 1, 2], _x: [false, true] }
 * ```
 */
export function addInfo(infos: VectorInfo, info: Record<string, unknown>, index: number, numEnvs: number): VectorInfo {
  for (const key in info) {
    const value = info[key];
    const existing = infos[key];
    if (typeof value === 'number' && (existing === undefined || (existing instanceof Float64Array && existing.length === numEnvs))) {
      const arr = (existing as Float64Array | undefined) ?? (infos[key] = new Float64Array(numEnvs));
      (arr as Float64Array)[index] = value;
    } else if (
      isTyped(value) &&
      (existing === undefined || (isTyped(existing) && existing.constructor === value.constructor && (existing as Typed & { length: number }).length === numEnvs * (value as Typed & { length: number }).length))
    ) {
      const len = (value as unknown as { length: number }).length;
      const arr = (existing ?? (infos[key] = new (value.constructor as new (n: number) => Typed)(numEnvs * len))) as unknown as { set(v: ArrayLike<number>, o: number): void };
      arr.set(value as unknown as ArrayLike<number>, index * len);
    } else if (isPlainObject(value) && (existing === undefined || isPlainObject(existing))) {
      infos[key] = addInfo((existing as VectorInfo | undefined) ?? {}, value, index, numEnvs);
    } else {
      let arr = existing as unknown[] | Typed | undefined;
      if (arr === undefined) {
        arr = typeof value === 'boolean' ? new Array<boolean>(numEnvs).fill(false) : new Array<unknown>(numEnvs).fill(null);
        infos[key] = arr;
      } else if (isTyped(arr)) {
        // a key of another kind for another sub-environment: widen to a plain array of items
        arr = widen(arr, numEnvs);
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
