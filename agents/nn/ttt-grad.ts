/**
 * Forward and hand-derived backward pass of one {@link TTTLinear} network over whole sequences, on plain
 * Float32Arrays, with the large matrix products on a {@link MatMulKernel} and the inner-update scan in
 * plain JavaScript (`ttt-scan-js.ts`, called directly). It computes what {@link TTTLinear.apply} computes
 * (rows sequence-major, row = sequence·length + position), without tfjs's autodiff: on the T2DRL agent's
 * training batches (2,000 rows of width 32) tfjs spent more time issuing hundreds of small kernels and
 * keeping the autodiff tape than on the arithmetic.
 *
 * Forward, per row (x the embedding, H the width, I the feed-forward size):
 *   x = o·W_in + b_in;   [k v q g] = x·[θ_K θ_V θ_Q w_gate];   z = scan(k, v, q, g + c_gate, W₀)
 *   n₁ = LN(z)·γ + β;    h₁ = x + n₁·θ_O
 *   n₂ = LN(h₁)·γ_f + β_f;   [a u] = n₂·[W_gate W_up];   h₂ = h₁ + (silu(a) ⊙ u)·W_down   (I > 0; else h₂ = h₁)
 *   y = h₂·W_head + b_head
 * Backward: the products' rules (dA = dC·Bᵀ, dB = Aᵀ·dC; the activations are also kept transposed so
 * every product is a plain A·B), silu'(a) = σ(a)(1 + a(1 − σ(a))), and the layer norm's
 *   dx = rstd·(d̂ − mean(d̂) − x̂·mean(d̂ ⊙ x̂)),  d̂ = dn ⊙ γ,
 * per row; the scan's own backward is `scanBackward`. With the inner updates off the scan runs with a
 * zero inner learning rate, which is exactly the frozen read-out z = q·W₀ (the gate and θ_K, θ_V get zero
 * gradients; tfjs does not reach them at all).
 *
 * Buffers are sized once for `maxRows` rows and reused by every call.
 * @module
 */
import { columnSums, transposeInto } from './js-kernels.ts';
import { defaultMatMul } from './matmul-kernel.ts';
import type { MatMulKernel } from './matmul-kernel.ts';
import type { ResolvedTTTConfig } from './ttt-config.ts';
import { scanBackward, scanForward } from './ttt-scan-js.ts';
import type { ScanBackwardBuffers, ScanSizes, ScanTape } from './ttt-scan-js.ts';

/** Weights (or gradients) of one TTT network by parameter name, as {@link TTTLinear.parameterShapes} lists them. */
export type TTTArrays = Readonly<Record<string, Float32Array>>;

/** The parameter names of a network with this configuration, in {@link TTTLinear}'s creation order. */
export function tttParameterNames(c: ResolvedTTTConfig): string[] {
  const ffn = c.intermediate > 0 ? ['ffnGamma', 'ffnBeta', 'ffnGate', 'ffnUp', 'ffnDown'] : [];
  return ['inW', 'inB', 'thetaK', 'thetaV', 'thetaQ', 'w0', 'lrGateW', 'lrGateB', 'lnGamma', 'lnBeta', 'thetaO', ...ffn, 'headW', 'headB'];
}

/** Number of values of each parameter (see {@link tttParameterNames}). */
export function tttParameterSizes(c: ResolvedTTTConfig): Record<string, number> {
  const { inputDim: D, hidden: H, heads, headDim: d, intermediate: I, outputDim: O } = c;
  return {
    inW: D * H,
    inB: H,
    thetaK: H * H,
    thetaV: H * H,
    thetaQ: H * H,
    w0: heads * d * d,
    lrGateW: H * heads,
    lrGateB: heads,
    lnGamma: H,
    lnBeta: H,
    thetaO: H * H,
    ...(I > 0 ? { ffnGamma: H, ffnBeta: H, ffnGate: H * I, ffnUp: H * I, ffnDown: I * H } : {}),
    headW: H * O,
    headB: O,
  };
}

