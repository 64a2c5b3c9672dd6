/**
 * Passive checks: they inspect what an environment returns without changing its behaviour. Problems that
 * Gymnasium reports as warnings are warnings here too; the rest raise {@link EnvCheckError}.
 * @module
 */
import type { Env, ResetArgs, StepResult, Info } from '../core/env.ts';
import { warn } from '../core/logger.ts';
import { Space } from '../spaces/space.ts';
import { Box } from '../spaces/box.ts';
import { Discrete } from '../spaces/discrete.ts';
import { MultiDiscrete } from '../spaces/multi-discrete.ts';
import { MultiBinary } from '../spaces/multi-binary.ts';
import { Dict } from '../spaces/dict.ts';
import { Tuple } from '../spaces/tuple.ts';
import { dtypeOf } from '../spaces/dtype.ts';
import { check } from './check-error.ts';

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && dtypeOf(x) === null;
}

/**
 * Checks that a space is well formed: a `Space`, non-empty composites, consistent Box bounds.
 * @throws {TypeError} when `space` is not a Space.
 */
export function checkSpace(space: unknown, spaceType: 'observation' | 'action'): void {
  if (!(space instanceof Space)) {
    throw new TypeError(`${spaceType} space does not inherit from \`Space\`, actual type: ${typeof space === 'object' && space !== null ? space.constructor.name : typeof space}`);
  }
  if (space instanceof Box) {
    check(space.low.length === space.size, `The Box ${spaceType} space shape and low shape have different sizes.`);
    check(space.high.length === space.size, `The Box ${spaceType} space shape and high shape have different sizes.`);
    if (space.low.some((v, i) => v === space.high[i])) {
      warn(`A Box ${spaceType} space maximum and minimum values are equal.`);
    }
  } else if (space instanceof Discrete) {
    check(space.n > 0, `Discrete ${spaceType} space's number of elements must be positive, actual number of elements: ${space.n}`);
  } else if (space instanceof MultiDiscrete) {
    check(space.nvec.every((n) => n > 0), `Multi-discrete ${spaceType} space's all nvec elements must be greater than 0, actual nvec: ${Array.from(space.nvec)}`);
  } else if (space instanceof MultiBinary) {
    check(space.shape.every((d) => d > 0), `Multi-binary ${spaceType} space's all shape elements must be greater than 0, actual shape: ${JSON.stringify(space.shape)}`);
  } else if (space instanceof Tuple) {
    check(space.spaces.length > 0, `An empty Tuple ${spaceType} space is not allowed.`);
    for (const s of space.spaces) checkSpace(s, spaceType);
  } else if (space instanceof Dict) {
    check(space.keys.length > 0, `An empty Dict ${spaceType} space is not allowed.`);
    for (const k of space.keys) checkSpace(space.spaces[k], spaceType);
  }
}

/** Checks that an observation matches the declared observation space (type, dtype, membership). */
export function checkObs(obs: unknown, space: Space<unknown>, methodName: string): void {
  const pre = `The obs returned by the \`${methodName}()\` method`;
  if (space instanceof Discrete) {
    if (typeof obs !== 'number' || !Number.isInteger(obs)) warn(`${pre} should be an integer number, actual type: ${typeof obs}`);
  } else if (space instanceof Box) {
    // a scalar Box (shape []) may be observed as a plain number
    if (space.shape.length > 0 || typeof obs !== 'number') {
      const dt = dtypeOf(obs);
      if (dt === null) warn(`${pre} was expecting a typed array, actual type: ${describe(obs)}`);
      else if (dt !== space.dtype) warn(`${pre} was expecting a typed array of dtype ${space.dtype}, actual dtype: ${dt}`);
    }
  } else if (space instanceof MultiBinary || space instanceof MultiDiscrete) {
    if (dtypeOf(obs) === null) warn(`${pre} was expecting a typed array, actual type: ${describe(obs)}`);
  } else if (space instanceof Tuple) {
    if (!Array.isArray(obs)) warn(`${pre} was expecting an array, actual type: ${describe(obs)}`);
    check(
      Array.isArray(obs) &&
        obs.length === space.spaces.length,
      `${pre} length is not same as the observation space length, obs length: ${(obs as { length?: unknown } | null)?.length}, space length: ${space.spaces.length}`,
    );
    space.spaces.forEach((s, i) => checkObs(obs[i], s, methodName));
  } else if (space instanceof Dict) {
    check(isPlainObject(obs), `${pre} must be an object, actual type: ${describe(obs)}`);
    const keys = Object.keys(obs).sort();
    check(
      keys.length === space.keys.length && keys.every((k, i) => k === space.keys[i]),
      `${pre} observation keys is not same as the observation space keys, obs keys: ${keys.join(', ')}, space keys: ${space.keys.join(', ')}`,
    );
    for (const k of space.keys) checkObs(obs[k], space.spaces[k]!, methodName);
  }
  try {
    if (!space.contains(obs)) {
      const dt = dtypeOf(obs);
      const why = space.explain(obs, 'obs') ?? (dt !== null && space.dtype !== null ? `obs has element type ${dt}, which does not cast safely to ${space.dtype}` : null);
      warn(`${pre} is not within the observation space${why === null ? '' : `: ${why}`}.`);
    }
  } catch (e) {
    warn(`${pre} is not within the observation space with exception: ${(e as Error).message}`);
  }
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return x.constructor?.name ?? 'object';
  return typeof x;
}

