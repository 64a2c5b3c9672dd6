/**
 * Deep equality of observations, actions and infos, as Gymnasium's `data_equivalence`.
 * @module
 */
import { dtypeOf } from '../spaces/dtype.ts';

/**
 * `true` when `a` and `b` have the same structure and values. Typed arrays must share dtype and length and
 * agree within an absolute and relative tolerance of `1e-5` (`|a − b| ≤ 1e-5 + 1e-5·|b|`, or exactly with
 * `exact`); numbers compare exactly. NaN counts as equal to NaN (unlike Gymnasium), so that a NaN reward
 * stays a warning of the passive checker rather than failing the determinism checks.
 *
 * @example
 * ```ts
 * dataEquivalence({ x: Float32Array.of(1) }, { x: Float32Array.of(1) }); // true
 * ```
 */
export function dataEquivalence(a: unknown, b: unknown, exact = false): boolean {
  const da = dtypeOf(a);
  const db = dtypeOf(b);
  if (da !== null || db !== null) {
    if (da !== db) return false;
    const x = a as ArrayLike<number>;
    const y = b as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      const u = x[i]!;
      const v = y[i]!;
      if (Number.isNaN(u) && Number.isNaN(v)) continue;
      if (exact ? u !== v : !(Math.abs(u - v) <= 1e-5 + 1e-5 * Math.abs(v))) return false;
    }
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => dataEquivalence(v, b[i], exact));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
    return ka.every((k) => dataEquivalence((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], exact));
  }
  if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) return true;
  return a === b;
}
