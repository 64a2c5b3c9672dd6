/**
 * The causal mini-batch TTT-Linear scan in plain JavaScript, forward and hand-derived backward, over
 * whole sequence batches (the training path; see `ttt-scan-op.ts` for the tfjs op around it).
 *
 * Notation as in `ttt-dual-form.ts` (per sequence and head, row vectors, head dim d, mini-batch b):
 * for a mini-batch starting with inner weight W (`[in, out]`), with e_j = k_j·W − v_j,
 *   z_i = q_i·W − Σ_{j≤i} (2η_j/i)(q_i·k_j)·e_j                (i, j 1-based within the mini-batch)
 *   W_next = W − Σ_j (2η_j/b)·k_jᵀe_j,
 * every sequence starting from W₀. The per-token, per-head inner rate is
 *   η = baseLr·sigmoid(g + c)/d
 * from the gate logits g (without bias) and the gate bias c.
 *
 * The backward pass runs the mini-batches in reverse with G = ∂L/∂W_next (0 after the last one):
 *   ∂L/∂W = G + Σ_i q_iᵀ·dz_i + Σ_j k_jᵀ·de_j,
 *   de_j = −Σ_{i≥j} (2η_j/i)(q_i·k_j)·dz_i − (2η_j/b)·k_j·G,
 * plus the products' rules for q, k, v and η (see the code). At the sizes of the agents (head dim 8,
 * mini-batch 4) this is a few million multiply-adds per training batch: in tfjs it took hundreds of tiny
 * kernels at a fixed overhead each; here it is one pass over the data.
 *
 * Layout: sequence-major rows (row = sequence·length + position). The fused input `kvqg` holds per row
 * the keys, values and queries (`heads·headDim` each, head-major) followed by the `heads` gate logits.
 * Arithmetic is float64; outputs are stored as float32. A sequence length that is not a multiple of the
 * mini-batch ends in a partial mini-batch (the same outputs as zero-padding it, since the scan is causal).
 * @module
 */

/** Sizes of one scan. */
export interface ScanSizes {
  /** Number of sequences B. */
  readonly sequences: number;
  /** Tokens per sequence T. */
  readonly length: number;
  /** Inner mini-batch size b. */
  readonly miniBatch: number;
  /** Number of heads. */
  readonly heads: number;
  /** Width of a head d. */
  readonly headDim: number;
  /** Base inner learning rate (η = baseLr·sigmoid(gate)/d). */
  readonly baseLr: number;
}

/** What {@link scanForward} keeps for {@link scanBackward}. */
export interface ScanTape {
  /** Inner weight at the start of every mini-batch, `[B, heads, blocks, d, d]`. */
  readonly starts: Float64Array;
  /** η per row and head, `[B·T, heads]`. */
  readonly eta: Float64Array;
  /** sigmoid(gate) per row and head, `[B·T, heads]`. */
  readonly gate: Float64Array;
}

/** Gradients returned by {@link scanBackward}. */
export interface ScanGradients {
  /** ∂L/∂kvqg, same layout as the input. */
  readonly kvqg: Float32Array;
  /** ∂L/∂(gate bias), `[heads]`. */
  readonly gateBias: Float32Array;
  /** ∂L/∂W₀, `[heads, d, d]`. */
  readonly w0: Float32Array;
}

function blocksOf(s: ScanSizes): number {
  return Math.ceil(s.length / s.miniBatch);
}

function checkSizes(what: string, s: ScanSizes, kvqg: ArrayLike<number>, w0: ArrayLike<number>): void {
  const H = s.heads * s.headDim;
  const rows = s.sequences * s.length;
  if (kvqg.length !== rows * (3 * H + s.heads)) {
    throw new RangeError(
      `${what}: kvqg must have ${rows} rows of ${3 * H + s.heads} values (k, v, q, gate), got ${kvqg.length} values.`,
    );
  }
  if (w0.length !== s.heads * s.headDim * s.headDim) {
    throw new RangeError(`${what}: w0 must have heads·headDim² = ${s.heads * s.headDim * s.headDim} values, got ${w0.length}.`);
  }
}

/** Scratch of one mini-batch of one head: k, v, q rows and η, copied contiguously (`[b, d]`, `[b]`). */
interface BlockScratch {
  readonly k: Float64Array;
  readonly v: Float64Array;
  readonly q: Float64Array;
  readonly eta: Float64Array;
  /** e_j = k_j·W − v_j. */
  readonly e: Float64Array;
  /** qk[i·b + j] = q_i·k_j for j ≤ i. */
  readonly qk: Float64Array;
  /** coef[i·b + j] = (2η_j/(i+1))·(q_i·k_j) for j ≤ i. */
  readonly coef: Float64Array;
}

