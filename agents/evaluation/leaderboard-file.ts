/**
 * The leaderboard file (`results/leaderboard.json`) and its companions (`.md`, `.csv`, the page
 * `index.html`): reading, merging results in, and writing all of them atomically.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/utils/atomic-write.ts';
import { type RunMetadata, runMetadata } from '../../src/utils/run-metadata.ts';
import type { EvaluationResult } from './evaluate.ts';
import { leaderboardCsv, leaderboardMarkdown } from './leaderboard-report.ts';
import { writeLeaderboardPage } from './leaderboard-page.ts';

/** Contents of `leaderboard.json`. */
export interface LeaderboardFile {
  /** How and where the results were produced. */
  meta: RunMetadata & {
    /** Evaluation seeds: episode k of every entry uses `seedBase + k`. */
    seedBase: number;
    /** Episodes per entry. */
    episodes: number;
    /** Hash of each environment's resolved config. */
    configHashes: Record<string, string>;
    /** Numeric backend of the learning agents, when any ran. */
    backend?: string;
    [key: string]: unknown;
  };
  /**
   * One entry per (agent, env). `source` is `remote` for results submitted through the bridge; `oracle: true`
   * marks the entry the leaderboard page divides by in its "÷ oracle" column.
   */
  results: (EvaluationResult & { source?: string; oracle?: boolean })[];
}

/** Reads a leaderboard file, or `null` when there is none. */
export function readLeaderboard(dir: string): LeaderboardFile | null {
  const path = join(dir, 'leaderboard.json');
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as LeaderboardFile;
}

/** Writes `leaderboard.json`, `.md`, `.csv` and the page `index.html` into `dir`, each atomically; returns the paths. */
export function writeLeaderboard(board: LeaderboardFile, dir: string): string[] {
  const paths = ['leaderboard.json', 'leaderboard.md', 'leaderboard.csv'].map((f) => join(dir, f));
  writeFileAtomic(paths[0]!, JSON.stringify(board, null, 1) + '\n');
  writeFileAtomic(paths[1]!, leaderboardMarkdown(board));
  writeFileAtomic(paths[2]!, leaderboardCsv(board));
  paths.push(writeLeaderboardPage(board, dir));
  return paths;
}

/**
 * Adds (or replaces) the entry for `result.agent` on `result.env` in the leaderboard of `dir`, creating the
 * file when needed. Used by the bridge to record remote agents.
 */
export function mergeIntoLeaderboard(result: EvaluationResult, dir: string, source = 'local', configHash?: string): LeaderboardFile {
  const board: LeaderboardFile = readLeaderboard(dir) ?? {
    meta: { ...runMetadata(), seedBase: result.episodes[0]?.seed ?? 0, episodes: result.episodes.length, configHashes: {} },
    results: [],
  };
  board.results = board.results.filter((r) => !(r.agent === result.agent && r.env === result.env));
  board.results.push({ ...result, source });
  if (configHash !== undefined) board.meta.configHashes[result.env] = configHash;
  writeLeaderboard(board, dir);
  return board;
}
