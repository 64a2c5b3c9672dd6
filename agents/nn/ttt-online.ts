/**
 * One-token-at-a-time TTT-Linear inference in plain JavaScript (rollouts and test-time adaptation).
 *
 * The weights are read out of the tfjs variables once (see {@link TTTLinear.inference}); each
 * environment then carries its own {@link TTTState}: the inner weight W at the start of the current
 * mini-batch (W_start), the running η-weighted gradient sum S of the tokens seen in this mini-batch, and
 * the position in the mini-batch. Token i of a mini-batch reads W_start − S/i (the causal rule); every
 * `miniBatch` tokens W_start ← W_start − S/b and S ← 0. This reproduces the batched tfjs forward of
 * {@link TTTLinear.apply} to float32 rounding.
 * @module
 */
import { feedForwardArrays, feedForwardJs, feedForwardScratch } from './feed-forward.ts';
import type { FeedForwardArrays, FeedForwardScratch } from './feed-forward.ts';
import { denseT, layerNorm, sigmoid, transpose } from './js-kernels.ts';
import type { ParamValues } from './params.ts';
import type { ResolvedTTTConfig } from './ttt-config.ts';

/** Per-sequence (per-environment) inner state of the TTT layer. */
export interface TTTState {
  /** W_start of every head, `[heads, headDim, headDim]` row-major (`[in, out]` per head). */
  readonly w: Float64Array;
  /** Running sum Σ 2η_j·k_jᵀe_j over the tokens of the current mini-batch, same layout as `w`. */
  readonly s: Float64Array;
  /** Tokens already consumed in the current mini-batch (0 … miniBatch − 1). */
  pos: number;
  /** Tokens consumed since the last reset. */
  tokens: number;
}

const REQUIRED = [
  'inW', 'inB', 'thetaK', 'thetaV', 'thetaQ', 'w0', 'lrGateW', 'lrGateB', 'lnGamma', 'lnBeta', 'thetaO', 'headW', 'headB',
] as const;
const FFN = ['ffnGamma', 'ffnBeta', 'ffnGate', 'ffnUp', 'ffnDown'] as const;

/** Plain-JS TTT-Linear network with frozen outer weights. Shared by any number of {@link TTTState}s. */
export class TTTInference {
  /** The configuration the weights belong to. */
  readonly config: ResolvedTTTConfig;
  /** Inner (test-time) updates on; false reads W₀ for every token. */
  innerUpdates: boolean;
  private readonly p: Record<string, Float32Array>;
  private readonly ffn: FeedForwardArrays | null;
  /** Transposed `[out, in]` copies of the dense weights (see `denseT`). */
  private readonly inWT: Float32Array;
  /** θ_K, θ_V, θ_Q and the gate weights stacked: one pass gives k, v, q and the gate logits. */
  private readonly kvqgT: Float32Array;
  private readonly kvqgB: Float32Array;
  private readonly qT: Float32Array;
  private readonly oT: Float32Array;
  private readonly headT: Float32Array;
  private readonly x: Float32Array;
  private readonly kvqg: Float32Array;
  private readonly k: Float32Array;
  private readonly v: Float32Array;
  private readonly q: Float32Array;
  private readonly gate: Float32Array;
  private readonly z: Float32Array;
  private readonly h: Float32Array;
  private readonly e: Float64Array;
  private readonly ffnScratch: FeedForwardScratch | null;

  /**
   * @param weights every parameter of the network (from {@link TTTLinear.readWeights}).
   * @param config the network's resolved configuration.
   * @throws Error naming a missing parameter or one of the wrong length.
   */
  constructor(weights: ParamValues, config: ResolvedTTTConfig) {
    this.config = config;
    this.innerUpdates = config.innerUpdates;
    const { inputDim: D, hidden: H, heads, headDim: d, intermediate: I, outputDim: O } = config;
    const sizes: Record<string, number> = {
      inW: D * H, inB: H, thetaK: H * H, thetaV: H * H, thetaQ: H * H, w0: heads * d * d, lrGateW: H * heads,
      lrGateB: heads, lnGamma: H, lnBeta: H, thetaO: H * H, headW: H * O, headB: O,
      ffnGamma: H, ffnBeta: H, ffnGate: H * I, ffnUp: H * I, ffnDown: I * H,
    };
    const names: string[] = [...REQUIRED, ...(I > 0 ? FFN : [])];
    this.p = {};
    for (const name of names) {
      const w = weights[name];
      if (w === undefined) throw new Error(`TTTInference: weight '${name}' is missing; pass TTTLinear.readWeights().`);
      if (w.length !== sizes[name]) {
        throw new Error(
          `TTTInference: weight '${name}' has ${w.length} values, expected ${sizes[name]} for this config; ` +
            'the weights and the config come from different networks.',
        );
      }
      this.p[name] = w;
    }
    const p = this.p;
    this.ffn =
      I > 0
        ? feedForwardArrays(
            { gamma: p.ffnGamma!, beta: p.ffnBeta!, gate: p.ffnGate!, up: p.ffnUp!, down: p.ffnDown! },
            H,
            I,
          )
        : null;
    this.ffnScratch = I > 0 ? feedForwardScratch(H, I) : null;
    this.inWT = transpose(p.inW!, D, H);
    this.qT = transpose(p.thetaQ!, H, H);
    this.kvqgT = new Float32Array((3 * H + heads) * H);
    this.kvqgT.set(transpose(p.thetaK!, H, H), 0);
    this.kvqgT.set(transpose(p.thetaV!, H, H), H * H);
    this.kvqgT.set(this.qT, 2 * H * H);
    this.kvqgT.set(transpose(p.lrGateW!, H, heads), 3 * H * H);
    this.kvqgB = new Float32Array(3 * H + heads);
    this.kvqgB.set(p.lrGateB!, 3 * H);
    this.oT = transpose(p.thetaO!, H, H);
    this.headT = transpose(p.headW!, H, O);
    this.x = new Float32Array(H);
    this.kvqg = new Float32Array(3 * H + heads);
    this.k = this.kvqg.subarray(0, H);
    this.v = this.kvqg.subarray(H, 2 * H);
    this.q = this.kvqg.subarray(2 * H, 3 * H);
    this.gate = this.kvqg.subarray(3 * H);
    this.z = new Float32Array(H);
    this.h = new Float32Array(H);
    this.e = new Float64Array(d);
  }

