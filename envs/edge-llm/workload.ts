/**
 * Workload schedules: the mean request count of every (agent, model) pair in every slot.
 * @module
 */
import type { Generator } from '../../src/random/generator.ts';
import type { ResolvedConfig } from './config.ts';
import { RotatingHotSet } from './rotating-hot-set.ts';

/**
 * Computes per-slot Poisson means `λ_i · mix_{i,m} · mod(t)`. The stationary schedule keeps them fixed.
 * The shift schedule draws, at each reset, a shift slot in `shiftWindow × horizon`; from that slot on the
 * agents' base rates are permuted (a random permutation drawn at reset) and every agent's mix moves one model
 * over (model m's share goes to model m+1 mod M); all rates are also modulated by
 * `1 + amplitude · sin(2π t / period)`. The rotate schedule scales the rates of agents outside a moving hot
 * window (see {@link RotatingHotSet}).
 */
export class WorkloadSchedule {
  private readonly cfg: ResolvedConfig;
  /** Slot (1-based) from which the shifted workload applies; `Infinity` when there is no shift. */
  shiftSlot = Infinity;
  private readonly baseMean: Float64Array;
  private readonly shiftedMean: Float64Array;
  private readonly rotation: RotatingHotSet | null;
  /** The rotate workload's rate multiplier outside the hot window. */
  private readonly coldScale: number;

  constructor(cfg: ResolvedConfig) {
    this.cfg = cfg;
    this.rotation = cfg.workload.kind === 'rotate' ? new RotatingHotSet(cfg.agents, cfg.workload as never) : null;
    this.coldScale = cfg.workload.kind === 'rotate' ? cfg.workload.coldScale : 1;
    this.baseMean = new Float64Array(cfg.numPairs);
    this.shiftedMean = new Float64Array(cfg.numPairs);
    const M = cfg.numModels;
    for (let i = 0; i < cfg.agents; i++) {
      for (let m = 0; m < M; m++) this.baseMean[i * M + m] = cfg.rate[i]! * cfg.mix[i * M + m]!;
    }
    this.shiftedMean.set(this.baseMean);
  }

  /** Draws this episode's random elements of the schedule (nothing for a stationary workload). */
  prepare(rng: Generator): void {
    const w = this.cfg.workload;
    this.rotation?.prepare(rng);
    if (w.kind !== 'shift') return;
    const T = this.cfg.horizon;
    const lo = Math.max(1, Math.floor(w.shiftWindow[0] * T));
    const hi = Math.max(lo, Math.floor(w.shiftWindow[1] * T));
    this.shiftSlot = rng.integers(lo, hi + 1);
    const perm = w.permuteRates ? rng.permutation(this.cfg.agents) : Array.from({ length: this.cfg.agents }, (_, i) => i);
    const M = this.cfg.numModels;
    for (let i = 0; i < this.cfg.agents; i++) {
      const rate = this.cfg.rate[perm[i]!]!;
      for (let m = 0; m < M; m++) {
        const from = w.flipMix ? (m + M - 1) % M : m;
        this.shiftedMean[i * M + m] = rate * this.cfg.mix[i * M + from]!;
      }
    }
  }

  /** Writes the Poisson means of slot `t` (1-based) into `out`. */
  meansAt(t: number, out: Float64Array): void {
    const w = this.cfg.workload;
    const src = t >= this.shiftSlot ? this.shiftedMean : this.baseMean;
    const mod = w.kind === 'shift' && w.modulationAmplitude > 0 ? 1 + w.modulationAmplitude * Math.sin((2 * Math.PI * t) / w.modulationPeriod) : 1;
    for (let p = 0; p < out.length; p++) out[p] = src[p]! * mod;
    if (this.rotation !== null) {
      const M = this.cfg.numModels;
      const cold = this.coldScale;
      // isHot, not scaleAt: a number returned from a call is boxed, a boolean is not
      for (let p = 0; p < out.length; p++) out[p] = out[p]! * (this.rotation.isHot(t, Math.floor(p / M)) ? 1 : cold);
    }
  }
}
