/**
 * Steps that the leaderboard command runs before evaluating: the learning agents hook in here (numeric
 * backend start-up, optional retraining) and return metadata to record with the results.
 * @module
 */

/** What a preparation step receives. */
export interface PrepareArgs {
  /** `--train` was given. */
  train: boolean;
  /** Environments of the run. */
  envs: readonly string[];
  /** Output directory of the run (for extra files such as learning-curve charts). */
  outDir?: string;
}

/** Registered preparation steps. */
export const leaderboardHooks = {
  steps: [] as ((args: PrepareArgs) => Promise<Record<string, unknown>>)[],
  /** Runs every step and merges the metadata they return. */
  async prepare(args: PrepareArgs): Promise<Record<string, unknown>> {
    const meta: Record<string, unknown> = {};
    for (const step of this.steps) Object.assign(meta, await step(args));
    if (args.train && this.steps.length === 0) {
      process.stderr.write('note: --train has no effect: no learning agent is installed.\n');
    }
    return meta;
  },
};
