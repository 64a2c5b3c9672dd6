/**
 * One shard of a PPO minibatch of the sequence agent (`t2drl`): the hand-derived forward and backward of
 * the actor's and the critic's TTT networks ({@link TTTGrad}) on some of the minibatch's padded episodes,
 * the PPO loss on their unpadded tokens with the whole minibatch's token count as divisor
 * ({@link ppoLossJs}'s `total`; padded tokens get a zero gradient, as the mask gives them in the tfjs loss)
 * and the distribution's parameter gradients. The shards' gradients add up to the minibatch's, and so do
 * their loss terms.
 *
 * The same code runs on the calling thread and on a learner thread (`learner-thread.ts`).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ActionDistribution } from '../../nn/distribution.ts';
import type { ResolvedTTTConfig } from '../../nn/ttt-config.ts';
import { TTTGrad } from '../../nn/ttt-grad.ts';
import type { TTTArrays } from '../../nn/ttt-grad.ts';
import type { PPOLossCoefficients } from '../../ppo/ppo-loss.ts';
import { ppoLossJs } from '../../ppo/ppo-loss-js.ts';
import type { PPOLossJsTerms } from '../../ppo/ppo-loss-js.ts';

/** The rollout packed into padded episodes (`[sequences, length, …]`, see `packSequences`). */
export interface PackedEpisodes {
  /** Number of sequences. */
  readonly sequences: number;
  /** Tokens per sequence (padded). */
  readonly length: number;
  /** Observations `[sequences, length, obsDim]`. */
  readonly obs: Float32Array;
  /** Actions `[sequences, length, actionSize]`. */
  readonly actions: Float32Array;
  /** Rollout log-probabilities `[sequences, length]`. */
  readonly logProbs: Float32Array;
  /** Advantages (normalized if configured) `[sequences, length]`. */
  readonly advantages: ArrayLike<number>;
  /** Value targets `[sequences, length]`. */
  readonly targets: ArrayLike<number>;
  /** 1 for real tokens, 0 for padding `[sequences, length]`. */
  readonly mask: Float32Array;
}

/** The unpadded tokens of the sequences `seqs[from … to)` of `data`. */
export function tokensOf(data: PackedEpisodes, seqs: ArrayLike<number>, from = 0, to = seqs.length): number {
  const L = data.length;
  let n = 0;
  for (let i = from; i < to; i++) {
    const s = seqs[i]!;
    for (let t = 0; t < L; t++) if (data.mask[s * L + t] !== 0) n++;
  }
  return n;
}

/**
 * The networks' buffers of the last configuration pair, kept between updates (about 8 MB per network at
 * 2,000 rows: allocating them afresh every update cost page faults and garbage collection); replaced when
 * the configurations change or an update needs more rows.
 */
let cached: { key: string; actor: TTTGrad; critic: TTTGrad } | null = null;

function gradsFor(actorCfg: ResolvedTTTConfig, criticCfg: ResolvedTTTConfig, rows: number): { actor: TTTGrad; critic: TTTGrad } {
  const key = JSON.stringify([tf.getBackend(), actorCfg, criticCfg]); // the networks' products run on the backend active when they are made
  if (cached !== null && cached.key === key && cached.actor.maxRows >= rows) return cached;
  cached = { key, actor: new TTTGrad(actorCfg, rows), critic: new TTTGrad(criticCfg, rows) };
  return cached;
}

/** Computes shard gradients of the TTT actor-critic (see the module description). */
export class TttShard {
  /** Largest shard (sequences × length). */
  readonly maxRows: number;
  private readonly actorNet: TTTGrad;
  private readonly criticNet: TTTGrad;
  private readonly obs: Float32Array;
  private readonly rowOf: Int32Array;
  private readonly logProb: Float64Array;
  private readonly oldLogProb: Float64Array;
  private readonly advantages: Float64Array;
  private readonly returns: Float64Array;
  private readonly values: Float64Array;
  private readonly entropy: Float64Array;
  private readonly dLogProb: Float64Array;
  private readonly dValue: Float64Array;
  private readonly dParams: Float32Array;
  private readonly dValues: Float32Array;

