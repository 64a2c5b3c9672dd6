/**
 * `eval-multi`: single-server baselines applied per edge server of a multi-edge system, with the market on
 * and off.
 * @module
 */
import type { Command } from 'commander';
import { evaluateMulti } from '../../../agents/baselines/edge-llm-multi/evaluate-multi.ts';
import { jsonObject, nonNegativeInt, positiveInt, printJson, runAction } from '../output.ts';

interface EvalMultiOptions {
  env: string;
  baselines: string;
  episodes: number;
  seed: number;
  config?: Record<string, unknown>;
  json?: boolean;
}

/** Adds `eval-multi` to `program`. */
export function addEvalMultiCommand(program: Command): void {
  program
    .command('eval-multi')
    .description('per-server baselines on a multi-edge system (EdgeLLMMulti-*), each with the market on and off: mean system cost per slot')
    .option('--env <id>', 'multi-edge environment id', 'EdgeLLMMulti-v0')
    .option('--baselines <names>', 'comma-separated EdgeLLM baselines', 'cloud,lfu,popularity,greedy')
    .option('--episodes <n>', 'episodes per baseline and market setting', positiveInt('--episodes'), 10)
    .option('--seed <s>', 'seed of the first episode (episode k uses seed + k)', nonNegativeInt('--seed'), 10000)
    .option('--config <json>', 'environment configuration overrides as JSON (market is set by the command)', jsonObject('--config'))
    .option('--json', 'print one JSON object on stdout')
    .action(
      runAction((opts: EvalMultiOptions) => {
        const report = evaluateMulti({
          envId: opts.env,
          baselines: opts.baselines.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
          episodes: opts.episodes,
          seed: opts.seed,
          kwargs: opts.config ?? {},
        });
        if (opts.json) {
          return printJson({
            env: report.env,
            seed: report.seed,
            episodes: opts.episodes,
            rows: report.rows.map((r) => ({
              baseline: r.baseline,
              systemCostMarketOn: r.on.systemCost.mean,
              systemCostMarketOff: r.off.systemCost.mean,
              ci95MarketOn: r.on.systemCost.ci95,
              ci95MarketOff: r.off.systemCost.ci95,
              marketGain: r.marketGain,
              pathsPerSlot: r.on.paths,
              welfarePerSlot: r.on.welfare,
              budgetSurplusPerSlot: r.on.budgetSurplus,
              serverCostsMarketOn: r.on.serverCosts,
              serverCostsMarketOff: r.off.serverCosts,
            })),
          });
        }
        const lines = [`${report.env}: per-server baselines, ${opts.episodes} episodes from seed ${report.seed}; mean system cost per slot`];
        lines.push('  baseline     market on   market off   gain (off − on)   paths/slot');
        for (const r of report.rows) {
          lines.push(
            `  ${r.baseline.padEnd(12)} ${r.on.systemCost.mean.toFixed(5).padStart(9)}   ${r.off.systemCost.mean.toFixed(5).padStart(10)}   ${r.marketGain.toExponential(2).padStart(15)}   ${r.on.paths.toFixed(2).padStart(10)}`,
          );
        }
        process.stdout.write(lines.join('\n') + '\n');
      }),
    );
}
