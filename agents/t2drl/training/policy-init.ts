/**
 * The initial policy: the bias of the actor's output layer, per distribution kind. With the output
 * weights initialized near zero (gain 0.01), this bias *is* the starting action distribution — the
 * analogue of the usual `log_std_init` of Gaussian PPO policies, extended to Bernoulli heads.
 * @module
 */
import { Bernoulli } from '../../nn/bernoulli.ts';
import { DiagGaussian } from '../../nn/diag-gaussian.ts';
import type { ActionDistribution } from '../../nn/distribution.ts';
import { ProductDistribution } from '../../nn/product-distribution.ts';

/** Initial distribution parameters. */
export interface PolicyInit {
  /** Initial logit of every Bernoulli variable (0: probability ½). */
  readonly bernoulliLogit: number;
  /** Initial mean of every (squashed) Gaussian variable, before squashing (0: the middle of the range). */
  readonly gaussianMean: number;
  /** Initial log standard deviation of every (squashed) Gaussian variable. */
  readonly gaussianLogStd: number;
}

/** Zero bias: Bernoulli ½, Gaussian mean 0 and standard deviation 1, uniform categorical. */
export const NEUTRAL_POLICY_INIT: PolicyInit = Object.freeze({ bernoulliLogit: 0, gaussianMean: 0, gaussianLogStd: 0 });

function fill(dist: ActionDistribution, init: PolicyInit, out: Float32Array, offset: number): void {
  if (dist instanceof ProductDistribution) {
    dist.parts.forEach((d, i) => fill(d, init, out, offset + dist.offsetOf(i).param));
  } else if (dist instanceof Bernoulli) {
    out.fill(init.bernoulliLogit, offset, offset + dist.dim);
  } else if (dist instanceof DiagGaussian) {
    out.fill(init.gaussianMean, offset, offset + dist.dim);
    out.fill(init.gaussianLogStd, offset + dist.dim, offset + 2 * dist.dim);
  }
  // Categorical: 0 (uniform)
}

/** The output bias (`paramSize` values) that starts `dist` at `init`. */
export function initialOutputBias(dist: ActionDistribution, init: PolicyInit): Float32Array {
  const out = new Float32Array(dist.paramSize);
  fill(dist, init, out, 0);
  return out;
}
