/**
 * The forward pass of the `ppo` agent's actor and critic MLPs on a block of inputs at once, with the
 * weights prepared once ({@link PreparedOperand}: on wasm, packed once by XNNPACK) for every step of a
 * rollout, where the weights do not change.
 *
 * The arithmetic is {@link MlpPairGrad.forward}'s, operation for operation: the first layers of both
 * networks fused into one product with concatenated weights, `fastTanh(z + b)` on the hidden layers, the
 * output layers' products (thin ones in JavaScript) plus their biases. A row's outputs do not depend on
 * the other rows of the block, so a rollout's policy outputs are those the update's first forward pass
 * computes for the same samples.
 * @module
 */
import { fastTanh } from './js-kernels.ts';
import { defaultMatMul, prepareOperand } from './matmul-kernel.ts';
import type { MatMulKernel, PreparedOperand } from './matmul-kernel.ts';

/** One network's prepared layers 1 … L−1 and biases. */
interface PreparedNet {
  readonly widths: readonly number[];
  /** Layers 1 … L−1 (index l − 1). */
  readonly layers: PreparedOperand[];
  /** Biases of layers 0 … L−1. */
  readonly biases: Float32Array[];
  /** Hidden outputs of layers 0 … L−2, `[maxRows, w_{l+1}]`. */
  readonly acts: Float32Array[];
  /** Output layer `[maxRows, out]`. */
  readonly out: Float32Array;
  /** Column offset of the network in the fused first layer. */
  readonly offset: number;
}

/**
 * The actor and critic MLPs' forward on blocks of rows (see the module description).
 *
 * @example
 * ```ts
 * import { jsMatMul } from './matmul-kernel.ts';
 *
 * const sizes = (w: number[]) => w.slice(1).flatMap((out, l) => [w[l]! * out, out]);
 * const actor = sizes([2, 4, 1]).map((n) => new Float32Array(n).fill(0.1));
 * const critic = sizes([2, 4, 1]).map((n) => new Float32Array(n).fill(0.2));
 * const net = new MlpBatchForward([2, 4, 1], actor, [2, 4, 1], critic, 3, { matMul: jsMatMul });
 * const params = new Float32Array(3);
 * const values = new Float64Array(3);
 * net.forward(new Float32Array([1, 0, 0, 1, 0, 0]), 3, params, values);
 * console.log(params[0] === params[1], params[2]! < params[0]!);   // true true
 * net.dispose();
 * ```
 */
export class MlpBatchForward {
  /** Largest block. */
  readonly maxRows: number;
  private readonly inDim: number;
  private readonly h0: number;
  private readonly first: PreparedOperand;
  private readonly z0: Float32Array;
  private readonly b0: Float32Array;
  private readonly nets: [PreparedNet, PreparedNet];

