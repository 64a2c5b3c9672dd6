/**
 * Advantage normalization: (A − mean)/(std + ε) over the valid entries of a batch (population standard
 * deviation).
 * @module
 */

/**
 * Returns normalized advantages (a new array). Entries with `mask[i] = 0` (padding) are excluded from the
 * statistics and set to 0.
 *
 * @param advantages raw advantages.
 * @param mask optional 0/1 weights of the same length.
 * @param eps added to the standard deviation (default 1e-8).
 */
export function normalizeAdvantages(advantages: ArrayLike<number>, mask?: ArrayLike<number>, eps = 1e-8): Float32Array {
  const n = advantages.length;
  if (mask !== undefined && mask.length !== n) {
    throw new RangeError(`normalizeAdvantages: mask has ${mask.length} entries, advantages has ${n}.`);
  }
  let count = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const m = mask === undefined ? 1 : mask[i]!;
    count += m;
    sum += m * advantages[i]!;
  }
  const out = new Float32Array(n);
  if (count === 0) return out;
  const mean = sum / count;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const m = mask === undefined ? 1 : mask[i]!;
    const d = advantages[i]! - mean;
    sq += m * d * d;
  }
  const std = Math.sqrt(sq / count);
  for (let i = 0; i < n; i++) {
    const m = mask === undefined ? 1 : mask[i]!;
    out[i] = m === 0 ? 0 : (advantages[i]! - mean) / (std + eps);
  }
  return out;
}
