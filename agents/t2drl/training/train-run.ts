/**
 * A complete training run as the `train` command performs it: backend start-up, the PPO loop until the
 * step budget, progress reporting, the learning curve (CSV + SVG), periodic and final checkpoints, the
 * best-validation checkpoint, resume, and a clean stop on SIGINT/SIGTERM (the current iteration finishes
 * and is saved; a second signal ends the process at once — the last checkpoint on disk is intact either
 * way, because every file is written atomically).
 *
 * Files in the output directory:
 * - `checkpoint.json` — the latest state (resume from it with `resume: true`);
 * - `best.json` — the weights (and normalization statistics) with the best validation return so far, with
 *   the run's progress and learning curve at the time of writing (rewritten at the end of the run); this is
 *   what gets shipped, while `checkpoint.json` is what a run resumes from;
 * - `curve.csv`, `curve.svg` — the learning curve;
 * - `run.json` — a summary (configuration, budget, timing, backend, best validation).
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgument } from '../../../src/core/errors.ts';
import { renderSvg } from '../../../src/plot/render-svg.ts';
import { writeFileAtomic } from '../../../src/utils/atomic-write.ts';
import { runMetadata } from '../../../src/utils/run-metadata.ts';
import { initBackend } from '../../tfjs/backend.ts';
import type { BackendPreference } from '../../tfjs/backend.ts';
import { readCheckpoint, writeCheckpoint } from './checkpoint.ts';
import { curveCsv, learningCurveChart } from './learning-curve.ts';
import { PPOTrainer, defaultLearnerThreads } from './trainer.ts';
import type { IterationReport } from './trainer.ts';
import { resolveTrainingConfig } from './training-config.ts';
import type { LearningAgentKind, TrainingOverrides } from './training-config.ts';

/** How a run computes its gradient steps (see {@link TrainRunOptions.gradients}). */
export type GradientKind = 'hand' | 'autodiff';

/** Options of {@link runTraining}. */
export interface TrainRunOptions {
  /** `ppo` or `t2drl`. */
  readonly agent: LearningAgentKind;
  /** Environment id. */
  readonly envId: string;
  /** Total environment steps of the run (a resumed run counts the steps already done). */
  readonly steps: number;
  /** Seed of the run: weights, sampling and episode seeds. */
  readonly seed: number;
  /** Output directory. */
  readonly outDir: string;
  /** Configuration overrides (ignored on resume: the checkpoint's configuration applies). */
  readonly overrides?: TrainingOverrides;
  /** Continue from `outDir/checkpoint.json`. */
  readonly resume?: boolean;
  /** Iterations between periodic checkpoints (default 10). */
  readonly checkpointEvery?: number;
  /** Backend preference (default `auto`). */
  readonly backend?: BackendPreference;
  /**
   * How the gradient steps are computed: `hand` (default; the hand-derived backward of `mlp-stepper.ts` /
   * `ttt-stepper.ts`) or `autodiff` (tfjs autodiff, slower; the same gradients up to float rounding). The
   * shipped checkpoints were trained with `autodiff`, so it is the one that repeats them exactly on their
   * backend. A resumed run must use the kind it was started with to continue exactly.
   */
  readonly gradients?: GradientKind;
  /**
   * Threads of the hand-derived gradient steps: 1, or 2 (a learner thread computes the second shard of every
   * minibatch; see `PPOTrainer.learnerThreads`). The result is the same either way. Default
   * {@link defaultLearnerThreads}: 2 on a machine with two cores or more.
   */
  readonly learnerThreads?: number;
  /** Called once before the first iteration of this process (the trainer may already be advanced by a resume). */
  readonly onStart?: (trainer: PPOTrainer) => void;
  /** Called after every iteration (progress display). */
  readonly onIteration?: (report: IterationReport, trainer: PPOTrainer) => void;
  /** Called with messages (start, resume, checkpoints). */
  readonly onNote?: (message: string) => void;
  /** Install SIGINT/SIGTERM handlers that stop after the current iteration (default true). */
  readonly handleSignals?: boolean;
}

/** What {@link runTraining} returns (also written to `run.json`). */
export interface TrainRunResult {
  agent: LearningAgentKind;
  env: string;
  seed: number;
  outDir: string;
  backend: string;
  iterations: number;
  envSteps: number;
  episodes: number;
  /** Training seconds (all processes of a resumed run). */
  seconds: number;
  /** Environment steps per second over the run. */
  stepsPerSecond: number;
  /** Mean seconds per iteration in the rollout and the update (this process). */
  rolloutSecondsPerIteration: number;
  updateSecondsPerIteration: number;
  /** Best validation so far. */
  best: { iteration: number; evalCost: number } | null;
  /** How the gradient steps were computed (see {@link TrainRunOptions.gradients}). */
  gradients: GradientKind;
  /** Threads of the gradient steps in this process (see {@link TrainRunOptions.learnerThreads}; no effect on the result). */
  learnerThreads: 1 | 2;
  /** `true` when a signal stopped the run before the budget. */
  interrupted: boolean;
  /** Paths written. */
  files: { checkpoint: string; best: string; curveCsv: string; curveSvg: string; summary: string };
}

/**
 * Trains (or continues training) an agent; see the module description.
 *
 * @throws {InvalidArgument} when `outDir` already holds a run and `resume` is not set, when resuming a run of
 *   another agent/environment/seed, or for bad options.
 */