  /**
   * @param actorWidths `[inputDim, hidden…, paramSize]`.
   * @param actor the actor's weights `[w0, b0, w1, b1, …]` (copied).
   * @param criticWidths `[inputDim, hidden…, 1]`.
   * @param critic the critic's weights (copied).
   * @param maxRows the largest block.
   * @param kernel where the products run (default {@link defaultMatMul}).
   * @throws RangeError naming a bad width, block size or weight size.
   */
  constructor(
    actorWidths: readonly number[],
    actor: readonly Float32Array[],
    criticWidths: readonly number[],
    critic: readonly Float32Array[],
    maxRows: number,
    kernel: MatMulKernel = defaultMatMul(),
  ) {
    for (const [what, w, p] of [['actor', actorWidths, actor], ['critic', criticWidths, critic]] as const) {
      if (w.length < 3 || w.some((x) => !Number.isInteger(x) || x <= 0)) {
        throw new RangeError(`MlpBatchForward: ${what} widths must be [in, hidden…, out] with at least one hidden layer, got [${w.join(', ')}].`);
      }
      const L = w.length - 1;
      if (p.length !== 2 * L) throw new RangeError(`MlpBatchForward: the ${what} needs ${2 * L} arrays (w0, b0, …), got ${p.length}.`);
      for (let l = 0; l < L; l++) {
        if (p[2 * l]!.length !== w[l]! * w[l + 1]! || p[2 * l + 1]!.length !== w[l + 1]!) {
          throw new RangeError(`MlpBatchForward: the ${what}'s w${l}/b${l} must have ${w[l]! * w[l + 1]!}/${w[l + 1]} values.`);
        }
      }
    }
    if (actorWidths[0] !== criticWidths[0]) throw new RangeError(`MlpBatchForward: actor and critic must read the same input, got ${actorWidths[0]} and ${criticWidths[0]} values.`);
    if (!Number.isInteger(maxRows) || maxRows <= 0) throw new RangeError(`MlpBatchForward: maxRows must be a positive integer, got ${maxRows}.`);
    this.maxRows = maxRows;
    const D = actorWidths[0]!;
    const H = actorWidths[1]! + criticWidths[1]!;
    this.inDim = D;
    this.h0 = H;
    const w0 = new Float32Array(D * H);
    this.b0 = new Float32Array(H);
    const net = (widths: readonly number[], w: readonly Float32Array[], offset: number): PreparedNet => {
      const width = widths[1]!;
      for (let i = 0; i < D; i++) w0.set(w[0]!.subarray(i * width, (i + 1) * width), i * H + offset);
      this.b0.set(w[1]!, offset);
      const L = widths.length - 1;
      const layers: PreparedOperand[] = [];
      const acts: Float32Array[] = [];
      for (let l = 1; l < L; l++) layers.push(prepareOperand(kernel, w[2 * l]!, widths[l]!, widths[l + 1]!));
      for (let l = 0; l < L - 1; l++) acts.push(new Float32Array(maxRows * widths[l + 1]!));
      const biases = Array.from({ length: L }, (_, l) => w[2 * l + 1]!.slice());
      return { widths: [...widths], layers, biases, acts, out: new Float32Array(maxRows * widths[L]!), offset };
    };
    this.nets = [net(actorWidths, actor, 0), net(criticWidths, critic, actorWidths[1]!)];
    this.first = prepareOperand(kernel, w0, D, H);
    this.z0 = new Float32Array(maxRows * H);
  }

  /**
   * Both networks on `rows` inputs.
   *
   * @param x inputs `[rows, inputDim]`.
   * @param params destination of the actor's outputs `[rows, paramSize]`.
   * @param values destination of the critic's outputs `[rows]` (float32 values).
   * @throws RangeError when `rows` is outside `[1, maxRows]` or an array is too short.
   */
  forward(x: Float32Array, rows: number, params: Float32Array, values: Float32Array | Float64Array): void {
    if (!Number.isInteger(rows) || rows <= 0 || rows > this.maxRows) {
      throw new RangeError(`MlpBatchForward.forward: rows must be an integer in [1, ${this.maxRows}], got ${rows}.`);
    }
    const [a, c] = this.nets;
    const P = a.widths[a.widths.length - 1]!;
    if (x.length < rows * this.inDim || params.length < rows * P || values.length < rows) {
      throw new RangeError(`MlpBatchForward.forward: ${rows} rows need x ${rows * this.inDim}, params ${rows * P} and values ${rows} values.`);
    }
    const H = this.h0;
    this.first.multiply(x, rows, this.z0);
    for (const nb of this.nets) {
      const width = nb.widths[1]!;
      const act = nb.acts[0]!;
      for (let r = 0; r < rows; r++) {
        const zr = r * H + nb.offset;
        for (let j = 0; j < width; j++) act[r * width + j] = fastTanh(this.z0[zr + j]! + this.b0[nb.offset + j]!);
      }
      this.rest(nb, rows);
    }
    params.set(a.out.subarray(0, rows * P));
    for (let r = 0; r < rows; r++) values[r] = c.out[r]!;
  }

  /** Layers 1 … L−1 of one network. */
  private rest(nb: PreparedNet, rows: number): void {
    const L = nb.widths.length - 1;
    for (let l = 1; l < L; l++) {
      const outW = nb.widths[l + 1]!;
      const hidden = l < L - 1;
      const z = hidden ? nb.acts[l]! : nb.out;
      nb.layers[l - 1]!.multiply(nb.acts[l - 1]!, rows, z);
      const b = nb.biases[l]!;
      if (hidden) {
        for (let r = 0; r < rows; r++) for (let j = 0; j < outW; j++) z[r * outW + j] = fastTanh(z[r * outW + j]! + b[j]!);
      } else {
        for (let r = 0; r < rows; r++) for (let j = 0; j < outW; j++) z[r * outW + j]! += b[j]!;
      }
    }
  }

  /** Releases the prepared weights. */
  dispose(): void {
    this.first.dispose();
    for (const nb of this.nets) for (const l of nb.layers) l.dispose();
  }
}
