/**
 * `eval`: evaluate one agent on one environment over seeded episodes.
 * @module
 */
import type { Command } from 'commander';
import { make } from '../../registry/registry.ts';
import { isParallelEnvId } from '../../parallel/parallel-registry.ts';
import { InvalidArgument } from '../../core/errors.ts';
import { configHash } from '../../utils/run-metadata.ts';
import { createAgent } from '../../../agents/catalogue.ts';
import { EVAL_SEED_BASE, evaluateAgent } from '../../../agents/evaluation/evaluate.ts';
import { startProgress } from '../progress.ts';
import { jsonObject, nonNegativeInt, positiveInt, printJson, runAction } from '../output.ts';

interface EvalOptions {
  agent: string;
  env: string;
  episodes: number;
  seed: number;
  config?: Record<string, unknown>;
  trainingSeed?: number;
  json?: boolean;
}

/** Adds `eval` to `program`. */
export function addEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('evaluate an agent on an environment over seeded episodes')
    .requiredOption('--agent <name>', 'agent name (see `list`)')
    .option('--env <id>', 'environment id', 'EdgeLLM-v0')
    .option('--episodes <n>', 'episodes', positiveInt('--episodes'), 20)
    .option('--seed <s>', 'seed of the first episode (episode k uses seed + k)', nonNegativeInt('--seed'), EVAL_SEED_BASE)
    .option('--config <json>', 'environment configuration overrides as JSON', jsonObject('--config'))
    .option('--training-seed <s>', 'learning agents: the training seed of the checkpoint (default: the lowest shipped one)', nonNegativeInt('--training-seed'))
    .option('--json', 'print one JSON object on stdout')
    .action(
      runAction(async (opts: EvalOptions) => {
        if (isParallelEnvId(opts.env)) {
          throw new InvalidArgument(
            `${opts.env} is a multi-agent environment (one agent per edge server): evaluate single-server baselines per server with \`eval-multi --env ${opts.env}\`.`,
          );
        }
        const env = make(opts.env, opts.config ?? {});
        const agent = await createAgent(opts.agent, {
          observationSpace: env.observationSpace,
          actionSpace: env.actionSpace,
          envId: opts.env,
          seed: opts.seed,
          envConfigHash: configHash((env.unwrapped as unknown as { config?: unknown }).config ?? env.spec?.kwargs ?? {}),
          ...(opts.trainingSeed === undefined ? {} : { trainingSeed: opts.trainingSeed }),
        });
        const progress = startProgress(`${opts.agent} on ${opts.env}`, opts.episodes, false);
        const result = evaluateAgent(env, agent, {
          episodes: opts.episodes,
          seed: opts.seed,
          onEpisode: (r) => progress.tick(1, { cost: r.meanCost.toFixed(4) }),
        });
        progress.stop();
        agent.close?.();
        env.close();
        if (opts.json) return printJson(result);
        const lines = [`${result.agent} on ${result.env}: ${result.episodes.length} episodes from seed ${opts.seed}`];
        lines.push('  seed   return    length  mean cost');
        for (const e of result.episodes) {
          lines.push(`  ${String(e.seed).padEnd(6)} ${e.return.toFixed(3).padStart(9)} ${String(e.length).padStart(7)}  ${e.meanCost.toFixed(4)}`);
        }
        lines.push(
          `mean cost ${result.meanCost.toFixed(4)}  95% CI [${result.ci95[0].toFixed(4)}, ${result.ci95[1].toFixed(4)}]  IQM ${result.iqm.toFixed(4)}`,
        );
        if (result.costs) {
          lines.push(`cost breakdown per slot: ${Object.entries(result.costs).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
          lines.push(
            `task accuracy ${(100 * (result.accuracy ?? 0)).toFixed(1)}%  edge share ${(100 * (result.edgeShare ?? 0)).toFixed(1)}%  evictions/episode ${(result.evictions ?? 0).toFixed(1)}  loads/episode ${(result.loads ?? 0).toFixed(1)}`,
          );
        }
        process.stdout.write(lines.join('\n') + '\n');
      }),
    );
}
