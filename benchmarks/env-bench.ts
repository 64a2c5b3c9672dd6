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
  /** Threads of the split batch-native measurement (`workers` of the vector entry point; default 2). */
  workers?: number;
}

/** What {@link benchEnv} measures. */
export interface EnvBenchResult {
  env: string;
  /** Steps per second of one environment (resets included in the time, not counted as steps). */
  stepsPerSecond: number;
  /** Sub-environment steps per second of a `SyncVectorEnv` with `numEnvs` environments. */
  vectorStepsPerSecond: number;
  /**
   * Sub-environment steps per second of the spec's batch-native vector environment (what `makeVec` gives
   * when the spec has a `vectorEntryPoint`, e.g. `EdgeLLMVectorEnv`) with infos, or `null` when it has none.
   */
  nativeVectorStepsPerSecond: number | null;
  /** The same with `infos: false`, or `null`. */
  nativeVectorNoInfosStepsPerSecond: number | null;
  /** The batch-native vector environment split over `workers` threads (shared memory), with infos, or `null`. */
  nativeVectorWorkersStepsPerSecond: number | null;
  /** The same with `infos: false`, or `null`. */
  nativeVectorWorkersNoInfosStepsPerSecond: number | null;
  /** Threads of the split measurement. */
  workers: number;
  /** The same with an `AsyncVectorEnv` (worker threads), or `null` when the spec names no module. */
  asyncVectorStepsPerSecond: number | null;
  numEnvs: number;
  /** Seconds per measurement. */
  seconds: number;
}

const POOL = 256;

/**
 * Measures steps per second over a fixed duration, as Gymnasium's `benchmark_step`, of one environment, a
 * `SyncVectorEnv`, the spec's batch-native vector environment (with and without infos; in the calling
 * thread and split over `workers` threads) when it has one, and an `AsyncVectorEnv` (worker threads), all
 * in the same run, with random valid
 * actions drawn beforehand from the action space (a pool of 256, cycled) so that sampling is not timed.
 * The single env and the sync and batch-native vectors are measured in interleaved windows of the same
 * run (see `interleave`), so their ratios hold on a machine whose speed drifts.
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
  const workers = options.workers ?? 2;
  if (!Number.isInteger(workers) || workers < 2) throw new InvalidArgument(`workers must be an integer ≥ 2; got ${workers}.`);
  if (!(seconds > 0)) throw new InvalidArgument(`seconds must be positive; got ${seconds}.`);
  if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new InvalidArgument(`numEnvs must be a positive integer; got ${numEnvs}.`);
  const budget = seconds * 1000;

  const env = make(options.envId);
  env.actionSpace.seed(seed);
  const pool = Array.from({ length: POOL }, () => env.actionSpace.sample());
  env.reset({ seed });
  let next = 0;
  const single: Stepper = () => {
    for (let k = 0; k < 1000; k++) {
      const r = env.step(pool[next++ % POOL]);
      if (r[2] || r[3]) env.reset();
    }
    return 1000;
  };
  const vectors = [makeVec(options.envId, numEnvs, { vectorizationMode: 'sync' })];
  if (findSpec(options.envId).vectorEntryPoint !== null) {
    vectors.push(makeVec(options.envId, numEnvs, { vectorizationMode: 'vector-entry-point' }));
    vectors.push(makeVec(options.envId, numEnvs, { vectorizationMode: 'vector-entry-point', vectorKwargs: { infos: false } }));
    vectors.push(makeVec(options.envId, numEnvs, { vectorizationMode: 'vector-entry-point', vectorKwargs: { workers } }));
    vectors.push(makeVec(options.envId, numEnvs, { vectorizationMode: 'vector-entry-point', vectorKwargs: { workers, infos: false } }));
    // worker threads start without blocking the event loop
    for (const v of vectors) await (v as { ready?: () => Promise<void> }).ready?.();
  }
  const [
    stepsPerSecond,
    vectorStepsPerSecond,
    nativeVectorStepsPerSecond = null,
    nativeVectorNoInfosStepsPerSecond = null,
    nativeVectorWorkersStepsPerSecond = null,
    nativeVectorWorkersNoInfosStepsPerSecond = null,
  ] = interleave(
    [single, ...vectors.map((v) => vectorStepper(v, seed))],
    budget,
  );
  env.close();
  for (const v of vectors) v.close();
  let asyncVectorStepsPerSecond: number | null = null;
  if (findSpec(options.envId).module !== null) {
    const venv = await makeVecAsync(options.envId, numEnvs);
    try {
      asyncVectorStepsPerSecond = interleave([vectorStepper(venv, seed)], budget)[0]!;
    } finally {
      venv.close();
    }
  }
  return {
    env: options.envId,
    stepsPerSecond: stepsPerSecond!,
    vectorStepsPerSecond: vectorStepsPerSecond!,
    nativeVectorStepsPerSecond,
    nativeVectorNoInfosStepsPerSecond,
    nativeVectorWorkersStepsPerSecond,
    nativeVectorWorkersNoInfosStepsPerSecond,
    workers,
    asyncVectorStepsPerSecond,
    numEnvs,
    seconds,
  };
}

/** Runs a chunk of steps and returns how many (sub-environment) steps it took. */
type Stepper = () => number;

/** Rounds of {@link interleave}: each measurement gets `budget / ROUNDS` ms per round, in turn. */
const ROUNDS = 5;

/**
 * Steps per second of each stepper over `budget` ms, measured in {@link ROUNDS} interleaved windows (after
 * a 200 ms warm-up each), so that every figure sees the same minutes of a machine whose speed drifts and
 * their ratios hold.
 */
function interleave(steppers: Stepper[], budget: number): number[] {
  for (const s of steppers) {
    const warm = performance.now();
    while (performance.now() - warm < 200) s();
  }
  const steps = steppers.map(() => 0);
  const time = steppers.map(() => 0);
  for (let r = 0; r < ROUNDS; r++) {
    steppers.forEach((s, i) => {
      const t0 = performance.now();
      let elapsed = 0;
      while (elapsed < budget / ROUNDS) {
        steps[i]! += s();
        elapsed = performance.now() - t0;
      }
      time[i]! += elapsed;
    });
  }
  return steps.map((n, i) => n / (time[i]! / 1000));
}

/** A stepper of a vector environment (reset with `seed`, cycling 16 random actions): 20 steps of all sub-environments. */
function vectorStepper(venv: VectorEnv<unknown, unknown>, seed: number): Stepper {
  venv.actionSpace.seed(seed);
  const pool = Array.from({ length: 16 }, () => venv.actionSpace.sample());
  venv.reset({ seed });
  let next = 0;
  return () => {
    for (let k = 0; k < 20; k++) venv.step(pool[next++ % pool.length]);
    return 20 * venv.numEnvs;
  };
}