export async function runTraining(options: TrainRunOptions): Promise<TrainRunResult> {
  const { agent, envId, steps, seed, outDir } = options;
  const note = options.onNote ?? (() => {});
  if (!Number.isInteger(steps) || steps < 1) throw new InvalidArgument(`steps must be a positive integer, got ${steps}.`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidArgument(`seed must be a non-negative integer, got ${seed}.`);
  const gradients = options.gradients ?? 'hand';
  if (gradients !== 'hand' && gradients !== 'autodiff') {
    throw new InvalidArgument(`gradients must be 'hand' (the hand-derived backward, the default) or 'autodiff' (tfjs autodiff), got '${String(gradients)}'.`);
  }
  const learnerThreads = options.learnerThreads ?? defaultLearnerThreads();
  if (learnerThreads !== 1 && learnerThreads !== 2) throw new InvalidArgument(`learnerThreads must be 1 or 2, got ${String(learnerThreads)}.`);
  const every = options.checkpointEvery ?? 10;
  if (!Number.isInteger(every) || every < 1) throw new InvalidArgument(`checkpointEvery must be a positive integer, got ${every}.`);
  const files = {
    checkpoint: join(outDir, 'checkpoint.json'),
    best: join(outDir, 'best.json'),
    curveCsv: join(outDir, 'curve.csv'),
    curveSvg: join(outDir, 'curve.svg'),
    summary: join(outDir, 'run.json'),
  };
  const backend = await initBackend(options.backend ?? 'auto');
  note(`tfjs backend: ${backend.name}${backend.skipped.length > 0 ? ` (skipped ${backend.skipped.map((s) => s.name).join(', ')})` : ''}`);
  let trainer: PPOTrainer;
  if (existsSync(files.checkpoint)) {
    if (options.resume !== true) {
      throw new InvalidArgument(`${outDir} already holds a training run (${files.checkpoint}); pass --resume to continue it or choose another --out.`);
    }
    const ckpt = readCheckpoint(files.checkpoint);
    if (ckpt.agent !== agent || ckpt.env.id !== envId || ckpt.training.ppo.seed !== seed) {
      throw new InvalidArgument(
        `${files.checkpoint} is a run of ${ckpt.agent} on ${ckpt.env.id} with seed ${ckpt.training.ppo.seed}, not ${agent} on ${envId} with seed ${seed}; ` +
          'pass the same --agent/--env/--seed to resume it, or choose another --out.',
      );
    }
    trainer = PPOTrainer.fromCheckpoint(ckpt, files.checkpoint);
    note(`Resuming ${files.checkpoint} at iteration ${trainer.iteration} (${trainer.envSteps} steps).`);
  } else {
    if (options.resume === true) note(`No checkpoint in ${outDir}; starting a new run.`);
    const o = options.overrides ?? {};
    const config = resolveTrainingConfig(agent, envId, { ...o, ppo: { ...(o.ppo ?? {}), seed }, network: { ...(o.network ?? {}), seed } });
    trainer = new PPOTrainer(config);
  }
  trainer.autodiff = gradients === 'autodiff';
  trainer.learnerThreads = learnerThreads;
  let stop = false;
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(130);
    stop = true;
    note(`${sig}: stopping after this iteration and saving a checkpoint (send it again to quit at once).`);
  };
  const handle = options.handleSignals !== false;
  if (handle) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  let rollout = 0;
  let update = 0;
  let withoutEpisodes = 0;
  let localIterations = 0;
  const save = async () => {
    writeCheckpoint(files.checkpoint, trainer.toCheckpoint(backend.name, 'latest'));
    writeFileAtomic(files.curveCsv, curveCsv(trainer.curve));
    writeFileAtomic(files.curveSvg, await renderSvg(learningCurveChart([{ label: agent, rows: trainer.curve }], `${agent} on ${envId}`)));
  };
  try {
    options.onStart?.(trainer);
    while (trainer.envSteps < steps && !stop) {
      const report = trainer.iterate();
      rollout += report.timing.rolloutSeconds;
      update += report.timing.updateSeconds;
      localIterations += 1;
      withoutEpisodes = report.episodes.length === 0 ? withoutEpisodes + 1 : 0;
      if (withoutEpisodes === 3) {
        note(
          `warning: no episode finished in the last 3 rollouts (${trainer.stepsPerEnv} steps per environment); the policy now ` +
            'learns from bootstrapped values only. Give each environment more steps than an episode lasts ' +
            '(--config \'{"numEnvs": …, "ppo": {"rolloutSteps": …}}\').',
        );
      }
      if (report.improved) writeCheckpoint(files.best, trainer.toCheckpoint(backend.name, 'best'));
      options.onIteration?.(report, trainer);
      if (trainer.iteration % every === 0) await save();
      // an iteration is synchronous: give the event loop a turn so that signals are handled
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await save();
    // the best weights (with their statistics) together with the record of the whole run
    if (trainer.hasBestSnapshot || !existsSync(files.best)) writeCheckpoint(files.best, trainer.toCheckpoint(backend.name, 'best'));
    const result: TrainRunResult = {
      agent,
      env: envId,
      seed,
      outDir,
      backend: backend.name,
      iterations: trainer.iteration,
      envSteps: trainer.envSteps,
      episodes: trainer.episodes,
      seconds: trainer.elapsedSeconds,
      stepsPerSecond: trainer.envSteps / Math.max(trainer.elapsedSeconds, 1e-9),
      rolloutSecondsPerIteration: localIterations > 0 ? rollout / localIterations : Number.NaN,
      updateSecondsPerIteration: localIterations > 0 ? update / localIterations : Number.NaN,
      best: trainer.best === null ? null : { iteration: trainer.best.iteration, evalCost: trainer.best.evalCost },
      gradients,
      learnerThreads,
      interrupted: stop,
      files,
    };
    writeFileAtomic(files.summary, JSON.stringify({ ...result, config: trainer.config, meta: runMetadata() }, null, 1) + '\n');
    return result;
  } finally {
    if (handle) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    trainer.close();
  }
}
