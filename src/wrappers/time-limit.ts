/**
 * `TimeLimit`: truncates episodes after a fixed number of steps.
 * @module
 */
import { Wrapper } from '../core/wrapper.ts';
import type { Env, Info, ResetArgs, StepResult } from '../core/env.ts';
import { InvalidArgument } from '../core/errors.ts';

/**
 * Sets `truncated` once `maxEpisodeSteps` steps have been taken since the last `reset`.
 *
 * @example
 * ```ts
 * const env = new TimeLimit(new EdgeLLMEnv(), 10); // episodes of at most 10 slots
 * ```
 */
export class TimeLimit<O, A> extends Wrapper<O, A> {
  /** The step budget of an episode. */
  readonly maxEpisodeSteps: number;
  private elapsed = 0;

  constructor(env: Env<O, A>, maxEpisodeSteps: number) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) {
      throw new InvalidArgument(`TimeLimit maxEpisodeSteps must be a positive integer; got ${maxEpisodeSteps}.`);
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  override reset(args: ResetArgs = {}): [O, Info] {
    this.elapsed = 0;
    return this.env.reset(args);
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    this.elapsed++;
    if (this.elapsed >= this.maxEpisodeSteps) result[3] = true;
    return result;
  }
}
