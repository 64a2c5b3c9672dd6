/**
 * The TTT-Linear scan as one differentiable tfjs op whose forward and backward run in plain JavaScript
 * (`ttt-scan-js.ts`). The training forward of {@link TTTLinear.apply} uses it: the per-head, per-mini-batch
 * arithmetic is tiny (head dim 8, mini-batch 4), so on tfjs it was hundreds of kernels at a fixed overhead
 * each per training step, while one synchronous read of the inputs and one pass in JavaScript cost little.
 * The dense layers around it stay in tfjs.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { scanBackward, scanForward, tapeFits } from './ttt-scan-js.ts';
import type { ScanSizes, ScanTape } from './ttt-scan-js.ts';

function readCopy(t: tf.Tensor): Float32Array {
  // a copy, so a later growth of the backend's memory cannot detach it
  return (t.dataSync() as Float32Array).slice();
}

/**
 * Tapes whose backward pass has run, kept for the next forward of the same sizes: writing into fresh
 * megabyte-sized arrays every gradient step cost more than the arithmetic on them (page faults).
 */
const freeTapes: ScanTape[] = [];
const MAX_FREE_TAPES = 4;

function takeTape(sizes: ScanSizes): ScanTape | undefined {
  const i = freeTapes.findIndex((t) => tapeFits(t, sizes));
  return i < 0 ? undefined : freeTapes.splice(i, 1)[0];
}

/**
 * Runs the causal mini-batch scan over `sizes.sequences` sequences of `sizes.length` tokens.
 *
 * @param kvqg `[B·T, 3·heads·headDim + heads]`: keys, values, queries, gate logits per row (sequence-major).
 * @param gateBias `[heads]`.
 * @param w0 `[heads, headDim, headDim]`.
 * @returns z `[B·T, heads·headDim]`; differentiable with respect to all three inputs.
 * @throws RangeError when the shapes do not fit `sizes`.
 */
export function tttScanOp(kvqg: tf.Tensor2D, gateBias: tf.Tensor, w0: tf.Tensor, sizes: ScanSizes): tf.Tensor2D {
  const H = sizes.heads * sizes.headDim;
  const rows = sizes.sequences * sizes.length;
  if (kvqg.shape[0] !== rows || kvqg.shape[1] !== 3 * H + sizes.heads) {
    throw new RangeError(
      `tttScanOp: kvqg must have shape [${rows}, ${3 * H + sizes.heads}], got [${kvqg.shape.join(', ')}].`,
    );
  }
  const op = tf.customGrad((...args) => {
    const [x, c, w] = args as tf.Tensor[];
    const xs = readCopy(x!);
    const z = new Float32Array(rows * H);
    const tape = scanForward(xs, readCopy(c!), readCopy(w!), sizes, z, takeTape(sizes));
    let released = false;
    return {
      value: tf.tensor2d(z, [rows, H]),
      gradFunc: (dy: tf.Tensor): tf.Tensor[] => {
        const g = scanBackward(xs, readCopy(dy), tape, sizes);
        if (!released && freeTapes.length < MAX_FREE_TAPES) freeTapes.push(tape);
        released = true;
        return [
          tf.tensor2d(g.kvqg, [rows, 3 * H + sizes.heads]),
          tf.tensor(g.gateBias, c!.shape),
          tf.tensor(g.w0, w!.shape),
        ];
      },
    };
  });
  return op(kvqg, gateBias, w0) as tf.Tensor2D;
}
