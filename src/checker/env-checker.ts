/**
 * `checkEnv`: an active check that an environment follows the Gymnasium API, as Gymnasium's
 * `utils.env_checker.check_env`.
 * @module
 */
import { Env } from '../core/env.ts';
import { collectWarnings, warn } from '../core/logger.ts';
import { Box } from '../spaces/box.ts';
import { Dict } from '../spaces/dict.ts';
import { Tuple } from '../spaces/tuple.ts';
import type { Space } from '../spaces/space.ts';
import { Wrapper } from '../core/wrapper.ts';
import { EnvCheckError, check } from './check-error.ts';
import { dataEquivalence } from './data-equivalence.ts';
import {
  checkSpace,
  envRenderPassiveChecker,
  envResetPassiveChecker,
  envStepPassiveChecker,
} from './passive-env-checker.ts';

/** Options of {@link checkEnv}. */
export interface CheckEnvOptions {
  /** Skips the render checks. */
  skipRenderCheck?: boolean;
  /** Skips the double-close check. */
  skipCloseCheck?: boolean;
}

/** What {@link checkEnv} found short of an error. */
export interface CheckEnvReport {
  /** Warnings, in the order they were raised. */
  warnings: string[];
}

function checkSpaceLimit(space: Space<unknown>, spaceType: 'observation' | 'action'): void {
  if (space instanceof Box) {
    if (space.low.some((v) => v === -Infinity)) warn(`A Box ${spaceType} space minimum value is -infinity. This is probably too low.`);
    if (space.high.some((v) => v === Infinity)) warn(`A Box ${spaceType} space maximum value is infinity. This is probably too high.`);
    if (spaceType === 'action' && space.shape.length === 1) {
      const odd = Array.from(space.low).some(
        (lo, i) => (lo !== 0 && Math.abs(lo) !== Math.abs(space.high[i]!)) || lo < -1 || space.high[i]! > 1,
      );
      if (odd) {
        warn('For Box action spaces, we recommend using a symmetric and normalized space (range=[-1, 1] or [0, 1]).');
      }
    }
  } else if (space instanceof Tuple) {
    for (const s of space.spaces) checkSpaceLimit(s, spaceType);
  } else if (space instanceof Dict) {
    for (const k of space.keys) checkSpaceLimit(space.spaces[k]!, spaceType);
  }
}

function checkResetReturnType(env: Env<unknown, unknown>): void {
  const result = env.reset() as unknown;
  check(
    Array.isArray(result),
    `The result returned by \`env.reset()\` was not an array of the form \`[obs, info]\`. Actual type: \`${typeof result}\``,
  );
  check(result.length === 2, `Calling the reset method did not return a 2-element array, actual length: ${result.length}`);
  const [obs, info] = result;
  check(env.observationSpace.contains(obs), 'The first element returned by `env.reset()` is not within the observation space.');
  check(info !== null && typeof info === 'object' && !Array.isArray(info), `The second element returned by \`env.reset()\` was not an object, actual type: ${typeof info}`);
}

function rngState(env: Env<unknown, unknown>): string {
  return JSON.stringify(env.unwrapped.npRandom.state);
}

function checkResetSeedDeterminism(env: Env<unknown, unknown>): void {
  const inSpace = (obs: unknown, call: string) =>
    check(env.observationSpace.contains(obs), `The observation returned by \`${call}\` is not within the observation space.`);
  const [obs1] = env.reset({ seed: 123 });
  inSpace(obs1, 'env.reset({seed: 123})');
  const seed123First = rngState(env);
  const [obs2] = env.reset();
  inSpace(obs2, 'env.reset()');
  const [obs3] = env.reset({ seed: 123 });
  inSpace(obs3, 'env.reset({seed: 123})');
  const seed123Second = rngState(env);
  const [obs4] = env.reset();
  inSpace(obs4, 'env.reset()');
  if (env.spec !== null && !env.spec.nondeterministic) {
    check(dataEquivalence(obs1, obs3), 'Using `env.reset({seed: 123})` is non-deterministic as the observations are not equivalent.');
    check(
      dataEquivalence(obs2, obs4),
      'Using `env.reset({seed: 123})` then `env.reset()` is non-deterministic as the observations are not equivalent.',
    );
    if (!dataEquivalence(obs1, obs3, true)) warn('Using `env.reset({seed: 123})` observations are not equal although similar.');
    if (!dataEquivalence(obs2, obs4, true)) {
      warn('Using `env.reset({seed: 123})` then `env.reset()` observations are not equal although similar.');
    }
  }
  check(
    seed123First === seed123Second,
    'Most likely the environment reset function does not call `super.reset(args)` as the random generators are not the same when the same seeds are passed to `env.reset`.',
  );
  const [obs5] = env.reset({ seed: 456 });
  inSpace(obs5, 'env.reset({seed: 456})');
  check(
    rngState(env) !== seed123First,
    'Most likely the environment reset function does not call `super.reset(args)` as the random number generators are not different when different seeds are passed to `env.reset`.',
  );
}