function blockScratch(b: number, d: number): BlockScratch {
  return {
    k: new Float64Array(b * d),
    v: new Float64Array(b * d),
    q: new Float64Array(b * d),
    eta: new Float64Array(b),
    e: new Float64Array(b * d),
    qk: new Float64Array(b * b),
    coef: new Float64Array(b * b),
  };
}

/**
 * Loads the m tokens of a mini-batch (rows row0 … row0 + m − 1, head h) into `sc` and computes the
 * residuals e under W (at `wOff` of `W`) and the read-out coefficients.
 */
function loadBlock(
  kvqg: Float32Array,
  etaAll: Float64Array,
  row0: number,
  m: number,
  h: number,
  sz: ScanSizes,
  W: Float64Array,
  wOff: number,
  sc: BlockScratch,
): void {
  const { heads, headDim: d, miniBatch: b } = sz;
  const H = heads * d;
  const width = 3 * H + heads;
  const { k, v, q, eta, e, qk, coef } = sc;
  for (let j = 0; j < m; j++) {
    const base = (row0 + j) * width + h * d;
    for (let a = 0; a < d; a++) {
      k[j * d + a] = kvqg[base + a]!;
      v[j * d + a] = kvqg[base + H + a]!;
      q[j * d + a] = kvqg[base + 2 * H + a]!;
    }
    eta[j] = etaAll[(row0 + j) * heads + h]!;
  }
  for (let j = 0; j < m; j++) {
    for (let a = 0; a < d; a++) {
      let acc = -v[j * d + a]!;
      for (let r = 0; r < d; r++) acc += k[j * d + r]! * W[wOff + r * d + a]!;
      e[j * d + a] = acc;
    }
  }
  for (let i = 0; i < m; i++) {
    const c = 2 / (i + 1);
    for (let j = 0; j <= i; j++) {
      let acc = 0;
      for (let r = 0; r < d; r++) acc += q[i * d + r]! * k[j * d + r]!;
      qk[i * b + j] = acc;
      coef[i * b + j] = c * eta[j]! * acc;
    }
  }
}

function gates(kvqg: Float32Array, gateBias: ArrayLike<number>, sz: ScanSizes, rows: number, eta: Float64Array, gate: Float64Array): void {
  const { heads, headDim: d, baseLr } = sz;
  const H = heads * d;
  const width = 3 * H + heads;
  for (let r = 0; r < rows; r++) {
    for (let h = 0; h < heads; h++) {
      const x = kvqg[r * width + 3 * H + h]! + gateBias[h]!;
      const g = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
      gate[r * heads + h] = g;
      eta[r * heads + h] = (baseLr * g) / d;
    }
  }
}

/** Allocates a tape for `sizes` (see {@link scanForward}'s `reuse`). */
export function allocateTape(sizes: ScanSizes): ScanTape {
  const { sequences: B, length: T, heads, headDim: d } = sizes;
  return {
    starts: new Float64Array(B * heads * blocksOf(sizes) * d * d),
    eta: new Float64Array(B * T * heads),
    gate: new Float64Array(B * T * heads),
  };
}

/** Whether `tape` has the array sizes {@link scanForward} needs for `sizes`. */
export function tapeFits(tape: ScanTape, sizes: ScanSizes): boolean {
  const { sequences: B, length: T, heads, headDim: d } = sizes;
  return tape.starts.length === B * heads * blocksOf(sizes) * d * d && tape.eta.length === B * T * heads;
}

/**
 * Forward scan: writes the outputs z (`[B·T, heads·headDim]`) and returns the tape for the backward pass.
 *
 * @param kvqg fused keys, values, queries and gate logits (see the module description).
 * @param gateBias gate bias `[heads]`.
 * @param w0 initial inner weights `[heads, d, d]`.
 * @param reuse a tape no longer needed, overwritten instead of allocating a new one when its sizes fit.
 * @throws RangeError when an array's length does not fit `sizes`.
 */
