/**
 * Stepping speed of a registered environment, alone and as a vector environment.
 * @module
 */
import { make, makeVec, spec as findSpec } from '../src/registry/registry.ts';
import { makeVecAsync } from '../src/registry/make-vec-async.ts';
import type { VectorEnv } from '../src/vector/vector-env.ts';
import { InvalidArgument } from '../src/core/errors.ts';

/** Options of {@link benchEnv}. */
export interface EnvBenchOptions {
  /** Registered environment id. */
  envId: string;
  /** Seconds per measurement (default 3). */
  seconds?: number;
  /** Sub-environments of the vector measurement (default 64). */
  numEnvs?: number;
  /** Seed of resets and of the action pool (default 0). */
  seed?: number;
}

/** What {@link benchEnv} measures. */
export interface EnvBenchResult {
  env: string;
  /** Steps per second of one environment (resets included in the time, not counted as steps). */
  stepsPerSecond: number;
  /** Sub-environment steps per second of a `SyncVectorEnv` with `numEnvs` environments. */
  vectorStepsPerSecond: number;
  /** The same with an `AsyncVectorEnv` (worker threads), or `null` when the spec names no module. */
  asyncVectorStepsPerSecond: number | null;
  numEnvs: number;
  /** Seconds per measurement. */
  seconds: number;
}

const POOL = 256;

/**
 * Measures steps per second over a fixed duration, as Gymnasium's `benchmark_step`, of one environment, a
 * `SyncVectorEnv` and an `AsyncVectorEnv` (worker threads), with random valid
 * actions drawn beforehand from the action space (a pool of 256, cycled) so that sampling is not timed.
 *
 * @example
 * ```ts
 * const r = await benchEnv({ envId: 'EdgeLLM-v0', seconds: 0.5 }); // the CLI measures 3 s
 * console.log(r.stepsPerSecond, r.vectorStepsPerSecond);
 * ```
 */
export async function benchEnv(options: EnvBenchOptions): Promise<EnvBenchResult> {
  const seconds = options.seconds ?? 3;
  const numEnvs = options.numEnvs ?? 64;
  const seed = options.seed ?? 0;
  if (!(seconds > 0)) throw new InvalidArgument(`seconds must be positive; got ${seconds}.`);
  if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new InvalidArgument(`numEnvs must be a positive integer; got ${numEnvs}.`);

  const env = make(options.envId);
  env.actionSpace.seed(seed);
  const pool = Array.from({ length: POOL }, () => env.actionSpace.sample());
  env.reset({ seed });
  let steps = 0;
  const warm = performance.now();
  while (performance.now() - warm < 200) {
    const r = env.step(pool[steps++ % POOL]);
    if (r[2] || r[3]) env.reset();
  }
  steps = 0;
  const t0 = performance.now();
  const budget = seconds * 1000;
  let elapsed = 0;
  while (elapsed < budget) {
    for (let k = 0; k < 1000; k++) {
      const r = env.step(pool[steps++ % POOL]);
      if (r[2] || r[3]) env.reset();
    }
    elapsed = performance.now() - t0;
  }
  const stepsPerSecond = steps / (elapsed / 1000);
  env.close();

  const vectorStepsPerSecond = measureVector(makeVec(options.envId, numEnvs), seed, budget);
  const asyncVectorStepsPerSecond =
    findSpec(options.envId).module === null ? null : measureVector(await makeVecAsync(options.envId, numEnvs), seed, budget);
  return {
    env: options.envId,
    stepsPerSecond,
    vectorStepsPerSecond,
    asyncVectorStepsPerSecond,
    numEnvs,
    seconds,
  };
}

/** Sub-environment steps per second of a vector environment over `budget` ms (after a short warm-up); closes it. */
function measureVector(venv: VectorEnv<unknown, unknown>, seed: number, budget: number): number {
  venv.actionSpace.seed(seed);
  const pool = Array.from({ length: 16 }, () => venv.actionSpace.sample());
  venv.reset({ seed });
  let steps = 0;
  const warm = performance.now();
  while (performance.now() - warm < 200) venv.step(pool[steps++ % pool.length]);
  steps = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < budget) {
    for (let k = 0; k < 20; k++) venv.step(pool[steps++ % pool.length]);
    elapsed = performance.now() - t0;
  }
  venv.close();
  return (steps * venv.numEnvs) / (elapsed / 1000);
}