/** Calls `env.reset(args)` and checks what it returns. */
export function envResetPassiveChecker<O>(env: Env<O, unknown>, args: ResetArgs = {}): [O, Info] {
  const result = env.reset(args) as unknown;
  if (!Array.isArray(result)) {
    warn(`The result returned by \`env.reset()\` was not an array of the form \`[obs, info]\`, where \`obs\` is an observation and \`info\` is an object containing additional information. Actual type: \`${describe(result)}\``);
  } else if (result.length !== 2) {
    warn('The result returned by `env.reset()` should be `[obs, info]` by default, where `obs` is an observation and `info` is an object containing additional information.');
  } else {
    checkObs(result[0], env.observationSpace, 'reset');
    check(isPlainObject(result[1]), `The second element returned by \`env.reset()\` was not an object, actual type: ${describe(result[1])}`);
  }
  return result as [O, Info];
}

/** Calls `env.step(action)` and checks what it returns. */
export function envStepPassiveChecker<O, A>(env: Env<O, A>, action: A): StepResult<O> {
  const result = env.step(action) as unknown;
  check(Array.isArray(result), `Expects step result to be an array, actual type: ${describe(result)}`);
  check(
    result.length === 5,
    `Expected \`Env.step\` to return a five element array [obs, reward, terminated, truncated, info], actual number of elements returned: ${result.length}.`,
  );
  const [obs, reward, terminated, truncated, info] = result;
  if (typeof terminated !== 'boolean') warn(`Expects \`terminated\` signal to be a boolean, actual type: ${describe(terminated)}`);
  if (typeof truncated !== 'boolean') warn(`Expects \`truncated\` signal to be a boolean, actual type: ${describe(truncated)}`);
  checkObs(obs, env.observationSpace, 'step');
  if (typeof reward !== 'number') {
    warn(`The reward returned by \`step()\` must be a number, actual type: ${describe(reward)}`);
  } else {
    if (Number.isNaN(reward)) warn('The reward is a NaN value.');
    if (reward === Infinity || reward === -Infinity) warn('The reward is an inf value.');
  }
  check(isPlainObject(info), `The \`info\` returned by \`step()\` must be an object, actual type: ${describe(info)}`);
  return result as StepResult<O>;
}

/** Checks the declared render modes and fps, and that `render()` returns what its mode promises. */
export function envRenderPassiveChecker(env: Env<unknown, unknown>): unknown {
  const modes = env.metadata.renderModes as unknown;
  if (modes === undefined || modes === null) {
    warn("No render modes was declared in the environment (env.metadata.renderModes is null or not defined), you may have trouble when calling `.render()`.");
  } else if (!Array.isArray(modes)) {
    warn(`Expects the renderModes to be an array, actual type: ${describe(modes)}`);
  } else {
    if (!modes.every((m) => typeof m === 'string')) warn('Expects all render modes to be strings.');
    const fps = env.metadata.renderFps as unknown;
    if (modes.length > 0) {
      if (fps === undefined || fps === null) {
        warn('No render fps was declared in the environment (env.metadata.renderFps is null or not defined), rendering may occur at inconsistent fps.');
      } else if (typeof fps !== 'number') {
        warn(`Expects the \`env.metadata.renderFps\` to be a number, actual type: ${describe(fps)}`);
      } else {
        check(fps > 0, `Expects the \`env.metadata.renderFps\` to be greater than zero, actual value: ${fps}`);
      }
    }
    const mode = env.renderMode;
    if (modes.length === 0) {
      check(mode === null, `With no render modes, expects the Env.renderMode to be null, actual value: ${mode}`);
    } else {
      check(
        mode === null || modes.includes(mode),
        `The environment was initialized successfully however with an unsupported render mode. Render mode: ${mode}, modes: ${modes.join(', ')}`,
      );
    }
  }
  const out = env.render();
  const mode = env.renderMode;
  if ((mode === 'ansi' || mode === 'ascii') && typeof out !== 'string') warn(`ANSI/ASCII rendering should produce a string, got ${describe(out)}`);
  if (mode === 'human' && out !== null && out !== undefined) warn(`Human rendering should return \`null\`, got ${describe(out)}`);
  return out;
}
