/**
 * The batched TTT-Linear scan as tfjs ops, in the causal mini-batch dual form, differentiated by tfjs.
 * Training uses the plain-JS op of `ttt-scan-op.ts` (the same arithmetic, far fewer kernels); this form
 * is `TTTLinear.apply(obs, { scan: 'tfjs' })`, the independent cross-check of its hand-derived backward.
 *
 * Notation (per sequence and head, row vectors, head dim d, mini-batch size b): keys k_t, values v_t,
 * queries q_t, per-token inner learning rate η_t, inner weight W (d × d, `[in, out]`), inner loss
 * ℓ_t(W) = ‖k_t·W − v_t‖² with gradient G_t(W) = 2·k_tᵀ(k_t·W − v_t).
 *
 * For a mini-batch starting with weight W_s, token i (1-based) reads
 *   W_i = W_s − (1/i)·Σ_{j≤i} η_j·G_j(W_s),   output z_i = q_i·W_i,
 * and the next mini-batch starts from W_b. Never does a token read a gradient of a later token, so the
 * one-token-at-a-time rollout computes the same outputs. With e_j = k_j·W_s − v_j this is
 *   z_i = q_i·W_s − Σ_{j≤i} (2η_j/i)(q_i·k_jᵀ)·e_j,   W_b = W_s − Σ_j (2η_j/b)·k_jᵀ·e_j,
 * which {@link tttScan} rearranges so that only one small matmul and one add per mini-batch remain
 * sequential.
 *
 * Layout: rows are time-major, ordered (mini-batch n, sequence s, position p), so that every per-step
 * slice is contiguous along axis 0; no transpose has rank above 4; no gather/einsum/bandPart (their
 * gradients are missing or broken on wasm).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { affineScan } from './ttt-recurrence.ts';

/** Inputs of {@link tttScan}. */
export interface TTTScanInput {
  /** Keys `[R, heads·headDim]`, rows time-major (n, s, p); R = blocks·sequences·miniBatch. */
  readonly k: tf.Tensor2D;
  /** Values, same shape and order as `k`. */
  readonly v: tf.Tensor2D;
  /** Queries, same shape and order as `k`. */
  readonly q: tf.Tensor2D;
  /** Per-token, per-head inner learning rate `[R, heads]` (already scaled). */
  readonly lr: tf.Tensor2D;
  /** Initial inner weights `[heads, headDim, headDim]` (`[in, out]` per head). */
  readonly w0: tf.Tensor;
  /** Number of sequences. */
  readonly sequences: number;
  /** Number of mini-batches per sequence (T / miniBatch, T padded to a multiple). */
  readonly blocks: number;
  /** Inner mini-batch size b. */
  readonly miniBatch: number;
  /** Number of heads. */
  readonly heads: number;
  /** Width of a head d (the inner weights are d × d). */
  readonly headDim: number;
}

/** [R, H] → [blocks·sequences·heads, b, d]. */
function splitHeads(t: tf.Tensor2D, x: TTTScanInput): tf.Tensor3D {
  const { blocks, sequences, miniBatch: b, heads, headDim: d } = x;
  const t4 = tf.reshape(t, [blocks * sequences, b, heads, d]);
  return tf.reshape(tf.transpose(t4, [0, 2, 1, 3]), [blocks * sequences * heads, b, d]);
}

/** [blocks·sequences·heads, b, d] → [R, H]. */
function mergeHeads(t: tf.Tensor, x: TTTScanInput): tf.Tensor2D {
  const { blocks, sequences, miniBatch: b, heads, headDim: d } = x;
  const t4 = tf.reshape(t, [blocks * sequences, heads, b, d]);
  return tf.reshape(tf.transpose(t4, [0, 2, 1, 3]), [blocks * sequences * b, heads * d]);
}

/**
 * Causal coefficient matrix of a mini-batch: C[i][j] = 2/(i+1) for j ≤ i, else 0 (0-based i), which
 * folds the factor 2 of the squared loss, the 1/i averaging and the causal mask together.
 */
export function causalCoefficients(miniBatch: number): Float32Array {
  const c = new Float32Array(miniBatch * miniBatch);
  for (let i = 0; i < miniBatch; i++) for (let j = 0; j <= i; j++) c[i * miniBatch + j] = 2 / (i + 1);
  return c;
}

