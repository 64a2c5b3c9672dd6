/**
 * The PPO-clip loss of {@link ppoLoss} in plain JavaScript, with its gradient with respect to each
 * sample's log-probability, value and entropy, for hand-derived training steps. Same terms, same
 * tie-breaking as tfjs's gradients (`minimum` passes the gradient to the surrogate on ties; `clipByValue`
 * passes it inside the closed clip interval), all samples valid (no mask):
 *
 *   ∂L/∂logπᵢ = −(1/N)·ρᵢ·Âᵢ·[ρᵢÂᵢ ≤ clip(ρᵢ)Âᵢ or 1−ε ≤ ρᵢ ≤ 1+ε],
 *   ∂L/∂Vᵢ = c_v·2(Vᵢ − Rᵢ)/N,   ∂L/∂Hᵢ = −c_e/N.
 *
 * N is the minibatch's size. A call may cover one shard of a minibatch (`total` = N, the samples of all
 * shards): its gradients are then those of the whole minibatch's loss, and its loss terms are the shard's
 * share, so that the shards' terms add up to the minibatch's.
 * @module
 */
import type { PPOLossCoefficients } from './ppo-loss.ts';

/** Per-sample inputs of {@link ppoLossJs}, each of length `n`. */
export interface PPOLossJsInput {
  /** Samples. */
  readonly n: number;
  /** log π(a|s) under the current parameters. */
  readonly logProb: ArrayLike<number>;
  /** log π_old(a|s) recorded during the rollout. */
  readonly oldLogProb: ArrayLike<number>;
  /** Advantages Â. */
  readonly advantages: ArrayLike<number>;
  /** V(s) under the current parameters. */
  readonly values: ArrayLike<number>;
  /** Value targets R. */
  readonly returns: ArrayLike<number>;
  /** Per-sample policy entropy. */
  readonly entropy: ArrayLike<number>;
  /** Samples of the whole minibatch when these `n` are one shard of it (default `n`). */
  readonly total?: number;
}

/** Where {@link ppoLossJs} writes the per-sample gradients (length ≥ `n` each). */
export interface PPOLossJsGrad {
  /** ∂L/∂logπᵢ. */
  readonly dLogProb: Float64Array;
  /** ∂L/∂Vᵢ. */
  readonly dValue: Float64Array;
}

/** The loss and its parts as numbers (the fields of {@link PPOLossTerms}), plus ∂L/∂Hᵢ (the same for every sample). */
export interface PPOLossJsTerms {
  readonly loss: number;
  readonly policyLoss: number;
  readonly valueLoss: number;
  readonly entropy: number;
  readonly approxKl: number;
  readonly clipFraction: number;
  /** ∂L/∂Hᵢ = −c_e/N. */
  readonly dEntropy: number;
}

/** The sum of two shards' terms: the terms of the minibatch they make up. */
export function addLossTerms(a: PPOLossJsTerms, b: PPOLossJsTerms): PPOLossJsTerms {
  return {
    loss: a.loss + b.loss,
    policyLoss: a.policyLoss + b.policyLoss,
    valueLoss: a.valueLoss + b.valueLoss,
    entropy: a.entropy + b.entropy,
    approxKl: a.approxKl + b.approxKl,
    clipFraction: a.clipFraction + b.clipFraction,
    dEntropy: a.dEntropy,
  };
}

/**
 * Computes the PPO-clip loss, its diagnostics and its per-sample gradients (see the module description).
 * @throws RangeError when `n` is not a positive integer, `total` is less than `n`, or an input or output is
 * shorter than `n`.
 */
export function ppoLossJs(input: PPOLossJsInput, coef: PPOLossCoefficients, grad: PPOLossJsGrad): PPOLossJsTerms {
  const { n } = input;
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`ppoLossJs: n must be a positive integer, got ${n}.`);
  const total = input.total ?? n;
  if (!Number.isInteger(total) || total < n) throw new RangeError(`ppoLossJs: total must be an integer ≥ n (${n}), got ${total}.`);
  for (const [name, a] of Object.entries({ ...input, ...grad })) {
    if (a !== undefined && typeof a !== 'number' && (a as ArrayLike<number>).length < n) {
      throw new RangeError(`ppoLossJs: ${name} has ${(a as ArrayLike<number>).length} values, ${n} are needed.`);
    }
  }
  const lo = 1 - coef.clipRange;
  const hi = 1 + coef.clipRange;
  let surr = 0;
  let vl = 0;
  let ent = 0;
  let kl = 0;
  let clipped = 0;
  for (let i = 0; i < n; i++) {
    const logRatio = input.logProb[i]! - input.oldLogProb[i]!;
    const ratio = Math.exp(logRatio);
    const adv = input.advantages[i]!;
    const inside = ratio >= lo && ratio <= hi;
    const s1 = ratio * adv;
    const s2 = (ratio < lo ? lo : ratio > hi ? hi : ratio) * adv;
    surr += s1 <= s2 ? s1 : s2;
    grad.dLogProb[i] = s1 <= s2 || inside ? (-ratio * adv) / total : 0;
    const dv = input.values[i]! - input.returns[i]!;
    vl += dv * dv;
    grad.dValue[i] = (coef.valueCoef * 2 * dv) / total;
    ent += input.entropy[i]!;
    kl += ratio - 1 - logRatio;
    if (Math.abs(ratio - 1) - coef.clipRange > 0) clipped++;
  }
  const policyLoss = -surr / total;
  const valueLoss = vl / total;
  const entropy = ent / total;
  return {
    loss: policyLoss + coef.valueCoef * valueLoss - coef.entropyCoef * entropy,
    policyLoss,
    valueLoss,
    entropy,
    approxKl: kl / total,
    clipFraction: clipped / total,
    dEntropy: -coef.entropyCoef / total,
  };
}
