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
 * Both networks are `tanh` MLPs as {@link MLP} builds them: parameters `w0, b0, w1, b1, …` in that
 * order, `w_l` row-major `[in, out]`, a linear output layer, at least one hidden layer.
 *
 * Backward, per network, for the upstream gradient dZ of the output layer L−1:
 *   dW_l = H_{l−1}ᵀ·dZ_l,  db_l = Σ_rows dZ_l,  dZ_{l−1} = (dZ_l·W_lᵀ) ⊙ (1 − H_{l−1}²),
 * with H_{−1} = X; the activations are kept transposed as well (written in the same pass), so that
 * every product is a plain `A·B`.
 * @module
 */
import { fastTanh } from './js-kernels.ts';
import { defaultMatMul } from './matmul-kernel.ts';
import type { MatMulKernel } from './matmul-kernel.ts';

/** Per-network buffers (activations, their transposes, gradients of the pre-activations). */
interface NetBuffers {
  /** Layer widths `[in, h₁, …, out]`. */
  readonly widths: readonly number[];
  /** Outputs of the hidden layers, row-major `[rows, w_{l+1}]`; `acts[0]` is written from the fused first layer. */
  readonly acts: Float32Array[];
  /** The same, transposed `[w_{l+1}, rows]`. */
  readonly actsT: Float32Array[];
  /** The output layer's values `[rows, out]`. */
  readonly out: Float32Array;
  /** Gradients of the pre-activations of layers 1 … L−1 (index l), `[rows, w_{l+1}]`. */
  readonly dz: Float32Array[];
  /** Transposed weights of layers 1 … L−1 (index l), `[w_{l+1}, w_l]`. */
  readonly wT: Float32Array[];
  /** Column offset of this network in the fused first layer. */
  readonly offset: number;
}

