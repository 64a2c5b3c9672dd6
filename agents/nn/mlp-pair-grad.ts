/**
 * Forward and hand-derived backward pass of an actor MLP and a critic MLP on the same inputs (the `ppo`
 * agent's networks), on plain Float32Arrays, with the matrix products on a {@link MatMulKernel}.
 *
 * Why: tfjs's autodiff of the two networks, the distribution and the loss issued 312 tfjs kernels per
 * gradient step of the `ppo` agent (121 of them Identity), each with a fixed cost that on the wasm backend
 * is larger than the arithmetic of these small layers. Here a gradient step is fourteen matrix products
 * (the first layers of both networks fused into one product with concatenated weights), eleven of them
 * in the backend and the three with a thin side in JavaScript, and a few passes over the activations in
 * JavaScript (bias, tanh with {@link fastTanh}, its derivative, bias gradients, transposed copies).
 *
 * The products are computed transposed where that makes the right operand the batch's side (`rows` wide)
 * rather than the weights': on wasm, XNNPACK packs the right operand of every product, and for a 64-row
 * shard of 128-wide layers the batch's side is half the size (the packing of a 128×128 operand costs about
 * as much as a 64-row product with it). Activations and pre-activation gradients are kept transposed
 * (`[width, rows]`), and row-major where a product needs them so. Each product is routed by the shape it
 * stands for ({@link MatMulRoute}), so every number is the same, bit for bit, as the untransposed products'.
 *
 * Both networks are `tanh` MLPs as {@link MLP} builds them: parameters `w0, b0, w1, b1, …` in that
 * order, `w_l` row-major `[in, out]`, a linear output layer, at least one hidden layer.
 *
 * Backward, per network, for the upstream gradient dZ of the output layer L−1:
 *   dW_l = H_{l−1}ᵀ·dZ_l,  db_l = Σ_rows dZ_l,  dZ_{l−1} = (dZ_l·W_lᵀ) ⊙ (1 − H_{l−1}²),
 * with H_{−1} = X; the activations are kept transposed as well (written in the same pass), so that
 * every product is a plain `A·B`.
 * @module
 */
import { columnSums, fastTanh, transposeInto } from './js-kernels.ts';
import { defaultMatMul, isThin, jsMatMul } from './matmul-kernel.ts';
import type { MatMulKernel, MatMulRoute } from './matmul-kernel.ts';

/** Per-network buffers (all `[width, rows]` transposed unless said otherwise). */
interface NetBuffers {
  /** Layer widths `[in, h₁, …, out]`. */
  readonly widths: readonly number[];
  /** Hidden outputs Hᵀ of layers 0 … L−2; `actsT[0]` is written from the fused first layer. */
  readonly actsT: Float32Array[];
  /** The output layer's values, row-major `[rows, out]`. */
  readonly out: Float32Array;
  /** The output layer's pre-bias values `[out, rows]`. */
  readonly outT: Float32Array;
  /** Gradients of the pre-activations dZᵀ of layers 1 … L−1 (index l). */
  readonly dzT: Float32Array[];
  /** The same row-major `[rows, w_{l+1}]`, layers 1 … L−2 (index l; the output layer's is the caller's). */
  readonly dz: Float32Array[];
  /** Transposed weights W_lᵀ `[w_{l+1}, w_l]` of layers 1 … L−1 (index l), for the forward products. */
  readonly wT: Float32Array[];
  /** Column offset of this network in the fused first layer. */
  readonly offset: number;
}

function checkWidths(what: string, widths: readonly number[]): void {
  if (widths.length < 3 || widths.some((w) => !Number.isInteger(w) || w <= 0)) {
    throw new RangeError(`MlpPairGrad: ${what} widths must be [in, hidden…, out] with at least one hidden layer, got [${widths.join(', ')}].`);
  }
}

/** The route of a product standing for one with inner dimension `k` and `n` output columns. */
function routeOf(k: number, n: number): MatMulRoute {
  return isThin(k, n) ? 'js' : 'backend';
}

