/**
 * The learning agents' preparation step of the leaderboard (called by the `leaderboard` command):
 * starts the tfjs backend and prints and records its name; with `--train`, retrains every recipe of the
 * run's environments and evaluates those checkpoints instead of the shipped ones; and draws the learning
 * curves of the checkpoints in use into `leaderboard-learning-<env id>.svg` (an agent with several training
 * seeds as the mean over its seeds with the seed band).
 * @module
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg } from '../../../src/plot/render-svg.ts';
import { writeFileAtomic } from '../../../src/utils/atomic-write.ts';
import { readCheckpoint } from './checkpoint.ts';
import { curveFromJSON } from './learning-curve.ts';
import { type CurveSeries, type SeedCurve, curveSeries, seedBandSeries, seriesChart } from './curve-series.ts';
import { checkpointFileName, checkpointSearchPath, findCheckpoint, trainingSeedsOf } from '../acting/shipped-checkpoints.ts';
import { TRAINING_RECIPES, recipeCommand } from './training-recipes.ts';
import { parallelIdOfView } from '../../../src/parallel/system-view.ts';

/** What the step receives. */
export interface LearningStepArgs {
  readonly train: boolean;
  readonly envs: readonly string[];
  readonly outDir?: string;
}

const say = (m: string) => process.stderr.write(`${m}\n`);

/**
 * Runs the step; returns the metadata recorded with the leaderboard: `backend`, `tfjsVersion`, per
 * checkpoint in use its file, iteration, steps and training seconds, and `learningCurves` (the reduced
 * curves of those checkpoints, drawn by the leaderboard page).
 */
export async function prepareLearningAgents(args: LearningStepArgs): Promise<Record<string, unknown>> {
  const { initBackend } = await import('../../tfjs/backend.ts'); // loads TensorFlow.js: only when the step runs
  const backend = await initBackend('auto');
  say(`tfjs backend: ${backend.name}${backend.skipped.length > 0 ? ` (not available: ${backend.skipped.map((s) => s.name).join(', ')})` : ''}`);
  const outDir = args.outDir ?? 'results';
  if (args.train) {
    const { runTraining } = await import('./train-run.ts');
    const dir = join(outDir, 'checkpoints');
    mkdirSync(dir, { recursive: true });
    // a system view (EdgeLLMMulti-View-v0) is played by the checkpoints of its multi-agent id
    const ids = args.envs.map((id) => parallelIdOfView(id) ?? id);
    for (const r of TRAINING_RECIPES.filter((x) => ids.includes(x.envId))) {
      const runDir = join(outDir, 'training', `${r.agent}-${r.envId}-s${r.seed}`);
      say(`Training: ${recipeCommand(r, runDir)}`);
      const res = await runTraining({
        agent: r.agent,
        envId: r.envId,
        steps: r.steps,
        seed: r.seed,
        outDir: runDir,
        overrides: r.overrides,
        resume: true,
        onNote: say,
        onIteration: (rep) => {
          if (rep.row.iteration % 10 === 0) say(`  ${r.agent}@${r.envId}: ${rep.row.envSteps}/${r.steps} steps, cost ${rep.row.trainCost.toFixed(4)}`);
        },
      });
      copyFileSync(res.files.best, join(dir, checkpointFileName(r.agent, r.envId, r.seed)));
    }
    if (!checkpointSearchPath.includes(dir)) checkpointSearchPath.unshift(dir);
  }
  const checkpoints: Record<string, unknown> = {};
  const learningCurves: CurveSeries[] = [];
  for (const envId of args.envs) {
    const series: CurveSeries[] = [];
    const ckptId = parallelIdOfView(envId) ?? envId;
    for (const agent of ['ppo', 't2drl'] as const) {
      const seeds = trainingSeedsOf(agent, ckptId);
      const curves: SeedCurve[] = [];
      for (const seed of seeds) {
        const path = findCheckpoint(agent, ckptId, seed);
        if (path === null) continue;
        try {
          const c = readCheckpoint(path);
          checkpoints[seeds.length > 1 ? `${agent}@${envId} s${seed}` : `${agent}@${envId}`] = {
            file: path,
            trainingSeed: seed,
            iteration: c.progress.iteration,
            envSteps: c.progress.envSteps,
            trainingSeconds: Math.round(c.progress.elapsedSeconds),
            trainedOn: c.versions.backend,
          };
          curves.push({ seed, rows: curveFromJSON(c.curve) });
        } catch (e) {
          say(`warning: cannot read ${path}: ${(e as Error).message}`);
        }
      }
      if (curves.length === 1) series.push(curveSeries(agent, envId, curves[0]!.rows));
      else if (curves.length > 1) series.push(seedBandSeries(agent, envId, curves));
    }
    learningCurves.push(...series);
    if (series.length > 0 && args.outDir !== undefined) {
      const path = join(outDir, `leaderboard-learning-${envId}.svg`);
      writeFileAtomic(path, await renderSvg(seriesChart(series, `Learning curves of the evaluated checkpoints on ${envId}`)));
    }
  }
  return { backend: backend.name, tfjsVersion: backend.tfjsVersion, checkpoints, learningCurves };
}
