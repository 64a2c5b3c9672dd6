/**
 * The `rotate` workload: a window of "hot" agents that moves around the agents every few slots, so the set of
 * instances worth caching changes many times per episode (docs/model.md §5).
 * @module
 */
import type { Generator } from '../../src/random/generator.ts';

/** Configuration of the `rotate` workload. */
export interface RotateWorkloadConfig {
  kind: 'rotate';
  /** Agents in the hot window (at most `agents`); default half of them, rounded up. */
  hot?: number;
  /** Slots between two moves of the window. */
  period: number;
  /** Agents the window moves by at each move. */
  stride: number;
  /** Rate multiplier of the agents outside the window (hot agents request at their base rate λ_i). */
  coldScale: number;
}

/** Defaults of the `rotate` fields (`hot` defaults to half the agents). */
export const ROTATE_DEFAULTS = Object.freeze({ period: 10, stride: 3, coldScale: 0.1 });

/** JSON Schema branch of the `rotate` workload. */
export const ROTATE_WORKLOAD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { const: 'rotate' },
    hot: { type: 'integer', minimum: 1, description: 'Agents in the hot window (≤ agents).' },
    period: { type: 'integer', minimum: 1, description: 'Slots between two moves of the window.' },
    stride: { type: 'integer', minimum: 0, description: 'Agents the window moves by at each move.' },
    coldScale: { type: 'number', minimum: 0, maximum: 1, description: 'Rate multiplier of agents outside the window.' },
  },
} as const;

/**
 * The hot window of one episode: at slot t (1-based) the hot agents are
 * `(offset + stride·⌊(t − 1)/period⌋ + j) mod I` for j = 0 … hot − 1, with `offset` drawn uniformly at reset.
 */
export class RotatingHotSet {
  private readonly agents: number;
  private readonly cfg: Required<RotateWorkloadConfig>;
  /** First hot agent at slot 1, drawn at each reset. */
  offset = 0;

  constructor(agents: number, cfg: Required<RotateWorkloadConfig>) {
    this.agents = agents;
    this.cfg = cfg;
  }

  /** Draws the episode's starting offset. */
  prepare(rng: Generator): void {
    this.offset = rng.integers(0, this.agents);
  }

  /** `true` when agent `i` is in the hot window at slot `t`. */
  isHot(t: number, i: number): boolean {
    const start = (this.offset + this.cfg.stride * Math.floor((t - 1) / this.cfg.period)) % this.agents;
    return (i - start + this.agents) % this.agents < this.cfg.hot;
  }

  /** Rate multiplier of agent `i` at slot `t`: 1 when hot, `coldScale` otherwise. */
  scaleAt(t: number, i: number): number {
    return this.isHot(t, i) ? 1 : this.cfg.coldScale;
  }
}