export function scanForward(
  kvqg: Float32Array,
  gateBias: ArrayLike<number>,
  w0: ArrayLike<number>,
  sizes: ScanSizes,
  z: Float32Array,
  reuse?: ScanTape,
): ScanTape {
  checkSizes('scanForward', sizes, kvqg, w0);
  const { sequences: B, length: T, miniBatch: b, heads, headDim: d } = sizes;
  const H = heads * d;
  const blocks = blocksOf(sizes);
  const dd = d * d;
  const tape = reuse !== undefined && tapeFits(reuse, sizes) ? reuse : allocateTape(sizes);
  const { eta, gate, starts } = tape;
  gates(kvqg, gateBias, sizes, B * T, eta, gate);
  const sc = blockScratch(b, d);
  const { k, q, e, coef } = sc;
  for (let s = 0; s < B; s++) {
    for (let h = 0; h < heads; h++) {
      let wOff = (s * heads + h) * blocks * dd;
      for (let i = 0; i < dd; i++) starts[wOff + i] = w0[h * dd + i]!;
      for (let n = 0; n < blocks; n++, wOff += dd) {
        const row0 = s * T + n * b;
        const m = Math.min(b, T - n * b);
        loadBlock(kvqg, eta, row0, m, h, sizes, starts, wOff, sc);
        for (let i = 0; i < m; i++) {
          const zi = (row0 + i) * H + h * d;
          for (let a = 0; a < d; a++) {
            let acc = 0;
            for (let r = 0; r < d; r++) acc += q[i * d + r]! * starts[wOff + r * d + a]!;
            for (let j = 0; j <= i; j++) acc -= coef[i * b + j]! * e[j * d + a]!;
            z[zi + a] = acc;
          }
        }
        if (n === blocks - 1) continue; // the last update is never read
        const next = wOff + dd;
        for (let i = 0; i < dd; i++) starts[next + i] = starts[wOff + i]!;
        for (let j = 0; j < m; j++) {
          const beta = (2 * sc.eta[j]!) / b;
          for (let r = 0; r < d; r++) {
            const kr = beta * k[j * d + r]!;
            for (let a = 0; a < d; a++) starts[next + r * d + a]! -= kr * e[j * d + a]!;
          }
        }
      }
    }
  }
  return tape;
}

/**
 * Reusable outputs of {@link scanBackward} (at least `[B·T, 3·heads·headDim + heads]` and `[B·T, heads]`
 * values): every value of the used part is overwritten.
 */
export interface ScanBackwardBuffers {
  /** Receives ∂L/∂kvqg (the returned `kvqg` is a view of it). */
  readonly kvqg: Float32Array;
  /** Scratch for ∂L/∂η. */
  readonly eta: Float64Array;
}

/**
 * Backward scan: the gradients of a loss with respect to `kvqg`, the gate bias and W₀, given
 * ∂L/∂z (`dz`, `[B·T, heads·headDim]`) and the tape of the forward pass on the same inputs.
 *
 * @param into buffers to write into instead of allocating (see {@link ScanBackwardBuffers}).
 * @throws RangeError when an array's length does not fit `sizes`.
 */
