/**
 * The sequential core of the batched TTT scan, with a hand-written gradient.
 *
 * Given, for every mini-batch n and every (sequence, head) pair, the affine update of the inner weights
 * and the affine read-out (see `ttt-dual-form.ts`),
 *   W_{n+1} = D_n·W_n + C_n,        Z_n = R_n·W_n + S_n,
 * {@link affineScan} returns Z for all mini-batches. Its backward pass is the reverse recurrence
 *   G_{N−1} = R_{N−1}ᵀ·dZ_{N−1},   G_n = R_nᵀ·dZ_n + D_nᵀ·G_{n+1}   (G_n = ∂L/∂W_n),
 *   ∂L/∂R_n = dZ_n·W_nᵀ,  ∂L/∂S_n = dZ_n,  ∂L/∂D_n = G_{n+1}·W_nᵀ,  ∂L/∂C_n = G_{n+1},  ∂L/∂W_0 = G_0,
 * in which only "one matmul and one add per mini-batch" is sequential; everything else is a batched op.
 * Letting tfjs differentiate the loop instead records every step on its tape and clones the operands of
 * every step for the backward pass, about three times the kernels, and on the wasm backend each kernel
 * has a fixed cost that dominates these 8 × 8 products.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** `tf.unstack` along axis 0 that also works for a single slice (tfjs 4.22 mishandles that case). */
function slices(t: tf.Tensor): tf.Tensor3D[] {
  if (t.shape[0] !== 1) return tf.unstack(t) as tf.Tensor3D[];
  const [, a, b, c] = t.shape as number[];
  return [tf.reshape(t, [a!, b!, c!])];
}

/**
 * Runs the affine recurrence over `blocks` mini-batches for `pairs` independent (sequence, head) pairs.
 *
 * @param read R, `[blocks·pairs, b, d]` (block-major).
 * @param readBias S, `[blocks·pairs, b, d]`.
 * @param decay D for the first blocks − 1 mini-batches, `[(blocks−1)·pairs, d, d]`.
 * @param drive C for the first blocks − 1 mini-batches, `[(blocks−1)·pairs, d, d]`.
 * @param w0 starting weights `[pairs, d, d]`.
 * @returns Z, `[blocks·pairs, b, d]`; differentiable with respect to every input.
 */
export function affineScan(
  read: tf.Tensor3D,
  readBias: tf.Tensor3D,
  decay: tf.Tensor3D,
  drive: tf.Tensor3D,
  w0: tf.Tensor3D,
): tf.Tensor3D {
  const pairs = w0.shape[0];
  const d = w0.shape[1];
  const blocks = read.shape[0] / pairs;
  if (!Number.isInteger(blocks) || decay.shape[0] !== (blocks - 1) * pairs || drive.shape[0] !== decay.shape[0]) {
    throw new Error(
      `affineScan: inconsistent shapes read [${read.shape.join(', ')}], decay [${decay.shape.join(', ')}], ` +
        `drive [${drive.shape.join(', ')}], w0 [${w0.shape.join(', ')}].`,
    );
  }
  if (blocks === 1) return tf.tidy(() => tf.add(tf.matMul(read, w0), readBias) as tf.Tensor3D);
  const steps = blocks - 1;

  const op = tf.customGrad((...args) => {
    const [R, S, D, C, W0] = args as tf.Tensor3D[];
    const save = args[5] as tf.GradSaveFunc;
    const dSteps = slices(tf.reshape(D!, [steps, pairs, d, d]));
    const cSteps = slices(tf.reshape(C!, [steps, pairs, d, d]));
    let W = W0!;
    const starts: tf.Tensor3D[] = [W];
    for (let n = 0; n < steps; n++) {
      W = tf.add(tf.matMul(dSteps[n]!, W), cSteps[n]!) as tf.Tensor3D;
      starts.push(W);
    }
    const Wall = tf.reshape(tf.stack(starts), [blocks * pairs, d, d]) as tf.Tensor3D;
    const value = tf.add(tf.matMul(R!, Wall), S!) as tf.Tensor3D;
    save([R!, D!, Wall]);
    return {
      value,
      gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] => {
        const [Rs, Ds, Ws] = saved as tf.Tensor3D[];
        const dR = tf.matMul(dy, Ws!, false, true);
        const P = slices(tf.reshape(tf.matMul(Rs!, dy, true, false), [blocks, pairs, d, d]));
        const DT = slices(tf.reshape(tf.transpose(Ds!, [0, 2, 1]), [steps, pairs, d, d]));
        let G = P[steps]!;
        const later: tf.Tensor3D[] = new Array<tf.Tensor3D>(steps); // later[n] = G_{n+1}
        for (let n = steps - 1; n >= 0; n--) {
          later[n] = G;
          G = tf.add(P[n]!, tf.matMul(DT[n]!, G)) as tf.Tensor3D;
        }
        const dC = tf.reshape(tf.stack(later), [steps * pairs, d, d]);
        const Wprev = tf.slice(Ws!, [0, 0, 0], [steps * pairs, d, d]);
        const dD = tf.matMul(dC as tf.Tensor3D, Wprev, false, true);
        return [dR, dy, dD, dC, G];
      },
    };
  });
  return op(read, readBias, decay, drive, w0) as tf.Tensor3D;
}
