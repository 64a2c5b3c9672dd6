/**
 * `NormalizeReward`: rewards scaled by the spread of the discounted return.
 * @module
 */
import { Wrapper } from '../core/wrapper.ts';
import type { Env, StepResult } from '../core/env.ts';
import { RunningMeanStd } from '../utils/running-mean-std.ts';

/**
 * Divides each reward by the running standard deviation of the discounted return
 * `G ← γ·G·(1 − terminated) + r`, as Gymnasium's `NormalizeReward` (the mean is not subtracted).
 */
export class NormalizeReward<O, A> extends Wrapper<O, A> {
  /** Running statistics of the discounted return. */
  readonly returnRms = new RunningMeanStd(1);
  /** Whether rewards update the statistics. */
  updateRunningMean = true;
  private discounted = 0;
  private readonly gamma: number;
  private readonly epsilon: number;

  constructor(env: Env<O, A>, gamma = 0.99, epsilon = 1e-8) {
    super(env);
    this.gamma = gamma;
    this.epsilon = epsilon;
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    this.discounted = this.discounted * this.gamma * (result[2] ? 0 : 1) + result[1];
    if (this.updateRunningMean) this.returnRms.update([this.discounted]);
    result[1] = result[1] / Math.sqrt(this.returnRms.var[0]! + this.epsilon);
    return result;
  }
}
