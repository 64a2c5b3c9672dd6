/**
 * The oracle's leaderboard row: oracle episodes for the held-out seeds, cached per seed in a JSON file so
 * that repeated leaderboard runs do not plan them again.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { make } from '../../src/registry/registry.ts';
import type { Env } from '../../src/core/env.ts';
import { writeFileAtomic } from '../../src/utils/atomic-write.ts';
import { configHash } from '../../src/utils/run-metadata.ts';
import { parallelIdOfView } from '../../src/parallel/system-view.ts';
import { type OracleEpisode, oracleEpisode } from './oracle.ts';
import { type EvaluationResult, summarizeEpisodes } from '../evaluation/evaluate.ts';

/** Name of the oracle's rows in results. */
export const ORACLE_NAME = 'oracle';

/** Environments the oracle applies to (the single-server EdgeLLM family, not the multi-edge system's views). */
export function oracleAppliesTo(envId: string): boolean {
  return envId.startsWith('EdgeLLM') && parallelIdOfView(envId) === null;
}

/**
 * The oracle row of `envId` for seeds `seed … seed + episodes − 1`: the replayed episodes' summary with
 * `oracle: true`, and the mean and per-episode lower bounds (absent for trace workloads). Episodes found in
 * `cacheFile` (keyed by env id, config hash and seed) are reused; new ones are added to it.
 */
export function oracleResult(envId: string, seed: number, episodes: number, cacheFile?: string, onEpisode?: () => void): EvaluationResult {
  const env = make(envId) as Env<Float32Array, unknown>;
  try {
    const hash = configHash((env.unwrapped as unknown as { config?: unknown }).config ?? env.spec?.kwargs ?? {});
    const cache: Record<string, OracleEpisode> =
      cacheFile !== undefined && existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, OracleEpisode>) : {};
    let changed = false;
    const eps: OracleEpisode[] = [];
    for (let k = 0; k < episodes; k++) {
      const key = `${envId}:${hash}:${seed + k}`;
      let ep = cache[key];
      if (ep === undefined) {
        ep = oracleEpisode(env, seed + k);
        cache[key] = ep;
        changed = true;
      }
      eps.push(ep);
      onEpisode?.();
    }
    if (changed && cacheFile !== undefined) writeFileAtomic(cacheFile, JSON.stringify(cache) + '\n');
    const result = summarizeEpisodes(ORACLE_NAME, envId, eps.map((e) => e.record));
    result.oracle = true;
    if (eps.every((e) => typeof e.bound === 'number')) {
      result.bounds = eps.map((e) => e.bound!);
      result.bound = result.bounds.reduce((a, b) => a + b, 0) / result.bounds.length;
    }
    return result;
  } finally {
    env.close();
  }
}

/** Where a leaderboard in `dir` caches oracle episodes. */
export function oracleCachePath(dir: string): string {
  return join(dir, 'oracle-cache.json');
}