/** The actor-critic MLP pair's forward and backward (see the module description). */
export class MlpPairGrad {
  /** Largest batch the buffers hold. */
  readonly maxRows: number;
  private readonly kernel: MatMulKernel;
  private readonly nets: [NetBuffers, NetBuffers];
  /** Width of the fused first layer (actor's + critic's first hidden widths). */
  private readonly h0: number;
  private readonly inDim: number;
  /** The inputs, row-major and transposed. */
  private readonly x: Float32Array;
  private readonly xT: Float32Array;
  /** Scratch of the bias gradients' float64 sums. */
  private readonly sums: Float64Array;
  /** Fused first-layer weights transposed `[h0, in]`, biases, pre-activations `[h0, rows]`, their gradients, dW₀ᵀ. */
  private readonly w0T: Float32Array;
  private readonly b0: Float32Array;
  private readonly z0T: Float32Array;
  private readonly dz0T: Float32Array;
  private readonly dw0T: Float32Array;
  /** dHᵀ of a hidden layer `[width, rows]`. */
  private readonly dhT: Float32Array;
  private rows = 0;
  private weights: [readonly Float32Array[], readonly Float32Array[]] | null = null;

  /**
   * @param actorWidths `[inputDim, hidden…, paramSize]` of the actor.
   * @param criticWidths `[inputDim, hidden…, 1]` of the critic (same input length).
   * @param maxRows the largest batch (e.g. PPO's minibatch size).
   * @param kernel where the matrix products run (default {@link defaultMatMul}: on wasm, straight into the backend's kernel).
   * @throws RangeError naming a bad width or batch size.
   */
  constructor(actorWidths: readonly number[], criticWidths: readonly number[], maxRows: number, kernel: MatMulKernel = defaultMatMul()) {
    checkWidths('actor', actorWidths);
    checkWidths('critic', criticWidths);
    if (actorWidths[0] !== criticWidths[0]) {
      throw new RangeError(`MlpPairGrad: actor and critic must read the same input, got ${actorWidths[0]} and ${criticWidths[0]} values.`);
    }
    if (!Number.isInteger(maxRows) || maxRows <= 0) throw new RangeError(`MlpPairGrad: maxRows must be a positive integer, got ${maxRows}.`);
    this.maxRows = maxRows;
    this.kernel = kernel;
    this.inDim = actorWidths[0]!;
    this.h0 = actorWidths[1]! + criticWidths[1]!;
    const net = (widths: readonly number[], offset: number): NetBuffers => {
      const L = widths.length - 1;
      const actsT: Float32Array[] = [];
      const dzT: Float32Array[] = [];
      const dz: Float32Array[] = [];
      const wT: Float32Array[] = [];
      for (let l = 0; l < L; l++) {
        const size = maxRows * widths[l + 1]!;
        if (l < L - 1) actsT.push(new Float32Array(size));
        dzT.push(l === 0 ? new Float32Array(0) : new Float32Array(size));
        dz.push(l === 0 || l === L - 1 ? new Float32Array(0) : new Float32Array(size));
        wT.push(l === 0 ? new Float32Array(0) : new Float32Array(widths[l]! * widths[l + 1]!));
      }
      const outSize = maxRows * widths[L]!;
      return { widths: [...widths], actsT, out: new Float32Array(outSize), outT: new Float32Array(outSize), dzT, dz, wT, offset };
    };
    this.nets = [net(actorWidths, 0), net(criticWidths, actorWidths[1]!)];
    const maxIn = Math.max(...actorWidths.slice(1, -1), ...criticWidths.slice(1, -1));
    this.sums = new Float64Array(Math.max(this.h0, ...actorWidths, ...criticWidths));
    this.x = new Float32Array(maxRows * this.inDim);
    this.xT = new Float32Array(maxRows * this.inDim);
    this.w0T = new Float32Array(this.inDim * this.h0);
    this.b0 = new Float32Array(this.h0);
    this.z0T = new Float32Array(maxRows * this.h0);
    this.dz0T = new Float32Array(maxRows * this.h0);
    this.dw0T = new Float32Array(this.inDim * this.h0);
    this.dhT = new Float32Array(maxRows * maxIn);
  }

