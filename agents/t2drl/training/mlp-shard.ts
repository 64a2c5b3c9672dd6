/**
 * One shard of a PPO minibatch of the MLP agent (`ppo`): the hand-derived forward and backward of
 * {@link MlpPairGrad} on some of the minibatch's samples, the PPO loss on them with the whole minibatch's
 * size as divisor ({@link ppoLossJs}'s `total`) and the distribution's parameter gradients. Its gradient is
 * the shard's part of the minibatch's gradient: the shards' gradients add up to the minibatch's, and so do
 * their loss terms ({@link addLossTerms}).
 *
 * The same code runs on the calling thread and on a learner thread (`learner-thread.ts`); it reads the
 * samples and the weights and writes only its own buffers and the gradient arrays it is given.
 * @module
 */
import type { ActionDistribution } from '../../nn/distribution.ts';
import { MlpPairGrad } from '../../nn/mlp-pair-grad.ts';
import type { PPOLossCoefficients } from '../../ppo/ppo-loss.ts';
import { ppoLossJs } from '../../ppo/ppo-loss-js.ts';
import type { PPOLossJsTerms } from '../../ppo/ppo-loss-js.ts';

/** The samples of one rollout, row by row (what every minibatch of an update draws from). */
export interface MlpSamples {
  /** Observation length. */
  readonly obsDim: number;
  /** Raw-action length. */
  readonly actionSize: number;
  /** Normalized observations `[rows, obsDim]`. */
  readonly obs: Float32Array;
  /** Sampled actions `[rows, actionSize]`. */
  readonly actions: Float32Array;
  /** log π_old(a|s) `[rows]`. */
  readonly logProbs: Float32Array;
  /** Advantages (normalized if configured) `[rows]`. */
  readonly advantages: Float32Array;
  /** Value targets `[rows]`. */
  readonly targets: Float32Array;
}

/** The layer widths of the actor-critic pair: `[obsDim, hidden…, paramSize]` and `[obsDim, hidden…, 1]`. */
export interface MlpPairWidths {
  readonly actor: readonly number[];
  readonly critic: readonly number[];
}

/**
 * Computes shard gradients of the MLP actor-critic (see the module description).
 *
 * @example
 * ```ts
 * import { Bernoulli } from '../../nn/bernoulli.ts';
 * import { jsMatMul } from '../../nn/matmul-kernel.ts';
 *
 * const widths = { actor: [2, 4, 1], critic: [2, 4, 1] };
 * const sizes = (w: number[]) => w.slice(1).flatMap((out, l) => [w[l]! * out, out]);
 * const actor = sizes(widths.actor).map((n) => new Float32Array(n).fill(0.1));
 * const critic = sizes(widths.critic).map((n) => new Float32Array(n).fill(0.1));
 * const grads = (ws: Float32Array[]) => ws.map((w) => new Float32Array(w.length));
 * const samples = {
 *   obsDim: 2, actionSize: 1,
 *   obs: new Float32Array([1, 0, 0, 1]), actions: new Float32Array([1, 0]),
 *   logProbs: new Float32Array([-0.6, -0.8]), advantages: new Float32Array([1, -1]), targets: new Float32Array([0.5, 0]),
 * };
 * const shard = new MlpShard(widths, 2, new Bernoulli(1), { clipRange: 0.2, valueCoef: 0.5, entropyCoef: 0 }, { matMul: jsMatMul });
 * const [ga, gc] = [grads(actor), grads(critic)];
 * // the first of the minibatch's two samples: half of the minibatch's loss terms
 * const terms = shard.run(samples, [0, 1], 0, 1, 2, actor, critic, ga, gc);
 * console.log(terms.valueLoss > 0, ga[0]!.some((g) => g !== 0));   // true true
 * ```
 */
export class MlpShard {
  /** Largest shard. */
  readonly maxRows: number;
  private readonly grad: MlpPairGrad;
  private readonly x: Float32Array;
  private readonly actions: Float32Array;
  private readonly oldLogProb: Float64Array;
  private readonly advantages: Float64Array;
  private readonly returns: Float64Array;
  private readonly logProb: Float64Array;
  private readonly entropy: Float64Array;
  private readonly dLogProb: Float64Array;
  private readonly dValue: Float64Array;
  private readonly dParams: Float32Array;
  private readonly dValues: Float32Array;

