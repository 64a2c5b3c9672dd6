/**
 * Generalized advantage estimation (GAE) over a time-major rollout buffer, with the distinction between
 * termination and truncation.
 *
 * For step t of environment e: δ_t = r_t + γ·V_next·(1 − terminated_t) − V(s_t) and
 * A_t = δ_t + γλ·(1 − done_t)·A_{t+1}, done = terminated or truncated, where V_next is
 * - 0 after a termination (the episode really ended),
 * - V(s_T) of the final observation after a truncation (the episode was cut, the state still had value),
 * - V(s_{t+1}) of the next stored step otherwise, or the bootstrap value after the last stored step.
 * Returns (value targets) are A_t + V(s_t).
 * @module
 */

/** Inputs of {@link computeGae}; arrays are time-major: index = t·numEnvs + e. */
export interface GaeInput {
  /** Rewards r_t, length steps·numEnvs. */
  readonly rewards: ArrayLike<number>;
  /** V(s_t) of the observation the action was taken in, length steps·numEnvs. */
  readonly values: ArrayLike<number>;
  /** 1 where the step ended the episode by termination, else 0. */
  readonly terminated: ArrayLike<number | boolean>;
  /** 1 where the step ended the episode by truncation (time limit), else 0. */
  readonly truncated: ArrayLike<number | boolean>;
  /**
   * V of the final observation of a truncated episode, read only where `truncated` is set (other entries
   * are ignored), length steps·numEnvs. May be omitted when nothing is truncated.
   */
  readonly finalValues?: ArrayLike<number>;
  /** V of the observation after the last stored step, per environment (length numEnvs). */
  readonly lastValues: ArrayLike<number>;
  /** Number of parallel environments (columns). */
  readonly numEnvs: number;
  /** Discount γ. */
  readonly gamma: number;
  /** GAE λ. */
  readonly lambda: number;
}

/** Outputs of {@link computeGae}, same layout as the inputs. */
export interface GaeOutput {
  readonly advantages: Float32Array;
  readonly returns: Float32Array;
}

/**
 * Computes GAE advantages and returns.
 *
 * @throws RangeError naming the inconsistent field (lengths, numEnvs, γ, λ, a missing final value).
 */
export function computeGae(input: GaeInput): GaeOutput {
  const { rewards, values, terminated, truncated, finalValues, lastValues, numEnvs: E, gamma, lambda } = input;
  if (!Number.isInteger(E) || E <= 0) throw new RangeError(`computeGae: numEnvs must be a positive integer, got ${E}.`);
  const n = rewards.length;
  if (n % E !== 0) throw new RangeError(`computeGae: rewards has ${n} entries, not a multiple of numEnvs = ${E}.`);
  for (const [name, arr] of [
    ['values', values],
    ['terminated', terminated],
    ['truncated', truncated],
  ] as const) {
    if (arr.length !== n) throw new RangeError(`computeGae: ${name} has ${arr.length} entries, rewards has ${n}.`);
  }
  if (finalValues !== undefined && finalValues.length !== n) {
    throw new RangeError(`computeGae: finalValues has ${finalValues.length} entries, rewards has ${n}.`);
  }
  if (lastValues.length !== E) throw new RangeError(`computeGae: lastValues needs numEnvs = ${E} entries, got ${lastValues.length}.`);
  if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`computeGae: gamma must be in [0, 1], got ${gamma}.`);
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`computeGae: lambda must be in [0, 1], got ${lambda}.`);

  const steps = n / E;
  const advantages = new Float32Array(n);
  const returns = new Float32Array(n);
  for (let e = 0; e < E; e++) {
    let carry = 0;
    for (let t = steps - 1; t >= 0; t--) {
      const i = t * E + e;
      const term = Boolean(terminated[i]);
      const trunc = Boolean(truncated[i]);
      let nextValue: number;
      if (term) nextValue = 0;
      else if (trunc) {
        if (finalValues === undefined) {
          throw new RangeError(
            `computeGae: step ${t} of env ${e} is truncated but finalValues was not given; pass V of the final observation.`,
          );
        }
        nextValue = finalValues[i]!;
      } else nextValue = t + 1 < steps ? values[i + E]! : lastValues[e]!;
      const delta = rewards[i]! + gamma * nextValue - values[i]!;
      carry = delta + (term || trunc ? 0 : gamma * lambda * carry);
      advantages[i] = carry;
      returns[i] = carry + values[i]!;
    }
  }
  return { advantages, returns };
}