  /**
   * Forward pass of both networks on `rows` inputs, keeping what {@link backward} needs.
   *
   * @param x inputs, row-major `[rows, inputDim]` (copied).
   * @param actor the actor's parameters `[w0, b0, w1, b1, …]` (read, not copied: leave them unchanged until {@link backward} has run).
   * @param critic the critic's parameters, likewise.
   * @returns views of the actor's outputs `[rows, paramSize]` and the critic's `[rows]`, valid until the next call.
   * @throws RangeError when `rows` exceeds `maxRows` or a parameter has the wrong size.
   */
  forward(x: Float32Array, rows: number, actor: readonly Float32Array[], critic: readonly Float32Array[]): { params: Float32Array; values: Float32Array } {
    if (!Number.isInteger(rows) || rows <= 0 || rows > this.maxRows) {
      throw new RangeError(`MlpPairGrad.forward: rows must be an integer in [1, ${this.maxRows}], got ${rows}.`);
    }
    const D = this.inDim;
    if (x.length < rows * D) throw new RangeError(`MlpPairGrad.forward: x needs ${rows}×${D} values, got ${x.length}.`);
    this.checkParams('actor', this.nets[0], actor);
    this.checkParams('critic', this.nets[1], critic);
    this.rows = rows;
    this.weights = [actor, critic];
    const H = this.h0;
    this.x.set(x.subarray(0, rows * D));
    transposeInto(x, rows, D, this.xT);
    // the fused first layer, transposed: [W0_actor | W0_critic]ᵀ, and [b0_actor | b0_critic]
    for (let k = 0; k < 2; k++) {
      const nb = this.nets[k]!;
      const w = k === 0 ? actor : critic;
      transposeInto(w[0]!, D, nb.widths[1]!, this.w0T.subarray(nb.offset * D));
      this.b0.set(w[1]!, nb.offset);
    }
    // Z₀ᵀ = W₀ᵀ·Xᵀ, standing for X·W₀
    this.kernel.matMul(this.w0T, H, D, this.xT, rows, this.z0T, routeOf(D, H));
    for (let k = 0; k < 2; k++) {
      const nb = this.nets[k]!;
      const width = nb.widths[1]!;
      const actT = nb.actsT[0]!;
      const z = this.z0T.subarray(nb.offset * rows);
      for (let j = 0; j < width; j++) {
        const b = this.b0[nb.offset + j]!;
        const row = j * rows;
        for (let r = 0; r < rows; r++) actT[row + r] = fastTanh(z[row + r]! + b);
      }
    }
    for (let k = 0; k < 2; k++) this.forwardRest(this.nets[k]!, k === 0 ? actor : critic, rows);
    const a = this.nets[0];
    const c = this.nets[1];
    return { params: a.out.subarray(0, rows * a.widths[a.widths.length - 1]!), values: c.out.subarray(0, rows) };
  }

  /**
   * Gradients of a loss with respect to every parameter, given the loss's gradient with respect to the
   * outputs of the last {@link forward}.
   *
   * @param dParams ∂loss/∂(actor outputs), `[rows, paramSize]`.
   * @param dValues ∂loss/∂(critic outputs), `[rows]`.
   * @param actorGrads destinations shaped like the actor's parameters (overwritten).
   * @param criticGrads destinations shaped like the critic's parameters (overwritten).
   * @throws Error when called before {@link forward}; RangeError on a mis-sized destination.
   */
  backward(dParams: Float32Array, dValues: Float32Array, actorGrads: readonly Float32Array[], criticGrads: readonly Float32Array[]): void {
    if (this.weights === null) throw new Error('MlpPairGrad.backward: call forward first.');
    this.checkParams('actor gradient', this.nets[0], actorGrads);
    this.checkParams('critic gradient', this.nets[1], criticGrads);
    const rows = this.rows;
    const H = this.h0;
    const D = this.inDim;
    for (let k = 0; k < 2; k++) {
      const nb = this.nets[k]!;
      const grads = k === 0 ? actorGrads : criticGrads;
      const dOut = k === 0 ? dParams : dValues;
      const need = rows * nb.widths[nb.widths.length - 1]!;
      if (dOut.length < need) throw new RangeError(`MlpPairGrad.backward: ${k === 0 ? 'dParams' : 'dValues'} needs ${need} values, got ${dOut.length}.`);
      this.backwardRest(nb, this.weights[k]!, grads, dOut, rows);
    }
    // dW₀ᵀ = dZ₀ᵀ·X, standing for Xᵀ·dZ₀
    this.kernel.matMul(this.dz0T, H, rows, this.x, D, this.dw0T, routeOf(rows, H));
    for (let k = 0; k < 2; k++) {
      const nb = this.nets[k]!;
      const grads = k === 0 ? actorGrads : criticGrads;
      const width = nb.widths[1]!;
      transposeInto(this.dw0T.subarray(nb.offset * D, (nb.offset + width) * D), width, D, grads[0]!);
      rowSums(this.dz0T.subarray(nb.offset * rows), width, rows, grads[1]!);
    }
  }