/** Per-row layer norm forward: writes x̂ and rstd, and out = x̂·γ + β. */
function layerNormRows(x: Float32Array, rows: number, n: number, gamma: Float32Array, beta: Float32Array, eps: number, xhat: Float32Array, rstd: Float64Array, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[base + i]!;
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) {
      const d = x[base + i]! - mean;
      variance += d * d;
    }
    const inv = 1 / Math.sqrt(variance / n + eps);
    rstd[r] = inv;
    for (let i = 0; i < n; i++) {
      const h = (x[base + i]! - mean) * inv;
      xhat[base + i] = h;
      out[base + i] = h * gamma[i]! + beta[i]!;
    }
  }
}

/**
 * Per-row layer norm backward: given dn = ∂L/∂out, adds ∂L/∂x into `dx` (`accumulate`) or writes it, and
 * writes ∂L/∂γ, ∂L/∂β.
 */
function layerNormBackRows(dn: Float32Array, rows: number, n: number, gamma: Float32Array, xhat: Float32Array, rstd: Float64Array, dx: Float32Array, accumulate: boolean, dGamma: Float32Array, dBeta: Float32Array, acc: Float64Array): void {
  acc.fill(0, 0, 2 * n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let m1 = 0;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const g = dn[base + i]!;
      const h = xhat[base + i]!;
      acc[i]! += g * h;
      acc[n + i]! += g;
      const dh = g * gamma[i]!;
      m1 += dh;
      m2 += dh * h;
    }
    m1 /= n;
    m2 /= n;
    const inv = rstd[r]!;
    for (let i = 0; i < n; i++) {
      const v = inv * (dn[base + i]! * gamma[i]! - m1 - xhat[base + i]! * m2);
      dx[base + i] = accumulate ? dx[base + i]! + v : v;
    }
  }
  for (let i = 0; i < n; i++) {
    dGamma[i] = acc[i]!;
    dBeta[i] = acc[n + i]!;
  }
}

/** One TTT network's forward and backward (see the module description). */
export class TTTGrad {
  /** The network's configuration. */
  readonly config: ResolvedTTTConfig;
  /** Largest number of rows (sequences × length) a call may have. */
  readonly maxRows: number;
  private readonly kernel: MatMulKernel;
  /** Width of the fused k, v, q, gate product. */
  private readonly width: number;
  private readonly sizes: Record<string, number>;
  // activations
  private readonly obsT: Float32Array;
  private readonly x: Float32Array;
  private readonly xT: Float32Array;
  private readonly kvqg: Float32Array;
  private readonly z: Float32Array;
  private readonly xhat1: Float32Array;
  private readonly rstd1: Float64Array;
  private readonly n1: Float32Array;
  private readonly n1T: Float32Array;
  private readonly h1: Float32Array;
  private readonly xhat2: Float32Array;
  private readonly rstd2: Float64Array;
  private readonly n2: Float32Array;
  private readonly n2T: Float32Array;
  private readonly gu: Float32Array;
  private readonly act: Float32Array;
  /** σ(a) of the feed-forward gate pre-activations, kept for the backward pass. */
  private readonly sig: Float32Array;
  private readonly actT: Float32Array;
  private readonly h2: Float32Array;
  private readonly h2T: Float32Array;
  private readonly y: Float32Array;
  // gradients of activations
  private readonly dh: Float32Array;
  private readonly dx: Float32Array;
  private readonly tmp: Float32Array;
  private readonly dz: Float32Array;
  private readonly dAct: Float32Array;
  private readonly dgu: Float32Array;
  private readonly scanBuffers: ScanBackwardBuffers;
  // fused and transposed weights, fused weight gradients
  private readonly fused: Float32Array;
  private readonly fusedT: Float32Array;
  private readonly dFused: Float32Array;
  private readonly guW: Float32Array;
  private readonly guWT: Float32Array;
  private readonly dGuW: Float32Array;
  private readonly downT: Float32Array;
  private readonly thetaOT: Float32Array;
  private readonly headWT: Float32Array;
  private readonly acc: Float64Array;
  private tape: ScanTape | undefined;
  private scanSizes: ScanSizes | null = null;
  private rows = 0;
  private weights: TTTArrays | null = null;

