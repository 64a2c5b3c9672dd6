/**
 * Where the learning agents find their checkpoints: `agents/checkpoints/<agent>-<env id>-s<seed>.json`
 * (shipped with the package; `<seed>` is the training seed of the run that made it), after any directories
 * put first on {@link checkpointSearchPath} (e.g. by `leaderboard --train`, which evaluates freshly trained
 * checkpoints). An agent may have several training seeds for one environment; without a seed, the lowest one
 * found is used ({@link defaultTrainingSeed}).
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { packageFilePath } from '../../../src/package-files.ts';

/** The directory of the shipped checkpoints. */
export const SHIPPED_CHECKPOINT_DIR = packageFilePath('agents/checkpoints/');

/** Directories searched before {@link SHIPPED_CHECKPOINT_DIR}, in order. */
export const checkpointSearchPath: string[] = [];

/**
 * The file name of the checkpoint of `agent` (`ppo` or `t2drl`) for `envId` trained with seed `seed`.
 *
 * @example
 * ```ts
 * checkpointFileName('t2drl', 'EdgeLLM-Flip-v0', 2); // 't2drl-EdgeLLM-Flip-v0-s2.json'
 * ```
 */
export function checkpointFileName(agent: string, envId: string, seed: number): string {
  return `${agent}-${envId}-s${seed}.json`;
}

/** The training seed in a checkpoint file name of `agent` for `envId`, or `null` when the name is not one. */
export function seedOfCheckpointFile(file: string, agent: string, envId: string): number | null {
  return seedAfter(file, `${agent}-${envId}-s`);
}

function seedAfter(file: string, prefix: string): number | null {
  if (!file.startsWith(prefix) || !file.endsWith('.json')) return null;
  const digits = file.slice(prefix.length, -'.json'.length);
  return /^(0|[1-9][0-9]*)$/.test(digits) ? Number(digits) : null;
}

function searchDirs(): string[] {
  return [...checkpointSearchPath, SHIPPED_CHECKPOINT_DIR];
}

/**
 * The training seeds with a checkpoint of `agent` for `envId` in any searched directory, ascending. (A
 * namespaced id `ns/Name-v0` puts the files in a sub-directory `<agent>-ns/`, as the file name implies.)
 */
export function trainingSeedsOf(agent: string, envId: string): number[] {
  const seeds = new Set<number>();
  for (const dir of searchDirs()) {
    const pattern = join(dir, `${agent}-${envId}-s`);
    const folder = dirname(pattern);
    if (!existsSync(folder)) continue;
    for (const f of readdirSync(folder)) {
      const s = seedAfter(f, basename(pattern));
      if (s !== null) seeds.add(s);
    }
  }
  return [...seeds].sort((a, b) => a - b);
}

/** The seed used when none is asked for: the lowest of {@link trainingSeedsOf}, or `null` when there is none. */
export function defaultTrainingSeed(agent: string, envId: string): number | null {
  return trainingSeedsOf(agent, envId)[0] ?? null;
}

/**
 * Every place a checkpoint of `agent` for `envId` is looked for, in order: the file of `seed`, or (without a
 * seed) the pattern `<agent>-<env id>-s<seed>.json` in each directory.
 */
export function checkpointCandidates(agent: string, envId: string, seed?: number): string[] {
  const name = seed === undefined ? `${agent}-${envId}-s<seed>.json` : checkpointFileName(agent, envId, seed);
  return searchDirs().map((dir) => join(dir, name));
}

/**
 * The first existing checkpoint of `agent` for `envId` trained with `seed` (default: {@link defaultTrainingSeed}),
 * or `null`.
 */
export function findCheckpoint(agent: string, envId: string, seed?: number): string | null {
  const s = seed ?? defaultTrainingSeed(agent, envId);
  if (s === null) return null;
  return checkpointCandidates(agent, envId, s).find((p) => existsSync(p)) ?? null;
}