  /** Layers 1 … L−1 of one network (layer 0 was computed fused). */
  private forwardRest(nb: NetBuffers, w: readonly Float32Array[], rows: number): void {
    const L = nb.widths.length - 1;
    for (let l = 1; l < L; l++) {
      const inW = nb.widths[l]!;
      const outW = nb.widths[l + 1]!;
      const hidden = l < L - 1;
      const zT = hidden ? nb.actsT[l]! : nb.outT;
      const wT = nb.wT[l]!;
      transposeInto(w[2 * l]!, inW, outW, wT);
      // Zᵀ = W_lᵀ·Hᵀ, standing for H·W_l
      this.kernel.matMul(wT, outW, inW, nb.actsT[l - 1]!, rows, zT, routeOf(inW, outW));
      const b = w[2 * l + 1]!;
      if (hidden) {
        for (let j = 0; j < outW; j++) {
          const bj = b[j]!;
          const row = j * rows;
          for (let r = 0; r < rows; r++) zT[row + r] = fastTanh(zT[row + r]! + bj);
        }
      } else {
        const out = nb.out;
        for (let j = 0; j < outW; j++) {
          const bj = b[j]!;
          const row = j * rows;
          for (let r = 0; r < rows; r++) out[r * outW + j] = zT[row + r]! + bj;
        }
      }
    }
  }

  /** Layers L−1 … 1 of one network; leaves ∂loss/∂z of layer 0 in its rows of the fused `dz0T`. */
  private backwardRest(nb: NetBuffers, w: readonly Float32Array[], grads: readonly Float32Array[], dOut: Float32Array, rows: number): void {
    const L = nb.widths.length - 1;
    let dz = dOut;
    transposeInto(dOut, rows, nb.widths[L]!, nb.dzT[L - 1]!);
    for (let l = L - 1; l >= 1; l--) {
      const inW = nb.widths[l]!;
      const outW = nb.widths[l + 1]!;
      const dzT = nb.dzT[l]!;
      this.kernel.matMul(nb.actsT[l - 1]!, inW, rows, dz, outW, grads[2 * l]!, routeOf(rows, outW));
      columnSums(dz, rows, outW, grads[2 * l + 1]!, this.sums);
      // dHᵀ = W_l·dZᵀ, standing for dZ·W_lᵀ
      this.kernel.matMul(w[2 * l]!, inW, outW, dzT, rows, this.dhT, routeOf(outW, inW));
      const hT = nb.actsT[l - 1]!;
      const dhT = this.dhT;
      if (l > 1) {
        const nextT = nb.dzT[l - 1]!;
        const next = nb.dz[l - 1]!;
        for (let j = 0; j < inW; j++) {
          const row = j * rows;
          for (let r = 0; r < rows; r++) {
            const h = hT[row + r]!;
            const v = dhT[row + r]! * (1 - h * h);
            nextT[row + r] = v;
            next[r * inW + j] = v;
          }
        }
        dz = next;
      } else {
        const dz0T = this.dz0T.subarray(nb.offset * rows);
        for (let e = 0; e < inW * rows; e++) {
          const h = hT[e]!;
          dz0T[e] = dhT[e]! * (1 - h * h);
        }
      }
    }
  }

  private checkParams(what: string, nb: NetBuffers, p: readonly Float32Array[]): void {
    const L = nb.widths.length - 1;
    if (p.length !== 2 * L) throw new RangeError(`MlpPairGrad: the ${what} needs ${2 * L} arrays (w0, b0, …), got ${p.length}.`);
    for (let l = 0; l < L; l++) {
      const wn = nb.widths[l]! * nb.widths[l + 1]!;
      if (p[2 * l]!.length !== wn || p[2 * l + 1]!.length !== nb.widths[l + 1]!) {
        throw new RangeError(
          `MlpPairGrad: the ${what}'s w${l}/b${l} must have ${wn}/${nb.widths[l + 1]} values, got ${p[2 * l]!.length}/${p[2 * l + 1]!.length}.`,
        );
      }
    }
  }
}

/** `out[j] = Σ_r mT[j·rows + r]` for j < width: {@link columnSums} of a transposed matrix, same order of sums. */
function rowSums(mT: Float32Array, width: number, rows: number, out: Float32Array): void {
  for (let j = 0; j < width; j++) {
    let s = 0;
    const row = j * rows;
    for (let r = 0; r < rows; r++) s += mT[row + r]!;
    out[j] = s;
  }
}
