/**
 * `bench startup`: the start-up cost of the compiled package (see `benchmarks/startup-bench.ts`).
 * @module
 */
import type { Command } from 'commander';
import { benchStartup } from '../../../benchmarks/startup-bench.ts';
import { note, positiveInt, printJson, runAction } from '../output.ts';

/** Adds `bench startup` to the `bench` command. */
export function addStartupBench(bench: Command): void {
  bench
    .command('startup')
    .description('start-up of the compiled package: import + new EdgeLLMEnv() + reset, `--help`, and `node -e ""` for reference')
    .option('--runs <n>', 'processes timed per figure (the median is reported)', positiveInt('--runs'), 7)
    .option('--json', 'print one JSON object on stdout')
    .action(
      runAction((opts: { runs: number; json?: boolean }) => {
        const r = benchStartup({ runs: opts.runs });
        if (opts.json) return printJson(r);
        const s = (x: number) => `${x.toFixed(3)} s`;
        note(
          `import + new EdgeLLMEnv() + reset: ${s(r.importSeconds)} (${s(r.importInProcessSeconds)} in the process); ` +
            `edgellm-gym --help: ${s(r.cliHelpSeconds)}; node -e "": ${s(r.nodeBaselineSeconds)} (medians of ${r.runs}, ${r.node})`,
        );
      }),
    );
}
