/**
 * `RecordEpisodeStatistics`: adds the return, length and duration of finished episodes to `info`.
 * @module
 */
import { Wrapper } from '../core/wrapper.ts';
import type { Env, Info, ResetArgs, StepResult } from '../core/env.ts';

/** What the wrapper puts under `info.episode` when an episode ends (Gymnasium's `r`, `l`, `t`). */
export interface EpisodeStatistics {
  /** Return (sum of rewards). */
  r: number;
  /** Length in steps. */
  l: number;
  /** Wall-clock duration in seconds. */
  t: number;
}

/**
 * On the step that ends an episode (terminated or truncated), sets `info.episode = { r, l, t }`, and
 * keeps the last `bufferLength` episodes in `returnQueue`, `lengthQueue` and `timeQueue`.
 */
export class RecordEpisodeStatistics<O, A> extends Wrapper<O, A> {
  /** Returns of the last episodes. */
  readonly returnQueue: number[] = [];
  /** Lengths of the last episodes. */
  readonly lengthQueue: number[] = [];
  /** Durations (s) of the last episodes. */
  readonly timeQueue: number[] = [];
  /** Episodes finished so far. */
  episodeCount = 0;
  private readonly bufferLength: number;
  private readonly statsKey: string;
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeStart = 0;

  constructor(env: Env<O, A>, bufferLength = 100, statsKey = 'episode') {
    super(env);
    this.bufferLength = bufferLength;
    this.statsKey = statsKey;
  }

  override reset(args: ResetArgs = {}): [O, Info] {
    const result = this.env.reset(args);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.episodeStart = performance.now();
    return result;
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    this.episodeReturn += result[1];
    this.episodeLength++;
    if (result[2] || result[3]) {
      const info = result[4];
      if (this.statsKey in info) throw new Error(`Attempted to add episode stats when they already exist in info under '${this.statsKey}'.`);
      const stats: EpisodeStatistics = {
        r: this.episodeReturn,
        l: this.episodeLength,
        t: Math.round((performance.now() - this.episodeStart) / 1e3 * 1e6) / 1e6,
      };
      info[this.statsKey] = stats;
      push(this.returnQueue, stats.r, this.bufferLength);
      push(this.lengthQueue, stats.l, this.bufferLength);
      push(this.timeQueue, stats.t, this.bufferLength);
      this.episodeCount++;
      this.episodeStart = performance.now();
    }
    return result;
  }
}

function push(queue: number[], value: number, max: number): void {
  queue.push(value);
  if (queue.length > max) queue.shift();
}
