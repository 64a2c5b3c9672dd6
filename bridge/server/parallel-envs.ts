/**
 * Where the server gets its parallel (multi-agent) environments from: a {@link ParallelEnvSource} that
 * makes one by id and config and says what it costs. The source is per thread (each session worker
 * imports the modules that set it, through the server's `preload`); by default there is none, and
 * `parallel.make` fails with `unknown_env`.
 * @module
 */
import type { ParallelEnv } from '../../src/parallel/parallel-env.ts';
import { BridgeError } from '../protocol/error-codes.ts';

/** Makes parallel environments by id. */
export interface ParallelEnvSource {
  /** Makes the parallel env `id` with the keyword arguments `config` (throws naming the bad field). */
  make(id: string, config: Record<string, unknown>): ParallelEnv;
  /** Relative cost of the env (1 for one typical single-agent env); 1 when absent. */
  cost?(id: string, config: Record<string, unknown>): number;
  /** The ids it makes, for error messages. */
  ids(): string[];
}

let source: ParallelEnvSource | null = null;

/** Sets (or, with `null`, removes) this thread's source of parallel envs. */
export function setParallelEnvSource(s: ParallelEnvSource | null): void {
  source = s;
}

function sourceFor(id: string): ParallelEnvSource {
  const s = source;
  const ids = s?.ids() ?? [];
  if (s === null || !ids.includes(id)) {
    throw new BridgeError('unknown_env', `No parallel env ${JSON.stringify(id)} on this server (parallel envs: ${ids.join(', ') || 'none'}).`, {
      field: 'request.env',
      hint: 'Use an id from the parallel envs the server offers (hello lists them); single-agent envs are made with make.',
    });
  }
  return s;
}

/**
 * The cost of the parallel env `id` with `config`, known before it is made (1 when the source does not say).
 * @throws {BridgeError} `unknown_env` when no source makes `id`.
 */
export function parallelEnvCost(id: string, config: Record<string, unknown>): number {
  return sourceFor(id).cost?.(id, config) ?? 1;
}

/**
 * Makes the parallel env `id` with `config`.
 * @throws {BridgeError} `unknown_env` when no source makes `id`; the source's own errors otherwise.
 */
export function makeParallelEnv(id: string, config: Record<string, unknown>): ParallelEnv {
  return sourceFor(id).make(id, config);
}

/** The ids of the parallel envs this thread can make. */
export function parallelEnvIds(): string[] {
  return source?.ids() ?? [];
}