  /** A fresh state at the start of an episode (W_start = W₀, S = 0). */
  createState(): TTTState {
    const n = this.p.w0!.length;
    const state: TTTState = { w: new Float64Array(n), s: new Float64Array(n), pos: 0, tokens: 0 };
    this.resetState(state);
    return state;
  }

  /** Resets `state` to the start of an episode, in place. */
  resetState(state: TTTState): void {
    state.w.set(this.p.w0!);
    state.s.fill(0);
    state.pos = 0;
    state.tokens = 0;
  }

  /**
   * The inner self-supervised loss Σ_heads ‖k·W_start − v‖² of one observation under the state's
   * committed weights W_start (what the next mini-batch starts from); does not change the state. Useful
   * to monitor test-time adaptation.
   */
  reconstructionLoss(state: TTTState, obs: ArrayLike<number>): number {
    const { inputDim: D, hidden: H, heads, headDim: d } = this.config;
    if (obs.length !== D) throw new Error(`TTTInference.reconstructionLoss: obs must have ${D} values, got ${obs.length}.`);
    const x = denseT(obs, this.inWT, this.p.inB!, D, H, this.x);
    denseT(x, this.kvqgT, this.kvqgB, H, 3 * H + heads, this.kvqg);
    const k = this.k;
    const v = this.v;
    let loss = 0;
    for (let hd = 0; hd < heads; hd++) {
      for (let a = 0; a < d; a++) {
        let pred = 0;
        for (let r = 0; r < d; r++) pred += k[hd * d + r]! * state.w[hd * d * d + r * d + a]!;
        const err = pred - v[hd * d + a]!;
        loss += err * err;
      }
    }
    return loss;
  }

  /**
   * Consumes one observation token, advances `state` and writes the network output to `out`.
   *
   * @param state the sequence's state (mutated).
   * @param obs observation of length `inputDim`.
   * @param out destination of length `outputDim` (allocated when omitted).
   * @returns `out`.
   */
  step(state: TTTState, obs: ArrayLike<number>, out: Float32Array = new Float32Array(this.config.outputDim)): Float32Array {
    const c = this.config;
    const { inputDim: D, hidden: H, heads, headDim: d, miniBatch: b, outputDim: O } = c;
    if (obs.length !== D) throw new Error(`TTTInference.step: obs must have ${D} values, got ${obs.length}.`);
    const p = this.p;
    const x = denseT(obs, this.inWT, p.inB!, D, H, this.x);
    const q = this.q;
    const z = this.z;
    const w = state.w;
    const s = state.s;
    if (this.innerUpdates) {
      denseT(x, this.kvqgT, this.kvqgB, H, 3 * H + heads, this.kvqg);
      const k = this.k;
      const v = this.v;
      const gate = this.gate;
      const inv = 1 / (state.pos + 1);
      const e = this.e;
      for (let hd = 0; hd < heads; hd++) {
        const lr2 = (2 * c.baseLr * sigmoid(gate[hd]!)) / d;
        const base = hd * d * d;
        const off = hd * d;
        // e = k·W_start − v (gradients of a mini-batch are all taken at W_start)
        for (let a = 0; a < d; a++) e[a] = -v[off + a]!;
        for (let r = 0; r < d; r++) {
          const kr = k[off + r]!;
          const row = base + r * d;
          for (let a = 0; a < d; a++) e[a]! += kr * w[row + a]!;
        }
        // S += 2η·kᵀe, then z = q·(W_start − S/i)
        for (let a = 0; a < d; a++) z[off + a] = 0;
        for (let r = 0; r < d; r++) {
          const kr = lr2 * k[off + r]!;
          const qr = q[off + r]!;
          const row = base + r * d;
          for (let a = 0; a < d; a++) {
            const sv = s[row + a]! + kr * e[a]!;
            s[row + a] = sv;
            z[off + a]! += qr * (w[row + a]! - inv * sv);
          }
        }
      }
      state.pos += 1;
      if (state.pos === b) {
        const invB = 1 / b;
        for (let i = 0; i < w.length; i++) {
          w[i]! -= invB * s[i]!;
          s[i] = 0;
        }
        state.pos = 0;
      }
    } else {
      denseT(x, this.qT, null, H, H, q);
      const w0 = p.w0!;
      for (let hd = 0; hd < heads; hd++) {
        const base = hd * d * d;
        const off = hd * d;
        for (let a = 0; a < d; a++) {
          let acc = 0;
          for (let r = 0; r < d; r++) acc += q[off + r]! * w0[base + r * d + a]!;
          z[off + a] = acc;
        }
      }
    }
    state.tokens += 1;
    const h = this.h;
    layerNorm(z, p.lnGamma!, p.lnBeta!, c.lnEps, z);
    denseT(z, this.oT, null, H, H, h);
    for (let i = 0; i < H; i++) h[i] = h[i]! + x[i]!;
    if (this.ffn !== null) feedForwardJs(h, this.ffn, c.lnEps, H, c.intermediate, this.ffnScratch!);
    return denseT(h, this.headT, p.headB!, H, O, out);
  }
}
