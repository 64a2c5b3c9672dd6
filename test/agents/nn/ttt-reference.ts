/**
 * Independent float64 reference of the TTT-Linear network for tests (primal form: the inner weight of
 * every token is materialized explicitly). Written without sharing code with the library so that the
 * gradient check and the equivalence tests compare two separate implementations.
 */

/** Weights as float64 arrays, same names and row-major layouts as the library's parameters. */
export type RefWeights = Record<string, Float64Array>;

/** Sizes the reference needs. */
export interface RefConfig {
  inputDim: number;
  outputDim: number;
  hidden: number;
  heads: number;
  miniBatch: number;
  intermediate: number;
  baseLr: number;
  lnEps: number;
  innerUpdates: boolean;
}

function matRow(x: number[], w: Float64Array, rows: number, cols: number, bias?: Float64Array): number[] {
  const out: number[] = [];
  for (let j = 0; j < cols; j++) {
    let acc = bias ? bias[j]! : 0;
    for (let i = 0; i < rows; i++) acc += x[i]! * w[i * cols + j]!;
    out.push(acc);
  }
  return out;
}

function norm(x: number[], g: Float64Array, b: Float64Array, eps: number): number[] {
  const m = x.reduce((a, c) => a + c, 0) / x.length;
  const v = x.reduce((a, c) => a + (c - m) * (c - m), 0) / x.length;
  return x.map((c, i) => ((c - m) / Math.sqrt(v + eps)) * g[i]! + b[i]!);
}

const sig = (u: number): number => 1 / (1 + Math.exp(-u));

/** Output of one sequence: tokens × outputDim. */
export function referenceSequence(w: RefWeights, c: RefConfig, seq: number[][]): number[][] {
  const H = c.hidden;
  const d = H / c.heads;
  // inner weights per head: d×d arrays [in][out]
  let W: number[][][] = [];
  for (let h = 0; h < c.heads; h++) {
    W.push(Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, a) => w.w0![h * d * d + r * d + a]!)));
  }
  const outputs: number[][] = [];
  for (let start = 0; start < seq.length; start += c.miniBatch) {
    const block = seq.slice(start, start + c.miniBatch);
    const feats = block.map((o) => {
      const x = matRow(o, w.inW!, c.inputDim, H, w.inB!);
      const k = matRow(x, w.thetaK!, H, H);
      const v = matRow(x, w.thetaV!, H, H);
      const q = matRow(x, w.thetaQ!, H, H);
      const gate = matRow(x, w.lrGateW!, H, c.heads, w.lrGateB!);
      const eta = gate.map((g) => (c.baseLr * sig(g)) / d);
      return { x, k, v, q, eta };
    });
    // gradients of every token of the block at the block's starting weights
    const grads = feats.map((f) =>
      W.map((Wh, h) => {
        const kh = f.k.slice(h * d, h * d + d);
        const vh = f.v.slice(h * d, h * d + d);
        const err = Array.from({ length: d }, (_, a) => kh.reduce((acc, kr, r) => acc + kr * Wh[r]![a]!, 0) - vh[a]!);
        return Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, a) => 2 * kh[r]! * err[a]!));
      }),
    );
    let last: number[][][] = W;
    feats.forEach((f, i) => {
      // token i (0-based) reads W_start − 1/(i+1) Σ_{j≤i} η_j G_j
      const Wi = W.map((Wh, h) =>
        Wh.map((row, r) =>
          row.map((val, a) => {
            if (!c.innerUpdates) return val;
            let s = 0;
            for (let j = 0; j <= i; j++) s += feats[j]!.eta[h]! * grads[j]![h]![r]![a]!;
            return val - s / (i + 1);
          }),
        ),
      );
      const z: number[] = [];
      for (let h = 0; h < c.heads; h++) {
        for (let a = 0; a < d; a++) {
          let acc = 0;
          for (let r = 0; r < d; r++) acc += f.q[h * d + r]! * Wi[h]![r]![a]!;
          z.push(acc);
        }
      }
      const o = matRow(norm(z, w.lnGamma!, w.lnBeta!, c.lnEps), w.thetaO!, H, H);
      let hid = f.x.map((xv, j) => xv + o[j]!);
      if (c.intermediate > 0) {
        const n = norm(hid, w.ffnGamma!, w.ffnBeta!, c.lnEps);
        const g = matRow(n, w.ffnGate!, H, c.intermediate);
        const u = matRow(n, w.ffnUp!, H, c.intermediate);
        const act = g.map((gv, j) => gv * sig(gv) * u[j]!);
        const delta = matRow(act, w.ffnDown!, c.intermediate, H);
        hid = hid.map((hv, j) => hv + delta[j]!);
      }
      outputs.push(matRow(hid, w.headW!, H, c.outputDim, w.headB!));
      last = Wi;
    });
    // a full block commits the last token's weights; a partial block at the end does not matter
    W = last;
  }
  return outputs;
}

/** Sum of `coef · output` over all sequences, tokens and outputs (the scalar the gradient check uses). */
export function referenceLoss(w: RefWeights, c: RefConfig, seqs: number[][][], coef: number[][][]): number {
  let total = 0;
  seqs.forEach((seq, s) => {
    referenceSequence(w, c, seq).forEach((row, t) => row.forEach((y, o) => (total += coef[s]![t]![o]! * y)));
  });
  return total;
}
