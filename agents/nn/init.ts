/**
 * Seeded weight initializers producing plain Float32Arrays (row-major).
 *
 * All draws come from the project's {@link Generator}, so a network built from the same seed has the same
 * weights on every backend and platform.
 * @module
 */
import type { Generator } from '../../src/random/generator.ts';

function checkDims(what: string, dims: Record<string, number>): void {
  for (const [name, value] of Object.entries(dims)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(`${what}: ${name} must be a positive integer, got ${String(value)}.`);
    }
  }
}

/**
 * Glorot (Xavier) uniform initialization of a `fanIn × fanOut` matrix: U(−l, l) with
 * l = gain·√(6 / (fanIn + fanOut)).
 */
export function glorotUniform(rng: Generator, fanIn: number, fanOut: number, gain = 1): Float32Array {
  checkDims('glorotUniform', { fanIn, fanOut });
  const limit = gain * Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-limit, limit);
  return out;
}

/** `n` independent N(0, std²) draws. */
export function normalInit(rng: Generator, n: number, std: number): Float32Array {
  checkDims('normalInit', { n });
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal(0, std);
  return out;
}

/** A Float32Array of length `n` filled with `value`. */
export function constantInit(n: number, value: number): Float32Array {
  return new Float32Array(n).fill(value);
}

/**
 * Orthogonal initialization of a `rows × cols` matrix scaled by `gain` (the usual choice for PPO
 * networks): the rows (if rows ≤ cols) or the columns are orthonormal.
 *
 * Built by modified Gram–Schmidt on a Gaussian matrix, which gives a uniformly distributed orthogonal
 * factor (up to signs, which are random anyway).
 */
export function orthogonalInit(rng: Generator, rows: number, cols: number, gain = 1): Float32Array {
  checkDims('orthogonalInit', { rows, cols });
  // Orthonormalize the `k` vectors of length `len` along the shorter side.
  const k = Math.min(rows, cols);
  const len = Math.max(rows, cols);
  const vecs: Float64Array[] = [];
  while (vecs.length < k) {
    const v = new Float64Array(len);
    for (let i = 0; i < len; i++) v[i] = rng.normal();
    for (const u of vecs) {
      let dot = 0;
      for (let i = 0; i < len; i++) dot += u[i]! * v[i]!;
      for (let i = 0; i < len; i++) v[i]! -= dot * u[i]!;
    }
    let norm = 0;
    for (let i = 0; i < len; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    if (norm < 1e-8) continue; // numerically dependent draw: redraw
    for (let i = 0; i < len; i++) v[i]! /= norm;
    vecs.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // rows ≤ cols: vector r is row r; otherwise vector c is column c.
      out[r * cols + c] = gain * (rows <= cols ? vecs[r]![c]! : vecs[c]![r]!);
    }
  }
  return out;
}
