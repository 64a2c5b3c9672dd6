/**
 * `leaderboard`: every agent × scenario on held-out seeds (the main job, `npm start`).
 * @module
 */
import type { Command } from 'commander';
import { registry } from '../../registry/registry.ts';
import { EVAL_SEED_BASE } from '../../../agents/evaluation/evaluate.ts';
import { DEFAULT_LEADERBOARD_ENVS, leaderboardPlan, runLeaderboard, skippedEntries } from '../../../agents/evaluation/leaderboard.ts';
import { leaderboardMarkdown } from '../../../agents/evaluation/leaderboard-report.ts';
import { startProgress } from '../progress.ts';
import { list, nonNegativeInt, note, positiveInt, printJson, runAction } from '../output.ts';
import { leaderboardHooks } from '../leaderboard-hooks.ts';

interface LeaderboardCliOptions {
  envs?: string[];
  agents?: string[];
  episodes: number;
  seed: number;
  out: string;
  json?: boolean;
  train?: boolean;
}

/** Adds `leaderboard` to `program`. */
export function addLeaderboardCommand(program: Command): void {
  program
    .command('leaderboard')
    .description('evaluate every applicable agent on the default scenarios over held-out seeds and write results/')
    .option('--envs <ids>', 'comma-separated environment ids', list)
    .option('--agents <names>', 'comma-separated agent names (default: all that apply)', list)
    .option('--episodes <n>', 'episodes per agent and scenario', positiveInt('--episodes'), 20)
    .option('--seed <s>', 'first held-out seed', nonNegativeInt('--seed'), EVAL_SEED_BASE)
    .option('--out <dir>', 'output directory', 'results')
    .option('--train', 'retrain the learning agents before evaluating (long)')
    .option('--json', 'print the leaderboard JSON on stdout')
    .action(
      runAction(async (opts: LeaderboardCliOptions) => {
        const envs = opts.envs ?? DEFAULT_LEADERBOARD_ENVS.filter((id) => registry.has(id));
        const meta = await leaderboardHooks.prepare({ train: opts.train === true, envs, outDir: opts.out });
        const plan = leaderboardPlan(envs, opts.agents);
        const skipped = skippedEntries(envs, opts.agents);
        for (const env of new Set(skipped.map((s) => s.env))) {
          const here = skipped.filter((s) => s.env === env);
          note(`Skipping ${here.map((s) => s.agent).join(', ')} on ${env}: ${here[0]!.reason}.`);
        }
        note(`Leaderboard: ${plan.length} entries (${envs.join(', ')}) × ${opts.episodes} episodes from seed ${opts.seed}.`);
        const progress = startProgress('leaderboard', plan.length * opts.episodes, opts.json === true && !process.stderr.isTTY);
        let current = '';
        const board = await runLeaderboard({
          envs,
          agents: opts.agents,
          episodes: opts.episodes,
          seed: opts.seed,
          outDir: opts.out,
          meta,
          onEntry: (env, agent) => {
            current = `${agent}@${env}`;
            if (agent === 'oracle') note(`Planning the hindsight oracle on ${env} (episodes cached in ${opts.out}/oracle-cache.json).`);
          },
          onEpisode: () => progress.tick(1, { entry: current }),
        });
        progress.stop();
        if (opts.json) return printJson(board);
        process.stdout.write(leaderboardMarkdown(board));
        note(`Wrote ${opts.out}/leaderboard.{json,md,csv}, ${opts.out}/leaderboard-*.svg and ${opts.out}/index.html (open it in a browser)`);
      }),
    );
}
