/**
 * `list`, `schema` and `check`: inspecting registered environments and agents.
 * @module
 */
import type { Command } from 'commander';
import { listSpecs, make, spec } from '../../registry/registry.ts';
import { checkEnv } from '../../checker/env-checker.ts';
import { isParallelEnvId, listParallelSpecs, makeParallel, parallelSpec } from '../../parallel/parallel-registry.ts';
import { checkParallelEnv } from '../../parallel/parallel-env-checker.ts';
import { listAgents } from '../../../agents/catalogue.ts';
import { printJson, runAction } from '../output.ts';

/** Adds the environment inspection commands to `program`. */
export function addEnvCommands(program: Command): void {
  program
    .command('list')
    .description('list the registered environments and agents')
    .option('--json', 'print JSON')
    .action(
      runAction((opts: { json?: boolean }) => {
        const envs = listSpecs().map((s) => ({ id: s.id, description: s.description }));
        const parallelEnvs = listParallelSpecs().map((s) => ({ id: s.id, description: s.description }));
        const agents = listAgents().map((a) => ({ name: a.name, description: a.description }));
        if (opts.json) return printJson({ envs, parallelEnvs, agents });
        process.stdout.write('Environments:\n');
        for (const e of envs) process.stdout.write(`  ${e.id.padEnd(22)} ${e.description}\n`);
        process.stdout.write('Multi-agent (parallel) environments, made with makeParallel:\n');
        for (const e of parallelEnvs) process.stdout.write(`  ${e.id.padEnd(22)} ${e.description}\n`);
        process.stdout.write('Agents:\n');
        for (const a of agents) process.stdout.write(`  ${a.name.padEnd(22)} ${a.description}\n`);
      }),
    );

  program
    .command('schema <env>')
    .description('print the JSON Schema of an environment’s configuration')
    .action(
      runAction((id: string) => {
        const s = isParallelEnvId(id) ? parallelSpec(id) : spec(id);
        printJson({ ...(s.configSchema ?? { type: 'object' }), 'x-defaults-of-this-id': s.kwargs });
      }),
    );

  program
    .command('check <env>')
    .description('run the environment checker on a registered environment (checkParallelEnv for a parallel one)')
    .option('--json', 'print JSON')
    .action(
      runAction((id: string, opts: { json?: boolean }) => {
        if (isParallelEnvId(id)) {
          const penv = makeParallel(id);
          const report = checkParallelEnv(penv);
          penv.close();
          if (opts.json) return printJson({ env: id, ok: true, parallel: true, warnings: report.warnings, steps: report.steps });
          process.stdout.write(`${id}: passes the parallel environment checker over ${report.steps} steps${report.warnings.length ? ` with ${report.warnings.length} warning(s):` : '.'}\n`);
          for (const w of report.warnings) process.stdout.write(`  - ${w}\n`);
          return;
        }
        const env = make(id);
        const { warnings } = checkEnv(env.unwrapped);
        env.close();
        if (opts.json) return printJson({ env: id, ok: true, warnings });
        process.stdout.write(`${id}: passes the environment checker${warnings.length ? ` with ${warnings.length} warning(s):` : '.'}\n`);
        for (const w of warnings) process.stdout.write(`  - ${w}\n`);
      }),
    );
}
