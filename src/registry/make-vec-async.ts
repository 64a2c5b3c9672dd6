/**
 * `makeVecAsync`: a vector of registered environments stepped in parallel on worker threads.
 * @module
 */
import { InvalidArgument } from '../core/errors.ts';
import { AsyncVectorEnv } from '../vector/async-vector-env.ts';
import type { AutoresetMode } from '../vector/autoreset-mode.ts';
import { spec as findSpec } from './registry.ts';

/** Options of {@link makeVecAsync}. */
export interface MakeVecAsyncOptions {
  /** Options of the vector environment. */
  vectorKwargs?: { autoresetMode?: AutoresetMode };
  /** Keyword arguments of every sub-environment. */
  kwargs?: Record<string, unknown>;
  /** Worker threads (default: available cores − 1, at least one). */
  numWorkers?: number;
}

/**
 * Makes an {@link AsyncVectorEnv} of `numEnvs` copies of a registered environment, as `makeVec(id, n,
 * { vectorizationMode: 'async' })` in Gymnasium. The environment's spec must name the module that
 * registers it (`module` in `register`), which every worker imports.
 *
 * @example
 * ```ts
 * const envs = await makeVecAsync('EdgeLLM-v0', 64);
 * const [obs] = envs.reset({ seed: 0 });
 * envs.close();
 * ```
 */
export async function makeVecAsync(id: string, numEnvs: number, options: MakeVecAsyncOptions = {}): Promise<AsyncVectorEnv> {
  const s = findSpec(id);
  if (s.module === null) {
    throw new InvalidArgument(
      `${s.id} was registered without \`module\`, so worker threads cannot make it; pass module: import.meta.url (of the registering module) to register(), or use makeVec.`,
    );
  }
  const venv = await AsyncVectorEnv.create(s.id, numEnvs, {
    modules: [s.module],
    kwargs: options.kwargs,
    autoresetMode: options.vectorKwargs?.autoresetMode,
    numWorkers: options.numWorkers,
  });
  venv.spec = s;
  return venv;
}