  /**
   * @param config the network's resolved configuration (`TTTLinear.config`).
   * @param maxRows the largest sequences × length of a call.
   * @param kernel where the large products run (default {@link defaultMatMul}).
   * @throws RangeError when `maxRows` is not a positive integer.
   */
  constructor(config: ResolvedTTTConfig, maxRows: number, kernel: MatMulKernel = defaultMatMul()) {
    if (!Number.isInteger(maxRows) || maxRows <= 0) throw new RangeError(`TTTGrad: maxRows must be a positive integer, got ${maxRows}.`);
    this.config = config;
    this.maxRows = maxRows;
    this.kernel = kernel;
    const { inputDim: D, hidden: H, heads, intermediate: I, outputDim: O } = config;
    const R = maxRows;
    const W = 3 * H + heads;
    this.width = W;
    this.sizes = tttParameterSizes(config);
    const f32 = (n: number) => new Float32Array(n);
    this.obsT = f32(D * R);
    this.x = f32(R * H);
    this.xT = f32(H * R);
    this.kvqg = f32(R * W);
    this.z = f32(R * H);
    this.xhat1 = f32(R * H);
    this.rstd1 = new Float64Array(R);
    this.n1 = f32(R * H);
    this.n1T = f32(H * R);
    this.h1 = f32(R * H);
    this.xhat2 = f32(I > 0 ? R * H : 0);
    this.rstd2 = new Float64Array(I > 0 ? R : 0);
    this.n2 = f32(I > 0 ? R * H : 0);
    this.n2T = f32(I > 0 ? H * R : 0);
    this.gu = f32(R * 2 * I);
    this.act = f32(R * I);
    this.sig = f32(R * I);
    this.actT = f32(I * R);
    this.h2 = f32(I > 0 ? R * H : 0);
    this.h2T = f32(H * R);
    this.y = f32(R * O);
    this.dh = f32(R * H);
    this.dx = f32(R * H);
    this.tmp = f32(R * H);
    this.dz = f32(R * H);
    this.dAct = f32(R * I);
    this.dgu = f32(R * 2 * I);
    this.scanBuffers = { kvqg: f32(R * W), eta: new Float64Array(R * heads) };
    this.fused = f32(H * W);
    this.fusedT = f32(W * H);
    this.dFused = f32(H * W);
    this.guW = f32(H * 2 * I);
    this.guWT = f32(2 * I * H);
    this.dGuW = f32(H * 2 * I);
    this.downT = f32(H * I);
    this.thetaOT = f32(H * H);
    this.headWT = f32(O * H);
    this.acc = new Float64Array(Math.max(2 * H, W, O, 2 * I));
  }

