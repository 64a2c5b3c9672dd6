/**
 * Reading one sub-environment's info back out of a merged vector info.
 * @module
 */
import type { Info } from '../../../src/core/env.ts';
import type { VectorInfo } from '../../../src/vector/vector-info.ts';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * The info of sub-environment `index` from a vector info built by `addInfo` (arrays with `_key` masks,
 * nested objects merged key by key): the inverse of that merge for one index.
 */
export function infoAt(infos: VectorInfo, index: number): Info {
  const out: Info = {};
  for (const key of Object.keys(infos)) {
    if (key.startsWith('_')) continue;
    const mask = infos[`_${key}`] as boolean[] | undefined;
    if (mask !== undefined && !mask[index]) continue;
    const value = infos[key];
    if (isPlainObject(value)) out[key] = infoAt(value, index);
    else if (Array.isArray(value) || ArrayBuffer.isView(value)) out[key] = (value as ArrayLike<unknown>)[index];
  }
  return out;
}
