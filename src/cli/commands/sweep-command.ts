/**
 * `sweep`: vary one configuration field and evaluate agents at each value.
 * @module
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { runSweep, sweepMarkdown } from '../../../agents/orchestration/sweep.ts';
import { EVAL_SEED_BASE } from '../../../agents/evaluation/evaluate.ts';
import { renderSvg } from '../../plot/render-svg.ts';
import { lineChart } from '../../plot/charts.ts';
import { writeFileAtomic } from '../../utils/atomic-write.ts';
import { runMetadata } from '../../utils/run-metadata.ts';
import { startProgress } from '../progress.ts';
import { list, nonNegativeInt, note, positiveInt, printJson, runAction } from '../output.ts';

interface SweepCliOptions {
  env: string;
  param: string;
  values: string[];
  agents?: string[];
  episodes: number;
  seed: number;
  out?: string;
  json?: boolean;
}

/** Adds `sweep` to `program`. */
export function addSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description('vary one configuration field (e.g. gpus) and evaluate agents at each value')
    .option('--env <id>', 'environment id', 'EdgeLLM-v0')
    .requiredOption('--param <field>', 'configuration field, e.g. agents, gpus, paths, vanishing')
    .requiredOption('--values <list>', 'comma-separated values', list)
    .option('--agents <names>', 'comma-separated agents (default: all that apply except random)', list)
    .option('--episodes <n>', 'episodes per point', positiveInt('--episodes'), 20)
    .option('--seed <s>', 'first seed', nonNegativeInt('--seed'), EVAL_SEED_BASE)
    .option('--out <dir>', 'write sweep-<param>.{json,md,svg} into this directory')
    .option('--json', 'print the result as JSON')
    .action(
      runAction(async (opts: SweepCliOptions) => {
        const values = opts.values.map((v) => {
          const n = Number(v);
          if (!Number.isFinite(n)) throw new TypeError(`--values must be numbers; got '${v}'.`);
          return n;
        });
        const total = values.length * (opts.agents?.length ?? 6);
        const progress = startProgress(`sweep ${opts.param}`, total, false);
        const result = await runSweep({
          env: opts.env,
          param: opts.param,
          values,
          agents: opts.agents,
          episodes: opts.episodes,
          seed: opts.seed,
          onPoint: (p) => progress.tick(1, { at: `${p.agent}@${p.value}` }),
        });
        progress.stop();
        if (opts.out !== undefined) {
          const base = join(opts.out, `sweep-${opts.param}`);
          writeFileAtomic(`${base}.json`, JSON.stringify({ meta: runMetadata(), ...result }, null, 1) + '\n');
          writeFileAtomic(`${base}.md`, sweepMarkdown(result));
          const rows = result.points.map((p) => ({ series: p.agent, x: p.value, y: p.meanCost, lo: p.ci95[0], hi: p.ci95[1] }));
          writeFileAtomic(`${base}.svg`, await renderSvg(lineChart(rows, opts.param, 'mean cost per slot', `${opts.env}: cost vs ${opts.param}`)));
          note(`Wrote ${base}.{json,md,svg}`);
        }
        if (opts.json) return printJson(result);
        process.stdout.write(sweepMarkdown(result));
      }),
    );
}