  /**
   * Runs the network on `sequences` sequences of `length` tokens and returns the outputs
   * `[sequences·length, outputDim]` (a view into a reused buffer, valid until the next call).
   *
   * @param obs `[sequences, length, inputDim]`, row-major.
   * @param weights every parameter by name (see {@link tttParameterNames}); kept (not copied) for {@link backward}.
   * @param innerUpdates test-time updates on (default) or off (W stays W₀).
   * @throws RangeError on sizes that do not fit.
   */
  forward(obs: Float32Array, sequences: number, length: number, weights: TTTArrays, innerUpdates = true): Float32Array {
    const c = this.config;
    const { inputDim: D, hidden: H, heads, intermediate: I, outputDim: O } = c;
    const R = sequences * length;
    if (!Number.isInteger(sequences) || !Number.isInteger(length) || sequences <= 0 || length <= 0 || R > this.maxRows) {
      throw new RangeError(`TTTGrad.forward: sequences × length must be positive integers with a product ≤ ${this.maxRows}, got ${sequences} × ${length}.`);
    }
    if (obs.length < R * D) throw new RangeError(`TTTGrad.forward: obs needs ${R}×${D} values, got ${obs.length}.`);
    this.checkArrays('weights', weights);
    this.rows = R;
    this.weights = weights;
    const W = this.width;
    const mm = this.kernel;
    // embedding
    transposeInto(obs, R, D, this.obsT);
    const x = this.x;
    mm.matMul(obs, R, D, weights['inW']!, H, x);
    const inB = weights['inB']!;
    for (let r = 0; r < R; r++) for (let j = 0; j < H; j++) x[r * H + j]! += inB[j]!;
    transposeInto(x, R, H, this.xT);
    // fused k, v, q, gate logits
    const parts = [weights['thetaK']!, weights['thetaV']!, weights['thetaQ']!, weights['lrGateW']!];
    const widths = [H, H, H, heads];
    for (let i = 0; i < H; i++) {
      let off = i * W;
      for (let p = 0; p < 4; p++) {
        const w = widths[p]!;
        this.fused.set(parts[p]!.subarray(i * w, (i + 1) * w), off);
        off += w;
      }
    }
    transposeInto(this.fused, H, W, this.fusedT);
    const kvqg = this.kvqg.subarray(0, R * W);
    mm.matMul(x, R, H, this.fused, W, kvqg);
    // the scan (a zero inner rate is exactly the frozen read-out)
    const sizes: ScanSizes = { sequences, length, miniBatch: c.miniBatch, heads, headDim: c.headDim, baseLr: innerUpdates ? c.baseLr : 0 };
    this.scanSizes = sizes;
    const z = this.z.subarray(0, R * H);
    this.tape = scanForward(kvqg, weights['lrGateB']!, weights['w0']!, sizes, z, this.tape);
    // layer norm, output projection, residual
    layerNormRows(z, R, H, weights['lnGamma']!, weights['lnBeta']!, c.lnEps, this.xhat1, this.rstd1, this.n1);
    transposeInto(this.n1, R, H, this.n1T);
    const h1 = this.h1;
    mm.matMul(this.n1, R, H, weights['thetaO']!, H, h1);
    for (let e = 0; e < R * H; e++) h1[e]! += x[e]!;
    let h2 = h1;
    if (I > 0) {
      layerNormRows(h1, R, H, weights['ffnGamma']!, weights['ffnBeta']!, c.lnEps, this.xhat2, this.rstd2, this.n2);
      transposeInto(this.n2, R, H, this.n2T);
      const gate = weights['ffnGate']!;
      const up = weights['ffnUp']!;
      for (let i = 0; i < H; i++) {
        this.guW.set(gate.subarray(i * I, (i + 1) * I), i * 2 * I);
        this.guW.set(up.subarray(i * I, (i + 1) * I), i * 2 * I + I);
      }
      transposeInto(this.guW, H, 2 * I, this.guWT);
      const gu = this.gu;
      mm.matMul(this.n2, R, H, this.guW, 2 * I, gu);
      const act = this.act;
      const sig = this.sig;
      for (let r = 0; r < R; r++) {
        for (let j = 0; j < I; j++) {
          const a = gu[r * 2 * I + j]!;
          const s = 1 / (1 + Math.exp(-a));
          sig[r * I + j] = s;
          act[r * I + j] = a * s * gu[r * 2 * I + I + j]!;
        }
      }
      transposeInto(act, R, I, this.actT);
      h2 = this.h2;
      mm.matMul(act, R, I, weights['ffnDown']!, H, h2);
      for (let e = 0; e < R * H; e++) h2[e]! += h1[e]!;
    }
    transposeInto(h2, R, H, this.h2T);
    const y = this.y.subarray(0, R * O);
    mm.matMul(h2, R, H, weights['headW']!, O, y);
    const headB = weights['headB']!;
    for (let r = 0; r < R; r++) for (let j = 0; j < O; j++) y[r * O + j]! += headB[j]!;
    return y;
  }

