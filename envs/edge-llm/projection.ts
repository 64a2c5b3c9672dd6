/**
 * The deterministic feasibility projection of docs/model.md#action-and-feasibility-projection: any action becomes a feasible cache set and local
 * fractions that respect memory, executability and energy.
 * @module
 */
import type { ResolvedConfig } from './config.ts';

/** Inputs of one projection (all arrays indexed by pair p = i·M + m). */
export interface ProjectionInput {
  /** Cache score: > 0 wants the pair cached (1 for binary actions). */
  score: Float64Array;
  /** Requested local fraction in [0, 1]. */
  local: Float64Array;
  /** Cache state of the previous slot (0/1). */
  cachedBefore: Uint8Array;
  /** Requests of this slot. */
  requests: Float64Array;
  /** Tokens each pair would generate if all its requests were served locally (trace workloads); default R·J·k. */
  tokens?: Float64Array;
}

/** Outputs, written into caller-owned arrays. */
export interface ProjectionOutput {
  /** Applied cache bits. */
  cache: Uint8Array;
  /** Applied local fractions. */
  local: Float64Array;
}

/** Facts about a projection, for `info`. */
export interface ProjectionReport {
  /** GB of weights cached. */
  memoryUsed: number;
  /** `true` when a wanted pair was left out for lack of memory. */
  memoryBound: boolean;
  /** Joules used after the energy step. */
  energyUsed: number;
  /** `true` when the energy step scaled the local fractions down. */
  energyBound: boolean;
}

/**
 * Projects actions; holds scratch buffers so that {@link Projector.run} allocates nothing.
 *
 * Steps: (1) candidates are the pairs with score > 0, ordered by score / s_m descending, ties: cached last
 * slot first, then more requests, then lower index; (2) they are added greedily while the weights fit in
 * memory (one that does not fit is skipped); (3) b = local where cached and requested, else 0; (4) if the
 * energy Σ e_m·b·R·J·k exceeds the budget E, every b is scaled by the same factor to meet it exactly.
 */
export class Projector {
  private readonly cfg: ResolvedConfig;
  private readonly order: Int32Array;
  private readonly key: Float64Array;
  private readonly tokensPerRequest: number;
  /** s_m and e_m of each pair's model. */
  private readonly pairSize: Float64Array;
  private readonly pairEnergy: Float64Array;
  /** 1 / s_m of each pair's model: the key of a pair whose score is exactly 1 (a binary cache bit). */
  private readonly pairInvSize: Float64Array;

  constructor(cfg: ResolvedConfig) {
    this.cfg = cfg;
    this.order = new Int32Array(cfg.numPairs);
    this.key = new Float64Array(cfg.numPairs);
    this.tokensPerRequest = cfg.paths * cfg.thoughtTokens;
    const M = cfg.numModels;
    this.pairSize = Float64Array.from({ length: cfg.numPairs }, (_, p) => cfg.sizeGB[p % M]!);
    this.pairEnergy = Float64Array.from({ length: cfg.numPairs }, (_, p) => cfg.energyPerToken[p % M]!);
    this.pairInvSize = this.pairSize.map((s) => 1 / s);
  }

  /** GB of weights cached by the last {@link Projector.run}. */
  memoryUsed = 0;
  /** `true` when the last run left a wanted pair out for lack of memory. */
  memoryBound = false;
  /** Joules used after the energy step of the last run. */
  energyUsed = 0;
  /** `true` when the last run scaled the local fractions down. */
  energyBound = false;

  /** Projects `input` into `out` and reports memory and energy use. */
  project(input: ProjectionInput, out: ProjectionOutput): ProjectionReport {
    this.run(input.score, input.local, input.cachedBefore, input.requests, input.tokens ?? null, out.cache, out.local);
    return { memoryUsed: this.memoryUsed, memoryBound: this.memoryBound, energyUsed: this.energyUsed, energyBound: this.energyBound };
  }

  /**
   * The projection without allocating: the arguments are the fields of {@link ProjectionInput} and
   * {@link ProjectionOutput} (`tokens` null for the default R·J·k); the report is left in
   * `memoryUsed`, `memoryBound`, `energyUsed` and `energyBound`.
   */
  run(
    score: Float64Array,
    local: Float64Array,
    cachedBefore: Uint8Array,
    requests: Float64Array,
    tokens: Float64Array | null,
    outCache: Uint8Array,
    outLocal: Float64Array,
  ): void {
    const size = this.pairSize;
    const order = this.order;
    const key = this.key;
    const P = score.length;
    const invSize = this.pairInvSize;
    outCache.fill(0);
    let n = 0;
    for (let p = 0; p < P; p++) {
      const sp = score[p]!;
      if (!(sp > 0)) continue;
      // 1 / s is exactly what 1 / s computes: the same key without a division for binary cache bits
      const kp = sp === 1 ? invSize[p]! : sp / size[p]!;
      key[p] = kp;
      // insertion into the sorted prefix order[0..n): the order of `before` (p comes after every q < p on a full tie)
      const cp = cachedBefore[p]!;
      const rp = requests[p]!;
      let j = n++;
      while (j > 0) {
        const q = order[j - 1]!;
        const kq = key[q]!;
        if (kp !== kq) {
          if (kp < kq) break;
        } else {
          const cq = cachedBefore[q]!;
          if (cp !== cq) {
            if (cp < cq) break;
          } else if (!(rp > requests[q]!)) break;
        }
        order[j] = q;
        j--;
      }
      order[j] = p;
    }
    let memoryUsed = 0;
    let memoryBound = false;
    const G = this.cfg.memoryGB + 1e-9;
    for (let j = 0; j < n; j++) {
      const p = order[j]!;
      const s = size[p]!;
      if (memoryUsed + s <= G) {
        outCache[p] = 1;
        memoryUsed += s;
      } else memoryBound = true;
    }
    let energy = 0;
    const e = this.pairEnergy;
    const tokensPerRequest = this.tokensPerRequest;
    if (tokens === null) {
      for (let p = 0; p < P; p++) {
        const r = requests[p]!;
        const b = outCache[p] === 1 && r > 0 ? local[p]! : 0;
        outLocal[p] = b;
        energy += e[p]! * b * r * tokensPerRequest;
      }
    } else {
      for (let p = 0; p < P; p++) {
        const b = outCache[p] === 1 && requests[p]! > 0 ? local[p]! : 0;
        outLocal[p] = b;
        energy += e[p]! * b * tokens[p]!;
      }
    }
    const E = this.cfg.energyBudget;
    let energyBound = false;
    if (energy > E) {
      const f = E / energy;
      for (let p = 0; p < P; p++) outLocal[p] = outLocal[p]! * f;
      energy = E;
      energyBound = true;
    }
    this.memoryUsed = memoryUsed;
    this.memoryBound = memoryBound;
    this.energyUsed = energy;
    this.energyBound = energyBound;
  }
}