/**
 * Runs the causal mini-batch TTT-Linear scan over whole sequences and returns the outputs z `[R, H]`
 * (same row order as the inputs). Differentiable with respect to every input.
 *
 * Only the inner weights carry state from one mini-batch to the next, and both the read-out and the
 * update are affine in the starting weight W_s of a mini-batch:
 *   Z = Q·W_s − A·(K·W_s − V) = (Q − A·K)·W_s + A·V,
 *   W_next = W_s − K̃ᵀ·(K·W_s − V) = (I − K̃ᵀ·K)·W_s + K̃ᵀ·V,
 * with A the causal η-weighted q·kᵀ matrix and K̃ the rows of K scaled by 2η/b. Everything but W_s is
 * computed for all mini-batches at once; the sequential part, one small matmul and one add per
 * mini-batch, runs in {@link affineScan}, which has a hand-written backward pass. (tfjs runs many tiny
 * kernels at a fixed overhead each, so the op count, not the arithmetic, sets the cost here.)
 */
export function tttScan(x: TTTScanInput): tf.Tensor2D {
  return tf.tidy(() => {
    const { blocks, sequences, miniBatch: b, heads, headDim: d } = x;
    const bh = sequences * heads;
    const K = splitHeads(x.k, x);
    const V = splitHeads(x.v, x);
    const Q = splitHeads(x.q, x);
    // η per token as a row [.., 1, b] (for the q·kᵀ weights) and as a column [.., b, 1] (for kᵀ).
    const lrT = tf.transpose(tf.reshape(x.lr, [blocks * sequences, b, heads]), [0, 2, 1]);
    const lrRow = tf.reshape(lrT, [blocks * bh, 1, b]);
    const lrCol = tf.reshape(lrT, [blocks * bh, b, 1]);
    const coef = tf.tensor2d(causalCoefficients(b), [b, b]);
    const A = tf.mul(tf.mul(tf.matMul(Q, K, false, true), lrRow), coef); // [N·BH, b, b]
    const readW = tf.sub(Q, tf.matMul(A, K)) as tf.Tensor3D; // Q − A·K  [N·BH, b, d]
    const readBias = tf.matMul(A, V) as tf.Tensor3D; //      A·V      [N·BH, b, d]
    const KsT = tf.transpose(tf.mul(K, tf.mul(lrCol, 2 / b)), [0, 2, 1]); // K̃ᵀ [N·BH, d, b]

    // W₀ for every (sequence, head): broadcast by a multiply, whose gradient is one reduction.
    const W0 = tf.reshape(
      tf.mul(tf.reshape(x.w0, [1, heads, d, d]), tf.ones([sequences, 1, 1, 1])),
      [bh, d, d],
    ) as tf.Tensor3D;
    if (blocks === 1) return mergeHeads(tf.add(tf.matMul(readW, W0), readBias), x);
    // the last mini-batch's update is never read: only the first N − 1 are built
    const steps = blocks - 1;
    const Ks = tf.slice(K, [0, 0, 0], [steps * bh, b, d]);
    const KsTs = tf.slice(KsT, [0, 0, 0], [steps * bh, d, b]);
    const Vs = tf.slice(V, [0, 0, 0], [steps * bh, b, d]);
    const decay = tf.sub(tf.eye(d), tf.matMul(KsTs, Ks)) as tf.Tensor3D; // I − K̃ᵀK  [(N−1)·BH, d, d]
    const drive = tf.matMul(KsTs, Vs) as tf.Tensor3D; //                   K̃ᵀV      [(N−1)·BH, d, d]
    const Z = affineScan(readW, readBias, decay, drive, W0);
    return mergeHeads(Z, x);
  });
}

/**
 * The outputs with the inner updates switched off: every token reads W₀, z = q·W₀ per head.
 *
 * @param q queries `[R, heads·headDim]`.
 * @param w0 `[heads, headDim, headDim]`.
 */
export function frozenReadout(q: tf.Tensor2D, w0: tf.Tensor, heads: number, headDim: number): tf.Tensor2D {
  return tf.tidy(() => {
    const rows = q.shape[0];
    const byHead = tf.transpose(tf.reshape(q, [rows, heads, headDim]), [1, 0, 2]); // [heads, R, d]
    const z = tf.matMul(byHead as tf.Tensor3D, w0 as tf.Tensor3D); // [heads, R, d]
    return tf.reshape(tf.transpose(z, [1, 0, 2]), [rows, heads * headDim]);
  });
}
