/**
 * `train`: trains the `ppo` or `t2drl` agent on an environment, with progress, learning curve and
 * checkpoints (see `agents/t2drl/training/train-run.ts`).
 * @module
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { registry } from '../../registry/registry.ts';
import { isParallelEnvId, parallelRegistry } from '../../parallel/parallel-registry.ts';
import { InvalidArgument } from '../../core/errors.ts';
import { closest } from '../../utils/closest.ts';
import { jsonObject, nonNegativeInt, note, positiveInt, printJson, runAction } from '../output.ts';
import { startProgress } from '../progress.ts';
import type { BackendPreference } from '../../../agents/tfjs/backend.ts';

interface TrainCliOptions {
  agent: string;
  env: string;
  steps: number;
  seed: number;
  out?: string;
  resume?: boolean;
  checkpointEvery: number;
  config?: Record<string, unknown>;
  backend: string;
  gradients: string;
  learnerThreads?: number;
  json?: boolean;
}

/** Adds `train` to `program`. */
export function addTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train a learning agent (ppo or t2drl) with PPO; writes checkpoints and a learning curve')
    .requiredOption('--agent <name>', 'ppo or t2drl')
    .requiredOption('--env <id>', 'environment id (see `list`); a multi-agent id trains one policy shared by its agents')
    .option('--steps <n>', 'total environment steps', positiveInt('--steps'), 200_000)
    .option('--seed <s>', 'seed of the run (weights, sampling, training episodes)', nonNegativeInt('--seed'), 42)
    .option('--out <dir>', 'output directory (default runs/<agent>-<env>-s<seed>)')
    .option('--resume', 'continue the run in --out from its checkpoint')
    .option('--checkpoint-every <n>', 'iterations between checkpoints', positiveInt('--checkpoint-every'), 10)
    .option('--config <json>', 'training overrides as JSON, e.g. \'{"ppo":{"learningRate":1e-3},"numEnvs":10}\'', jsonObject('--config'))
    .option('--backend <name>', 'tfjs backend: auto, wasm, cpu or tensorflow', 'auto')
    .option(
      '--gradients <kind>',
      'hand (the hand-derived backward, faster) or autodiff (tfjs autodiff: what the shipped checkpoints were trained with, so it repeats them exactly)',
      'hand',
    )
    .option('--learner-threads <n>', 'threads of the gradient steps, 1 or 2 (default 2 on two cores or more; the result is the same)', positiveInt('--learner-threads'))
    .option('--json', 'print the run summary as one JSON object on stdout')
    .action(
      runAction(async (opts: TrainCliOptions) => {
        if (opts.agent !== 'ppo' && opts.agent !== 't2drl') {
          throw new InvalidArgument(`--agent must be 'ppo' or 't2drl', got '${opts.agent}'.`);
        }
        // a multi-agent id of the parallel registry trains one policy shared by its agents (agents/t2drl/training/training-envs.ts)
        if (!registry.has(opts.env) && !isParallelEnvId(opts.env)) {
          const guess = closest(opts.env, [...registry.keys(), ...parallelRegistry.keys()]);
          throw new InvalidArgument(`Unknown environment '${opts.env}'.${guess ? ` Did you mean '${guess}'?` : ''} See \`edgellm-gym list\`.`);
        }
        if (!['auto', 'wasm', 'cpu', 'tensorflow'].includes(opts.backend)) {
          throw new InvalidArgument(`--backend must be auto, wasm, cpu or tensorflow, got '${opts.backend}'.`);
        }
        if (opts.gradients !== 'hand' && opts.gradients !== 'autodiff') {
          throw new InvalidArgument(`--gradients must be hand or autodiff, got '${opts.gradients}'.`);
        }
        if (opts.learnerThreads !== undefined && opts.learnerThreads > 2) {
          throw new InvalidArgument(`--learner-threads must be 1 or 2, got ${opts.learnerThreads}.`);
        }
        const { runTraining } = await import('../../../agents/t2drl/training/train-run.ts');
        const outDir = opts.out ?? join('runs', `${opts.agent}-${opts.env}-s${opts.seed}`);
        let progress: ReturnType<typeof startProgress> | null = null;
        let last = 0;
        const result = await runTraining({
          agent: opts.agent,
          envId: opts.env,
          steps: opts.steps,
          seed: opts.seed,
          outDir,
          resume: opts.resume === true,
          checkpointEvery: opts.checkpointEvery,
          overrides: opts.config ?? {},
          backend: opts.backend as BackendPreference,
          gradients: opts.gradients,
          ...(opts.learnerThreads !== undefined ? { learnerThreads: opts.learnerThreads } : {}),
          onNote: note,
          onStart: (trainer) => {
            // the bar covers the steps of this process (a resumed run has done some already), so the ETA is right
            last = Math.min(trainer.envSteps, opts.steps);
            progress = startProgress(`train ${opts.agent} on ${opts.env}`, Math.max(opts.steps - last, 1), opts.json === true && !process.stderr.isTTY);
          },
          onIteration: (report) => {
            const r = report.row;
            const fields: Record<string, string | number> = {
              steps: r.envSteps,
              episodes: r.episodes,
              cost: Number.isFinite(r.trainCost) ? r.trainCost.toFixed(4) : '–',
              'steps/s': Math.round(r.stepsPerSecond),
            };
            if (Number.isFinite(r.evalCost)) fields.validation = r.evalCost.toFixed(4);
            progress?.tick(Math.min(r.envSteps, opts.steps) - last, fields);
            last = Math.min(r.envSteps, opts.steps);
          },
        });
        (progress as ReturnType<typeof startProgress> | null)?.stop();
        if (result.interrupted) process.exitCode = 130;
        if (opts.json) return printJson(result);
        note(
          `${result.interrupted ? 'Stopped' : 'Done'}: ${result.iterations} iterations, ${result.envSteps} steps, ${result.episodes} episodes in ` +
            `${Math.round(result.seconds)} s (${Math.round(result.stepsPerSecond)} steps/s).` +
            (result.best ? ` Best validation cost ${result.best.evalCost.toFixed(4)} at iteration ${result.best.iteration}.` : ''),
        );
        note(`Wrote ${result.files.checkpoint}, ${result.files.best}, ${result.files.curveCsv}, ${result.files.curveSvg}, ${result.files.summary}.`);
      }),
    );
}