export function scanBackward(kvqg: Float32Array, dz: Float32Array, tape: ScanTape, sizes: ScanSizes, into?: ScanBackwardBuffers): ScanGradients {
  const { sequences: B, length: T, miniBatch: b, heads, headDim: d } = sizes;
  const H = heads * d;
  const width = 3 * H + heads;
  const blocks = blocksOf(sizes);
  const dd = d * d;
  const rows = B * T;
  if (dz.length !== rows * H) throw new RangeError(`scanBackward: dz must have ${rows}×${H} values, got ${dz.length}.`);
  const { starts, eta: etaAll, gate } = tape;
  if (into !== undefined && (into.kvqg.length < rows * width || into.eta.length < rows * heads)) {
    throw new RangeError(`scanBackward: into needs ${rows * width} and ${rows * heads} values, got ${into.kvqg.length} and ${into.eta.length}.`);
  }
  const dKvqg = into === undefined ? new Float32Array(rows * width) : into.kvqg.subarray(0, rows * width);
  const dEta = into === undefined ? new Float64Array(rows * heads) : into.eta.subarray(0, rows * heads);
  const dW0 = new Float64Array(heads * dd);
  const G = new Float64Array(dd); //  ∂L/∂W_next
  const dW = new Float64Array(dd); // ∂L/∂W (start of the current mini-batch)
  const sc = blockScratch(b, d);
  const { k, q, eta, e, qk, coef } = sc;
  const g = new Float64Array(b * d); // dz of the mini-batch
  const de = new Float64Array(b * d);
  const dq = new Float64Array(b * d);
  const dk = new Float64Array(b * d);
  const dEtaB = new Float64Array(b);
  const ge = new Float64Array(d);
  for (let s = 0; s < B; s++) {
    for (let h = 0; h < heads; h++) {
      G.fill(0);
      for (let n = blocks - 1; n >= 0; n--) {
        const wOff = ((s * heads + h) * blocks + n) * dd;
        const row0 = s * T + n * b;
        const m = Math.min(b, T - n * b);
        loadBlock(kvqg, etaAll, row0, m, h, sizes, starts, wOff, sc);
        for (let i = 0; i < m; i++) {
          const dzi = (row0 + i) * H + h * d;
          for (let a = 0; a < d; a++) g[i * d + a] = dz[dzi + a]!;
        }
        for (let i = 0; i < dd; i++) dW[i] = G[i]!;
        de.fill(0);
        dq.fill(0);
        dk.fill(0);
        dEtaB.fill(0);
        // read-out: z_i = q_i·W − Σ_{j≤i} coef_ij e_j, coef_ij = (2/i)·η_j·(q_i·k_j)
        for (let i = 0; i < m; i++) {
          const c = 2 / (i + 1);
          for (let r = 0; r < d; r++) {
            const qr = q[i * d + r]!;
            let acc = 0;
            for (let a = 0; a < d; a++) {
              const ga = g[i * d + a]!;
              dW[r * d + a]! += qr * ga;
              acc += starts[wOff + r * d + a]! * ga;
            }
            dq[i * d + r]! += acc;
          }
          for (let j = 0; j <= i; j++) {
            const cij = coef[i * b + j]!;
            let dze = 0;
            for (let a = 0; a < d; a++) {
              const ga = g[i * d + a]!;
              dze += ga * e[j * d + a]!;
              de[j * d + a]! -= cij * ga;
            }
            // ∂L/∂coef_ij = −dz_i·e_j; coef_ij = c·η_j·(q_i·k_j)
            const etaJ = eta[j]!;
            dEtaB[j]! -= dze * c * qk[i * b + j]!;
            const dqk = -dze * c * etaJ;
            for (let r = 0; r < d; r++) {
              dq[i * d + r]! += dqk * k[j * d + r]!;
              dk[j * d + r]! += dqk * q[i * d + r]!;
            }
          }
        }
        // update: W_next = W − Σ_j β_j k_jᵀ e_j, β_j = 2η_j/b (not taken after the last mini-batch)
        if (n < blocks - 1) {
          for (let j = 0; j < m; j++) {
            const beta = (2 * eta[j]!) / b;
            let kGe = 0;
            for (let r = 0; r < d; r++) {
              let acc = 0;
              for (let a = 0; a < d; a++) acc += G[r * d + a]! * e[j * d + a]!;
              ge[r] = acc;
              dk[j * d + r]! -= beta * acc;
              kGe += k[j * d + r]! * acc;
            }
            for (let a = 0; a < d; a++) {
              let kg = 0;
              for (let r = 0; r < d; r++) kg += k[j * d + r]! * G[r * d + a]!;
              de[j * d + a]! -= beta * kg;
            }
            dEtaB[j]! -= (2 / b) * kGe;
          }
        }
        // residuals: e_j = k_j·W − v_j
        for (let j = 0; j < m; j++) {
          for (let r = 0; r < d; r++) {
            const kr = k[j * d + r]!;
            let acc = 0;
            for (let a = 0; a < d; a++) {
              const ga = de[j * d + a]!;
              dW[r * d + a]! += kr * ga;
              acc += starts[wOff + r * d + a]! * ga;
            }
            dk[j * d + r]! += acc;
          }
        }
        for (let j = 0; j < m; j++) {
          const row = (row0 + j) * width + h * d;
          for (let a = 0; a < d; a++) {
            dKvqg[row + a] = dk[j * d + a]!;
            dKvqg[row + H + a] = -de[j * d + a]!;
            dKvqg[row + 2 * H + a] = dq[j * d + a]!;
          }
          dEta[(row0 + j) * heads + h] = dEtaB[j]!;
        }
        for (let i = 0; i < dd; i++) G[i] = dW[i]!;
      }
      for (let i = 0; i < dd; i++) dW0[h * dd + i]! += G[i]!;
    }
  }
  // η = baseLr·σ(x)/d with x = gate logit + bias: ∂η/∂x = η·(1 − σ(x))
  const dBias = new Float64Array(heads);
  for (let r = 0; r < rows; r++) {
    for (let h = 0; h < heads; h++) {
      const gr = dEta[r * heads + h]! * etaAll[r * heads + h]! * (1 - gate[r * heads + h]!);
      dKvqg[r * width + 3 * H + h] = gr;
      dBias[h]! += gr;
    }
  }
  return { kvqg: dKvqg, gateBias: Float32Array.from(dBias), w0: Float32Array.from(dW0) };
}