  /**
   * Gradients of a loss with respect to every parameter, given ∂loss/∂(outputs of the last {@link forward}).
   *
   * @param dy `[rows, outputDim]`.
   * @param grads destinations by parameter name, sized like the weights (overwritten).
   * @throws Error when called before {@link forward}; RangeError on mis-sized arrays.
   */
  backward(dy: Float32Array, grads: TTTArrays): void {
    const w = this.weights;
    const sizes = this.scanSizes;
    if (w === null || sizes === null || this.tape === undefined) throw new Error('TTTGrad.backward: call forward first.');
    this.checkArrays('grads', grads);
    const c = this.config;
    const { hidden: H, heads, intermediate: I, outputDim: O } = c;
    const R = this.rows;
    if (dy.length < R * O) throw new RangeError(`TTTGrad.backward: dy needs ${R}×${O} values, got ${dy.length}.`);
    const W = this.width;
    const mm = this.kernel;
    const acc = this.acc;
    // head
    mm.matMul(this.h2T, H, R, dy, O, grads['headW']!);
    columnSums(dy, R, O, grads['headB']!, acc);
    transposeInto(w['headW']!, H, O, this.headWT);
    const dh = this.dh; // ∂L/∂h₂, then ∂L/∂h₁
    mm.matMul(dy, R, O, this.headWT, H, dh);
    if (I > 0) {
      mm.matMul(this.actT, I, R, dh, H, grads['ffnDown']!);
      transposeInto(w['ffnDown']!, I, H, this.downT);
      const dAct = this.dAct;
      mm.matMul(dh, R, H, this.downT, I, dAct);
      const gu = this.gu;
      const dgu = this.dgu;
      const sig = this.sig;
      for (let r = 0; r < R; r++) {
        for (let j = 0; j < I; j++) {
          const a = gu[r * 2 * I + j]!;
          const u = gu[r * 2 * I + I + j]!;
          const s = sig[r * I + j]!;
          const g = dAct[r * I + j]!;
          dgu[r * 2 * I + j] = g * u * s * (1 + a * (1 - s));
          dgu[r * 2 * I + I + j] = g * a * s;
        }
      }
      mm.matMul(this.n2T, H, R, dgu, 2 * I, this.dGuW);
      const dGate = grads['ffnGate']!;
      const dUp = grads['ffnUp']!;
      for (let i = 0; i < H; i++) {
        dGate.set(this.dGuW.subarray(i * 2 * I, i * 2 * I + I), i * I);
        dUp.set(this.dGuW.subarray(i * 2 * I + I, (i + 1) * 2 * I), i * I);
      }
      const dn2 = this.tmp;
      mm.matMul(dgu, R, 2 * I, this.guWT, H, dn2);
      layerNormBackRows(dn2, R, H, w['ffnGamma']!, this.xhat2, this.rstd2, dh, true, grads['ffnGamma']!, grads['ffnBeta']!, acc);
    }
    // h₁ = x + n₁·θ_O
    mm.matMul(this.n1T, H, R, dh, H, grads['thetaO']!);
    transposeInto(w['thetaO']!, H, H, this.thetaOT);
    const dn1 = this.tmp;
    mm.matMul(dh, R, H, this.thetaOT, H, dn1);
    const dz = this.dz.subarray(0, R * H);
    layerNormBackRows(dn1, R, H, w['lnGamma']!, this.xhat1, this.rstd1, dz, false, grads['lnGamma']!, grads['lnBeta']!, acc);
    // the scan
    const kvqg = this.kvqg.subarray(0, R * W);
    const g = scanBackward(kvqg, dz, this.tape, sizes, this.scanBuffers);
    grads['lrGateB']!.set(g.gateBias);
    grads['w0']!.set(g.w0);
    const dKvqg = g.kvqg.subarray(0, R * W);
    mm.matMul(this.xT, H, R, dKvqg, W, this.dFused);
    const dParts = [grads['thetaK']!, grads['thetaV']!, grads['thetaQ']!, grads['lrGateW']!];
    const widths = [H, H, H, heads];
    for (let i = 0; i < H; i++) {
      let off = i * W;
      for (let p = 0; p < 4; p++) {
        const wd = widths[p]!;
        dParts[p]!.set(this.dFused.subarray(off, off + wd), i * wd);
        off += wd;
      }
    }
    // x feeds the residual (dh) and the fused product
    const dx = this.dx;
    mm.matMul(dKvqg, R, W, this.fusedT, H, dx);
    for (let e = 0; e < R * H; e++) dx[e]! += dh[e]!;
    mm.matMul(this.obsT, c.inputDim, R, dx, H, grads['inW']!);
    columnSums(dx, R, H, grads['inB']!, acc);
  }

  private checkArrays(what: string, arrays: TTTArrays): void {
    for (const [name, n] of Object.entries(this.sizes)) {
      const a = arrays[name];
      if (a === undefined || a.length !== n) {
        throw new RangeError(`TTTGrad: ${what} '${name}' must have ${n} values, got ${a === undefined ? 'none' : a.length}.`);
      }
    }
  }
}
