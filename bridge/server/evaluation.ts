/**
 * Leaderboard evaluation driven by a remote agent: the server picks the seeds (EVAL_SEED_BASE + k), runs
 * the episodes on the registered config, records each step with `EpisodeRecorder`, and when the last
 * episode ends summarizes the records and merges them into `leaderboard.json` under the client's agent
 * name with source `remote`. The client only supplies actions.
 * @module
 */
import type { Env, Info } from '../../src/core/env.ts';
import { make } from '../../src/registry/registry.ts';
import type { EnvSpec } from '../../src/registry/env-spec.ts';
import { configHash } from '../../src/utils/run-metadata.ts';
import { EpisodeRecorder, type EpisodeRecord } from '../../agents/evaluation/episode-recorder.ts';
import { EVAL_SEED_BASE, summarizeEpisodes } from '../../agents/evaluation/evaluate.ts';
import { mergeIntoLeaderboard } from '../../agents/evaluation/leaderboard-file.ts';
import { BridgeError } from '../protocol/error-codes.ts';
import { withShapes } from '../protocol/space-values.ts';
import { type Handle, attachWarnings, checkAction, withWarnings } from './handles.ts';

/** Options of {@link EvaluationHandle}. */
export interface EvaluationOptions {
  /** Name the result is recorded under. */
  agent: string;
  /** Episodes to run. */
  episodes: number;
  /** Directory of `leaderboard.json`. */
  resultsDir: string;
  /** Cost units reserved for the handle. */
  cost: number;
  /** Called once the result is recorded (or recording failed). */
  onFinished?: (summary: { agent: string; env: string; meanCost: number; recorded: boolean }) => void;
}

/** One remote evaluation in progress. */
export class EvaluationHandle implements Handle {
  readonly kind = 'evaluation' as const;
  readonly envCount = 1;
  readonly cost: number;
  private readonly env: Env<unknown, unknown>;
  private readonly envId: string;
  private readonly options: EvaluationOptions;
  private readonly records: EpisodeRecord[] = [];
  private episode = 0;
  private recorder: EpisodeRecorder;
  private finished = false;
  private closed = false;

  constructor(spec: EnvSpec, options: EvaluationOptions) {
    this.env = make(spec);
    this.cost = options.cost;
    this.envId = spec.id;
    this.options = options;
    this.recorder = new EpisodeRecorder(EVAL_SEED_BASE);
  }

  /** Seed of episode `k`. */
  static seedOf(k: number): number {
    return EVAL_SEED_BASE + k;
  }

  private startEpisode(k: number): { episode: number; seed: number; obs: unknown; info: Info; warnings: string[] } {
    const seed = EvaluationHandle.seedOf(k);
    const [[obs, info], warnings] = withWarnings(() => this.env.reset({ seed }));
    this.recorder = new EpisodeRecorder(seed);
    this.episode = k;
    return { episode: k, seed, obs: withShapes(this.env.observationSpace, obs), info, warnings };
  }

  /** Fields of the `evaluate.start` reply (resets episode 0). */
  start(): Record<string, unknown> {
    const first = this.startEpisode(0);
    return attachWarnings(
      {
        episodes: this.options.episodes,
        episode: first.episode,
        seed: first.seed,
        observationSpace: this.env.observationSpace.toJSON(),
        actionSpace: this.env.actionSpace.toJSON(),
        spec: this.env.spec?.toJSON() ?? null,
        obs: first.obs,
        info: first.info,
      },
      first.warnings,
    );
  }

  /** `true` after the last episode. */
  get done(): boolean {
    return this.finished;
  }

  /** One step of the current episode with the client's action. */
  step(action: unknown): Record<string, unknown> {
    if (this.finished) throw new BridgeError('unknown_handle', 'This evaluation has finished; start a new one with evaluate.start.');
    checkAction(this.env.actionSpace, action);
    const [[obs, reward, terminated, truncated, info], warnings] = withWarnings(() => this.env.step(action));
    this.recorder.add(reward, info);
    const reply: Record<string, unknown> = {
      obs: withShapes(this.env.observationSpace, obs),
      reward,
      terminated,
      truncated,
      info,
      episode: this.episode,
      done: false,
    };
    if (terminated || truncated) {
      const record = this.recorder.finish();
      this.records.push(record);
      reply.episodeRecord = record;
      if (this.episode + 1 < this.options.episodes) {
        const next = this.startEpisode(this.episode + 1);
        warnings.push(...next.warnings);
        reply.next = { episode: next.episode, seed: next.seed, obs: next.obs, info: next.info };
      } else {
        this.finished = true;
        reply.done = true;
        Object.assign(reply, this.record());
      }
    }
    return attachWarnings(reply, warnings);
  }

  /** Summarizes and merges the result into the leaderboard; a failed write is reported, not thrown. */
  private record(): Record<string, unknown> {
    const result = summarizeEpisodes(this.options.agent, this.envId, this.records);
    const unwrapped = this.env.unwrapped as Env<unknown, unknown> & { config?: unknown };
    const hash = configHash(unwrapped.config ?? this.env.spec?.kwargs ?? {});
    let recorded = true;
    let recordError: string | undefined;
    try {
      mergeIntoLeaderboard(result, this.options.resultsDir, 'remote', hash);
    } catch (e) {
      recorded = false;
      recordError = `Could not write the leaderboard in ${this.options.resultsDir}: ${(e as Error).message}`;
    }
    this.options.onFinished?.({ agent: result.agent, env: result.env, meanCost: result.meanCost, recorded });
    const out: Record<string, unknown> = { result, recorded, configHash: hash };
    if (recordError !== undefined) out.recordError = recordError;
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.env.close();
  }
}
