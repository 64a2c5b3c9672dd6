/**
 * Small plain-JavaScript numeric kernels for batch-1 inference on Float32Arrays.
 *
 * Conventions: matrices are row-major `[in, out]` (the same layout as the tfjs variables, so a weight read
 * out with `dataSync()` can be used directly); a dense layer computes `out = x · W + b`. Sums are
 * accumulated in float64 and stored as float32.
 * @module
 */

/** Numerically stable logistic sigmoid 1 / (1 + e^(−x)). */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Numerically stable softplus log(1 + e^x). */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Dense layer `out[j] = b[j] + Σ_i x[i]·W[i·outDim + j]`.
 *
 * @param x input of length `inDim`.
 * @param w weights `[inDim, outDim]`, row-major.
 * @param b bias of length `outDim`, or null for none.
 * @param out destination of length `outDim` (must not alias `x`).
 */
export function dense(
  x: ArrayLike<number>,
  w: Float32Array,
  b: Float32Array | null,
  inDim: number,
  outDim: number,
  out: Float32Array,
): Float32Array {
  const acc = new Float64Array(outDim);
  if (b !== null) for (let j = 0; j < outDim; j++) acc[j] = b[j]!;
  for (let i = 0; i < inDim; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const row = i * outDim;
    for (let j = 0; j < outDim; j++) acc[j]! += xi * w[row + j]!;
  }
  for (let j = 0; j < outDim; j++) out[j] = acc[j]!;
  return out;
}

/**
 * Layer norm over the whole vector: `out = (x − mean)/√(var + eps)·γ + β` (biased variance).
 * `out` may alias `x`.
 */
export function layerNorm(
  x: ArrayLike<number>,
  gamma: Float32Array,
  beta: Float32Array,
  eps: number,
  out: Float32Array,
): Float32Array {
  const n = gamma.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    variance += d * d;
  }
  variance /= n;
  const inv = 1 / Math.sqrt(variance + eps);
  for (let i = 0; i < n; i++) out[i] = (x[i]! - mean) * inv * gamma[i]! + beta[i]!;
  return out;
}