function checkResetOptions(env: Env<unknown, unknown>): void {
  try {
    env.reset({ options: {} });
  } catch (e) {
    throw new EnvCheckError(
      `The environment cannot be reset with options (\`env.reset({options: {}})\` raised: ${(e as Error).message}); reset must accept an empty options object.`,
    );
  }
}

function checkStepDeterminism(env: Env<unknown, unknown>, seed = 123): void {
  if (env.spec !== null && env.spec.nondeterministic) return;
  env.actionSpace.seed(seed);
  const action = env.actionSpace.sample();
  env.reset({ seed });
  const [obs0, rew0, term0, trunc0, info0] = env.step(action);
  const rng0 = rngState(env);
  env.reset({ seed });
  const [obs1, rew1, term1, trunc1, info1] = env.step(action);
  check(rngState(env) === rng0, 'The `npRandom` is not properly updated after step.');
  check(dataEquivalence(obs0, obs1), 'Deterministic step observations are not equivalent for the same seed and action');
  if (!dataEquivalence(obs0, obs1, true)) warn('Step observations are not equal although similar given the same seed and action');
  check(dataEquivalence(rew0, rew1), 'Deterministic step rewards are not equivalent for the same seed and action');
  if (!dataEquivalence(rew0, rew1, true)) warn('Step rewards are not equal although similar given the same seed and action');
  check(term0 === term1, 'Deterministic step termination are not equivalent for the same seed and action');
  check(trunc0 === false && trunc1 === false, 'Environment truncates after 1 step, something has gone very wrong.');
  check(dataEquivalence(info0, info1), 'Deterministic step info are not equivalent for the same seed and action');
  if (!dataEquivalence(info0, info1, true)) warn('Step info are not equal although similar given the same seed and action');
}

/**
 * Checks that `env` follows the API: well-formed spaces, `reset` returning `[obs, info]`, seeded resets
 * deterministic (seed 123 twice equal, 456 different) and reseeding only when a seed is given, options
 * accepted, observations in the space and of its dtype, finite rewards, one-step determinism, no truncation
 * after one step, render modes and double close. Violations throw; softer problems are returned (and not
 * printed) as warnings, following Gymnasium's split.
 *
 * @example
 * ```ts
 * const { warnings } = checkEnv(new EdgeLLMEnv());
 * ```
 * @throws {EnvCheckError} or `TypeError` for violations that Gymnasium treats as errors.
 */
export function checkEnv(env: Env<any, any>, options: CheckEnvOptions = {}): CheckEnvReport {
  if (!(env instanceof Env)) {
    throw new TypeError(`The environment must inherit from the Env class, actual type: ${typeof env}.`);
  }
  const [, warnings] = collectWarnings(() => {
    if (env instanceof Wrapper || env.unwrapped !== env) {
      warn(
        `The environment (${env.toString()}) is different from the unwrapped version (${env.unwrapped.toString()}). This could affect the environment checker as the environment most likely has a wrapper applied to it. We recommend using the raw environment for \`checkEnv\` using \`env.unwrapped\`.`,
      );
    }
    check(env.actionSpace !== undefined, 'The environment must specify an action space.');
    checkSpace(env.actionSpace, 'action');
    checkSpaceLimit(env.actionSpace, 'action');
    check(env.observationSpace !== undefined, 'The environment must specify an observation space.');
    checkSpace(env.observationSpace, 'observation');
    checkSpaceLimit(env.observationSpace, 'observation');

    checkResetReturnType(env);
    checkResetSeedDeterminism(env);
    checkResetOptions(env);

    envResetPassiveChecker(env);
    envStepPassiveChecker(env, env.actionSpace.sample());
    checkStepDeterminism(env);

    if (!options.skipRenderCheck) {
      if (env.renderMode !== null) envRenderPassiveChecker(env);
      if (env.spec !== null) {
        for (const mode of env.metadata.renderModes) {
          const other = env.spec.make({ renderMode: mode });
          other.reset();
          envRenderPassiveChecker(other);
          other.close();
        }
      } else {
        warn('Not able to test alternative render modes due to the environment not having a spec. Try instantiating the environment through `make`.');
      }
    }
    if (!options.skipCloseCheck && env.spec !== null) {
      const other = env.spec.make();
      other.close();
      try {
        other.close();
      } catch (e) {
        warn(`Calling \`env.close()\` on the closed environment should be allowed, but it raised an exception: ${(e as Error).message}`);
      }
    }
  });
  return { warnings };
}
