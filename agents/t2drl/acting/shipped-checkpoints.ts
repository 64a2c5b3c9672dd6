/**
 * Where the learning agents find their checkpoints: `agents/checkpoints/<agent>-<env id>.json` (shipped
 * with the package), after any directories put first on {@link checkpointSearchPath} (e.g. by
 * `leaderboard --train`, which evaluates freshly trained checkpoints).
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageFilePath } from '../../../src/package-files.ts';

/** The directory of the shipped checkpoints. */
export const SHIPPED_CHECKPOINT_DIR = packageFilePath('agents/checkpoints/');

/** Directories searched before {@link SHIPPED_CHECKPOINT_DIR}, in order. */
export const checkpointSearchPath: string[] = [];

/** The file name of the checkpoint of `agent` (`ppo` or `t2drl`) for `envId`. */
export function checkpointFileName(agent: string, envId: string): string {
  return `${agent}-${envId}.json`;
}

/** Every place a checkpoint of `agent` for `envId` is looked for, in order. */
export function checkpointCandidates(agent: string, envId: string): string[] {
  const name = checkpointFileName(agent, envId);
  return [...checkpointSearchPath, SHIPPED_CHECKPOINT_DIR].map((dir) => join(dir, name));
}

/** The first existing checkpoint of `agent` for `envId`, or `null`. */
export function findCheckpoint(agent: string, envId: string): string | null {
  return checkpointCandidates(agent, envId).find((p) => existsSync(p)) ?? null;
}
