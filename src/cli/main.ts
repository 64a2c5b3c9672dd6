/**
 * The `edgellm-gym` command-line interface.
 * @module
 */
import { Command } from 'commander';
import '../../envs/index.ts';
import { packageInfo } from '../utils/run-metadata.ts';
import { addEnvCommands } from './commands/env-commands.ts';
import { addEvalCommand } from './commands/eval-command.ts';
import { addEvalMultiCommand } from './commands/eval-multi-command.ts';
import { addLeaderboardCommand } from './commands/leaderboard-command.ts';
import { addBenchCommand } from './commands/bench-command.ts';
import { addSweepCommand } from './commands/sweep-command.ts';
import { addTrainCommand } from './commands/train-command.ts';
import { addMarketCommand } from './commands/market-command.ts';
import { addServeCommand } from './commands/serve-command.ts';

/** Builds the command-line program (without running it). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('edgellm-gym')
    .description('Environments, agents and benchmarks for LLM caching, inference offloading and reasoning-path markets at the edge')
    .version(packageInfo().version)
    .showHelpAfterError('(run with --help for usage)');
  addEnvCommands(program);
  addEvalCommand(program);
  addEvalMultiCommand(program);
  addLeaderboardCommand(program);
  addSweepCommand(program);
  addTrainCommand(program);
  addMarketCommand(program);
  addServeCommand(program);
  addBenchCommand(program);
  return program;
}

/** Runs the CLI with `argv` (defaults to the process arguments). */
export async function main(argv: string[] = process.argv): Promise<void> {
  // Output piped into a program that stops reading early (e.g. `| head`) is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  await buildProgram().parseAsync(argv);
}
