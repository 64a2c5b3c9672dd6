/**
 * The id of the bridge benchmark's no-cost environment, apart from the module that registers it, so that
 * importing the id does not register a benchmark environment in the caller's registry.
 * @module
 */

/** Registered (in the benchmark's server thread only) by `bench-env.ts`. */
export const BENCH_ENV_ID = 'BridgeBench/Constant-v0';