  /**
   * @param widths the networks' layer widths.
   * @param maxRows the largest shard (samples).
   * @param dist the action distribution (its `paramGradJs` is required).
   * @param coef the PPO loss coefficients.
   * @param kernel where the products run (default: `MlpPairGrad`'s).
   * @throws Error when the distribution has no `paramGradJs`; RangeError from `MlpPairGrad` on bad widths.
   */
  constructor(
    widths: MlpPairWidths,
    maxRows: number,
    private readonly dist: ActionDistribution,
    private readonly coef: PPOLossCoefficients,
    kernel?: ConstructorParameters<typeof MlpPairGrad>[3],
  ) {
    if (dist.paramGradJs === undefined) throw new Error('MlpShard: the distribution has no paramGradJs; use the autodiff path.');
    this.maxRows = maxRows;
    this.grad = kernel === undefined ? new MlpPairGrad(widths.actor, widths.critic, maxRows) : new MlpPairGrad(widths.actor, widths.critic, maxRows, kernel);
    const D = widths.actor[0]!;
    const P = widths.actor[widths.actor.length - 1]!;
    const A = dist.actionSize;
    this.x = new Float32Array(maxRows * D);
    this.actions = new Float32Array(maxRows * A);
    this.oldLogProb = new Float64Array(maxRows);
    this.advantages = new Float64Array(maxRows);
    this.returns = new Float64Array(maxRows);
    this.logProb = new Float64Array(maxRows);
    this.entropy = new Float64Array(maxRows);
    this.dLogProb = new Float64Array(maxRows);
    this.dValue = new Float64Array(maxRows);
    this.dParams = new Float32Array(maxRows * P);
    this.dValues = new Float32Array(maxRows);
  }

  /**
   * The gradient of the samples `rows[from … to)` of a minibatch of `total` samples.
   *
   * @param actor the actor's weights `[w0, b0, …]` (read only).
   * @param critic the critic's weights (read only).
   * @param actorGrads destinations shaped like the actor's weights (overwritten).
   * @param criticGrads destinations shaped like the critic's weights (overwritten).
   * @returns the shard's share of the minibatch's loss terms.
   * @throws RangeError when the shard is empty or larger than `maxRows`, or `total` is smaller than the shard.
   */
  run(
    samples: MlpSamples,
    rows: ArrayLike<number>,
    from: number,
    to: number,
    total: number,
    actor: readonly Float32Array[],
    critic: readonly Float32Array[],
    actorGrads: readonly Float32Array[],
    criticGrads: readonly Float32Array[],
  ): PPOLossJsTerms {
    const n = to - from;
    if (n <= 0 || n > this.maxRows) throw new RangeError(`MlpShard.run: a shard has 1 … ${this.maxRows} samples, got ${n}.`);
    const { obsDim: D, actionSize: A } = samples;
    const { dist, x, actions } = this;
    const P = dist.paramSize;
    for (let i = 0; i < n; i++) {
      const r = rows[from + i]!;
      x.set(samples.obs.subarray(r * D, (r + 1) * D), i * D);
      actions.set(samples.actions.subarray(r * A, (r + 1) * A), i * A);
      this.oldLogProb[i] = samples.logProbs[r]!;
      this.advantages[i] = samples.advantages[r]!;
      this.returns[i] = samples.targets[r]!;
    }
    const out = this.grad.forward(x, n, actor, critic);
    for (let i = 0; i < n; i++) {
      const p = out.params.subarray(i * P, (i + 1) * P);
      this.logProb[i] = dist.logProbJs(p, actions.subarray(i * A, (i + 1) * A));
      this.entropy[i] = dist.entropyJs(p);
    }
    const terms = ppoLossJs(
      { n, total, logProb: this.logProb, oldLogProb: this.oldLogProb, advantages: this.advantages, values: out.values, returns: this.returns, entropy: this.entropy },
      this.coef,
      { dLogProb: this.dLogProb, dValue: this.dValue },
    );
    for (let i = 0; i < n; i++) {
      dist.paramGradJs!(out.params.subarray(i * P, (i + 1) * P), actions.subarray(i * A, (i + 1) * A), this.dLogProb[i]!, terms.dEntropy, this.dParams.subarray(i * P, (i + 1) * P));
      this.dValues[i] = this.dValue[i]!;
    }
    this.grad.backward(this.dParams, this.dValues, actorGrads, criticGrads);
    return terms;
  }
}