  /**
   * @param actorCfg the actor's resolved configuration.
   * @param criticCfg the critic's.
   * @param maxRows the largest shard in rows (sequences × padded length).
   * @param dist the action distribution (its `paramGradJs` is required).
   * @param coef the PPO loss coefficients.
   * @param innerUpdates test-time updates on (default) or off.
   * @throws Error when the distribution has no `paramGradJs`.
   */
  constructor(
    actorCfg: ResolvedTTTConfig,
    criticCfg: ResolvedTTTConfig,
    maxRows: number,
    private readonly dist: ActionDistribution,
    private readonly coef: PPOLossCoefficients,
    private readonly innerUpdates = true,
  ) {
    if (dist.paramGradJs === undefined) throw new Error('TttShard: the distribution has no paramGradJs; use the autodiff path.');
    this.maxRows = maxRows;
    const nets = gradsFor(actorCfg, criticCfg, maxRows);
    this.actorNet = nets.actor;
    this.criticNet = nets.critic;
    const R = maxRows;
    this.obs = new Float32Array(R * actorCfg.inputDim);
    this.rowOf = new Int32Array(R);
    this.logProb = new Float64Array(R);
    this.oldLogProb = new Float64Array(R);
    this.advantages = new Float64Array(R);
    this.returns = new Float64Array(R);
    this.values = new Float64Array(R);
    this.entropy = new Float64Array(R);
    this.dLogProb = new Float64Array(R);
    this.dValue = new Float64Array(R);
    this.dParams = new Float32Array(R * dist.paramSize);
    this.dValues = new Float32Array(R);
  }

  /**
   * The gradient of the sequences `seqs[from … to)` of a minibatch with `total` unpadded tokens.
   *
   * @param actor the actor's weights by parameter name (read only).
   * @param critic the critic's.
   * @param actorGrads destinations by parameter name (overwritten).
   * @param criticGrads likewise for the critic.
   * @returns the shard's share of the minibatch's loss terms.
   * @throws RangeError when the shard is empty, has no unpadded token, or does not fit `maxRows`.
   */
  run(
    data: PackedEpisodes,
    seqs: ArrayLike<number>,
    from: number,
    to: number,
    total: number,
    actor: TTTArrays,
    critic: TTTArrays,
    actorGrads: TTTArrays,
    criticGrads: TTTArrays,
  ): PPOLossJsTerms {
    const { dist, obs, rowOf } = this;
    const D = this.actorNet.config.inputDim;
    const P = dist.paramSize;
    const A = dist.actionSize;
    const L = data.length;
    const B = to - from;
    if (B <= 0 || B * L > this.maxRows) throw new RangeError(`TttShard.run: a shard has 1 … ${Math.floor(this.maxRows / L)} sequences of ${L} tokens, got ${B}.`);
    let n = 0;
    for (let i = 0; i < B; i++) {
      const s = seqs[from + i]!;
      obs.set(data.obs.subarray(s * L * D, (s + 1) * L * D), i * L * D);
      for (let t = 0; t < L; t++) {
        const src = s * L + t;
        if (data.mask[src] === 0) continue;
        rowOf[n] = i * L + t;
        this.oldLogProb[n] = data.logProbs[src]!;
        this.advantages[n] = data.advantages[src]!;
        this.returns[n] = data.targets[src]!;
        n++;
      }
    }
    if (n === 0) throw new RangeError('TttShard.run: the shard has no unpadded token.');
    const params = this.actorNet.forward(obs, B, L, actor, this.innerUpdates);
    const vals = this.criticNet.forward(obs, B, L, critic, this.innerUpdates);
    const src = (r: number) => seqs[from + Math.floor(r / L)]! * L + (r % L);
    for (let k = 0; k < n; k++) {
      const r = rowOf[k]!;
      const a = src(r);
      const p = params.subarray(r * P, (r + 1) * P);
      this.logProb[k] = dist.logProbJs(p, data.actions.subarray(a * A, (a + 1) * A));
      this.entropy[k] = dist.entropyJs(p);
      this.values[k] = vals[r]!;
    }
    const terms = ppoLossJs(
      { n, total, logProb: this.logProb, oldLogProb: this.oldLogProb, advantages: this.advantages, values: this.values, returns: this.returns, entropy: this.entropy },
      this.coef,
      { dLogProb: this.dLogProb, dValue: this.dValue },
    );
    this.dParams.fill(0, 0, B * L * P);
    this.dValues.fill(0, 0, B * L);
    for (let k = 0; k < n; k++) {
      const r = rowOf[k]!;
      const a = src(r);
      dist.paramGradJs!(params.subarray(r * P, (r + 1) * P), data.actions.subarray(a * A, (a + 1) * A), this.dLogProb[k]!, terms.dEntropy, this.dParams.subarray(r * P, (r + 1) * P));
      this.dValues[r] = this.dValue[k]!;
    }
    this.actorNet.backward(this.dParams, actorGrads);
    this.criticNet.backward(this.dValues, criticGrads);
    return terms;
  }
}