function checkWidths(what: string, widths: readonly number[]): void {
  if (widths.length < 3 || widths.some((w) => !Number.isInteger(w) || w <= 0)) {
    throw new RangeError(`MlpPairGrad: ${what} widths must be [in, hidden…, out] with at least one hidden layer, got [${widths.join(', ')}].`);
  }
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
  private readonly xT: Float32Array;
  /** Scratch of the bias gradients' float64 sums. */
  private readonly sums: Float64Array;
  private readonly w0: Float32Array;
  private readonly b0: Float32Array;
  private readonly z0: Float32Array;
  private readonly dz0: Float32Array;
  private readonly dw0: Float32Array;
  private readonly dh: Float32Array;
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
      const acts: Float32Array[] = [];
      const actsT: Float32Array[] = [];
      const dz: Float32Array[] = [];
      const wT: Float32Array[] = [];
      for (let l = 0; l < L; l++) {
        if (l < L - 1) {
          acts.push(new Float32Array(maxRows * widths[l + 1]!));
          actsT.push(new Float32Array(maxRows * widths[l + 1]!));
        }
        dz.push(l === 0 ? new Float32Array(0) : new Float32Array(maxRows * widths[l + 1]!));
        wT.push(l === 0 ? new Float32Array(0) : new Float32Array(widths[l]! * widths[l + 1]!));
      }
      return { widths: [...widths], acts, actsT, out: new Float32Array(maxRows * widths[L]!), dz, wT, offset };
    };
    this.nets = [net(actorWidths, 0), net(criticWidths, actorWidths[1]!)];
    const maxIn = Math.max(...actorWidths.slice(1, -1), ...criticWidths.slice(1, -1));
    this.sums = new Float64Array(Math.max(this.h0, ...actorWidths, ...criticWidths));
    this.xT = new Float32Array(maxRows * this.inDim);
    this.w0 = new Float32Array(this.inDim * this.h0);
    this.b0 = new Float32Array(this.h0);
    this.z0 = new Float32Array(maxRows * this.h0);
    this.dz0 = new Float32Array(maxRows * this.h0);
    this.dw0 = new Float32Array(this.inDim * this.h0);
    this.dh = new Float32Array(maxRows * maxIn);
  }

  /**
   * Forward pass of both networks on `rows` inputs, keeping what {@link backward} needs.
   *
   * @param x inputs, row-major `[rows, inputDim]`.
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
    for (let r = 0; r < rows; r++) for (let i = 0; i < D; i++) this.xT[i * rows + r] = x[r * D + i]!;
    // the fused first layer: [W0_actor | W0_critic], [b0_actor | b0_critic]
    for (let k = 0; k < 2; k++) {
      const nb = this.nets[k]!;
      const w = k === 0 ? actor : critic;
      const width = nb.widths[1]!;
      const w0 = w[0]!;
      for (let i = 0; i < D; i++) this.w0.set(w0.subarray(i * width, (i + 1) * width), i * H + nb.offset);
      this.b0.set(w[1]!, nb.offset);
    }
    this.kernel.matMul(x, rows, D, this.w0, H, this.z0);
    for (let k = 0; k < 2; k++) {
      const nb = this.nets[k]!;
      const width = nb.widths[1]!;
      const act = nb.acts[0]!;
      const actT = nb.actsT[0]!;
      for (let r = 0; r < rows; r++) {
        const zr = r * H + nb.offset;
        const ar = r * width;
        for (let j = 0; j < width; j++) {
          const v = fastTanh(this.z0[zr + j]! + this.b0[nb.offset + j]!);
          act[ar + j] = v;
          actT[j * rows + r] = v;
        }
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
    this.kernel.matMul(this.xT, D, rows, this.dz0, H, this.dw0);
    for (let k = 0; k < 2; k++) {
      const nb = this.nets[k]!;
      const grads = k === 0 ? actorGrads : criticGrads;
      const width = nb.widths[1]!;
      const dw = grads[0]!;
      for (let i = 0; i < D; i++) dw.set(this.dw0.subarray(i * H + nb.offset, i * H + nb.offset + width), i * width);
      columnSums(this.dz0, rows, H, nb.offset, width, grads[1]!, this.sums);
    }
  }

  /** Layers 1 … L−1 of one network (layer 0 was computed fused). */
  private forwardRest(nb: NetBuffers, w: readonly Float32Array[], rows: number): void {
    const L = nb.widths.length - 1;
    for (let l = 1; l < L; l++) {
      const inW = nb.widths[l]!;
      const outW = nb.widths[l + 1]!;
      const hidden = l < L - 1;
      const z = hidden ? nb.acts[l]! : nb.out;
      this.kernel.matMul(nb.acts[l - 1]!, rows, inW, w[2 * l]!, outW, z);
      const b = w[2 * l + 1]!;
      if (hidden) {
        const zT = nb.actsT[l]!;
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < outW; j++) {
            const v = fastTanh(z[r * outW + j]! + b[j]!);
            z[r * outW + j] = v;
            zT[j * rows + r] = v;
          }
        }
      } else {
        for (let r = 0; r < rows; r++) for (let j = 0; j < outW; j++) z[r * outW + j]! += b[j]!;
      }
    }
  }

  /** Layers L−1 … 1 of one network; leaves ∂loss/∂z of layer 0 in the fused `dz0`. */
  private backwardRest(nb: NetBuffers, w: readonly Float32Array[], grads: readonly Float32Array[], dOut: Float32Array, rows: number): void {
    const L = nb.widths.length - 1;
    let dz = dOut;
    for (let l = L - 1; l >= 1; l--) {
      const inW = nb.widths[l]!;
      const outW = nb.widths[l + 1]!;
      this.kernel.matMul(nb.actsT[l - 1]!, inW, rows, dz, outW, grads[2 * l]!);
      columnSums(dz, rows, outW, 0, outW, grads[2 * l + 1]!, this.sums);
      const wT = nb.wT[l]!;
      const wl = w[2 * l]!;
      for (let i = 0; i < inW; i++) for (let j = 0; j < outW; j++) wT[j * inW + i] = wl[i * outW + j]!;
      this.kernel.matMul(dz, rows, outW, wT, inW, this.dh);
      const h = nb.acts[l - 1]!;
      if (l > 1) {
        const next = nb.dz[l - 1]!;
        for (let e = 0; e < rows * inW; e++) next[e] = this.dh[e]! * (1 - h[e]! * h[e]!);
        dz = next;
      } else {
        const H = this.h0;
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < inW; j++) {
            const v = h[r * inW + j]!;
            this.dz0[r * H + nb.offset + j] = this.dh[r * inW + j]! * (1 - v * v);
          }
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

/** `out[j] = Σ_r m[r·stride + offset + j]` for j < width (sums in float64 in `acc`). */
function columnSums(m: Float32Array, rows: number, stride: number, offset: number, width: number, out: Float32Array, acc: Float64Array): void {
  acc.fill(0, 0, width);
  for (let r = 0; r < rows; r++) {
    const base = r * stride + offset;
    for (let j = 0; j < width; j++) acc[j]! += m[base + j]!;
  }
  for (let j = 0; j < width; j++) out[j] = acc[j]!;
}
