/**
 * `market` and `bench market`: clear one market given as JSON, compare the mechanisms on random markets
 * (with a chart), and measure clearing throughput.
 * @module
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchMarket } from '../../../benchmarks/market-bench.ts';
import { clearCase } from '../../../envs/dda-market/auction/clear-case.ts';
import { compareMechanisms, formatComparison, type Comparison } from '../../../envs/dda-market/auction/compare.ts';
import { MarketInputError } from '../../../envs/dda-market/auction/errors.ts';
import type { ValuationKind } from '../../../envs/dda-market/auction/valuations.ts';
import { InvalidArgument } from '../../core/errors.ts';
import { lineChart, type LineRow } from '../../plot/charts.ts';
import { renderSvg } from '../../plot/render-svg.ts';
import { writeFileAtomic } from '../../utils/atomic-write.ts';
import { runMetadata } from '../../utils/run-metadata.ts';
import { nonNegativeInt, note, positiveInt, positiveNumber, printJson, runAction } from '../output.ts';

/** Options as commander gives them: strings, parsed inside the action so that bad values exit with code 2. */
interface MarketCliOptions {
  case?: string;
  compare?: boolean;
  sizes: string;
  markets: string;
  seed: string;
  valuation: string;
  step: string;
  idaBudget: string;
  out: string;
  json?: boolean;
}

/** Parses a comma-separated list of integers ≥ 2 (market sizes). */
function sizeList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new TypeError(`--sizes must be a comma-separated list of market sizes such as 20,40,60; got '${value}'.`);
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isSafeInteger(n) || n < 2) {
      throw new TypeError(`--sizes entries must be integers ≥ 2 (total agents, at least one buyer and one seller); got '${p}'.`);
    }
    return n;
  });
}

/** Runs `fn`, turning a market input error into the CLI's clear one-line error (exit code 2). */
function asCliError<T>(fn: () => T, where: string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MarketInputError) throw new InvalidArgument(`${where}${e.message}`);
    throw e;
  }
}

function readCase(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new InvalidArgument(`--case: cannot read '${file}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Pass a JSON case file, or - for stdin.`);
  }
}

/** Chart rows of a comparison: one panel per measure, one line per mechanism over the market size. */
export function comparisonChartRows(c: Comparison): LineRow[] {
  const rows: LineRow[] = [];
  for (const r of c.rows) {
    rows.push({ panel: 'welfare / OPT', series: r.mechanism, x: r.size, y: r.welfareRatio });
    rows.push({ panel: 'rounds per auction', series: r.mechanism, x: r.size, y: r.meanRounds });
    rows.push({ panel: 'messages per auction', series: r.mechanism, x: r.size, y: r.meanMessages });
  }
  return rows.filter((r) => Number.isFinite(r.y));
}

async function runCompare(opts: MarketCliOptions): Promise<void> {
  if (opts.valuation !== 'llm' && opts.valuation !== 'uniform') {
    throw new InvalidArgument(`--valuation must be 'llm' or 'uniform'; got '${opts.valuation}'.`);
  }
  const comparison = asCliError(
    () =>
      compareMechanisms({
        sizes: sizeList(opts.sizes),
        markets: positiveInt('--markets')(opts.markets),
        seed: nonNegativeInt('--seed')(opts.seed),
        valuation: opts.valuation as ValuationKind,
        stepFraction: positiveNumber('--step')(opts.step),
        idaBudgetFactor: positiveNumber('--ida-budget')(opts.idaBudget),
      }),
    '',
  );
  const base = join(opts.out, 'market-comparison');
  const title = `Mechanisms on ${comparison.valuation} markets (${comparison.markets} per size, seed ${comparison.seed})`;
  const svg = await renderSvg(lineChart(comparisonChartRows(comparison), 'market size (buyers + sellers)', 'value', title));
  writeFileAtomic(`${base}.svg`, svg);
  writeFileAtomic(`${base}.md`, formatComparison(comparison) + '\n');
  writeFileAtomic(`${base}.json`, JSON.stringify({ meta: runMetadata(), ...comparison }, null, 1) + '\n');
  if (opts.json) return printJson({ ...comparison, files: { svg: `${base}.svg`, markdown: `${base}.md`, json: `${base}.json` } });
  process.stdout.write(formatComparison(comparison) + '\n');
  note(`Wrote ${base}.{svg,md,json}`);
}

/**
 * Adds `market` to `program`.
 *
 * @example
 * ```sh
 * npx edgellm-gym market --case test/fixtures/market/case-a.json --json
 * npx edgellm-gym market --compare --sizes 20,40,60,80,100 --markets 200 --seed 1
 * ```
 */
export function addMarketCommand(program: Command): void {
  program
    .command('market')
    .description('clear one market given as JSON (--case FILE) or compare the double auction mechanisms on random markets (--compare)')
    .option('--case <file>', 'JSON case {"mechanism", "buyers", "sellers", "range", "step"} to clear (- reads stdin); prints the outcome JSON')
    .option('--compare', 'welfare / OPT, rounds and messages per mechanism and market size, with a chart')
    .option('--sizes <list>', 'market sizes for --compare (total agents, split evenly)', '20,40,60,80,100')
    .option('--markets <n>', 'random markets per size for --compare', '200')
    .option('--seed <s>', 'seed of the market draws for --compare', '1')
    .option('--valuation <kind>', "values and costs for --compare: 'llm' (reasoning paths) or 'uniform' (U[0, 100])", 'llm')
    .option('--step <fraction>', 'clock and quote step for --compare, as a fraction of the price range', '0.01')
    .option('--ida-budget <factor>', 'IDA round budget for --compare, in multiples of range/step', '2')
    .option('--out <dir>', 'directory of the --compare chart and tables', 'results')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(
      runAction(async (opts: MarketCliOptions) => {
        if ((opts.case === undefined) === (opts.compare !== true)) {
          throw new InvalidArgument('market needs exactly one of --case FILE (clear one market) or --compare (random markets); see market --help.');
        }
        if (opts.compare) return runCompare(opts);
        const file = opts.case!;
        const result = asCliError(() => clearCase(readCase(file)), `${file}: `);
        printJson(result);
        if (!opts.json) {
          const units = result.trades.reduce((s, t) => s + t.units, 0);
          note(`${units} unit(s) traded, welfare ${result.welfare}, budget ${result.budget}, ${result.rounds} round(s), ${result.messages} messages`);
        }
      }),
    );
}

/**
 * Adds `bench market` to the `bench` command.
 *
 * @example
 * ```sh
 * npx edgellm-gym bench market --json
 * ```
 */
export function addMarketBenchCommand(bench: Command): void {
  bench
    .command('market')
    .description('market clearings per second on 50 × 50 markets: direct trade reduction, and full clock auctions at step 1 %')
    .option('--seconds <s>', 'seconds per measurement', '1')
    .option('--valuation <kind>', "'uniform' (U[0, 100]) or 'llm' values and costs", 'uniform')
    .option('--all', 'also measure every mechanism (a quarter of --seconds each)')
    .option('--json', 'print one JSON object on stdout')
    .action(
      runAction((opts: { seconds: string; valuation: string; all?: boolean; json?: boolean }) => {
        const seconds = positiveNumber('--seconds')(opts.seconds);
        if (opts.valuation !== 'llm' && opts.valuation !== 'uniform') {
          throw new InvalidArgument(`--valuation must be 'llm' or 'uniform'; got '${opts.valuation}'.`);
        }
        const valuation = opts.valuation as ValuationKind;
        const r = asCliError(() => benchMarket({ seconds, valuation, allMechanisms: opts.all === true }), '');
        if (opts.json) return printJson({ ...r, valuation });
        const fmt = (x: number) => Math.round(x).toLocaleString('en');
        process.stdout.write(
          `${r.buyers} × ${r.sellers} ${valuation} markets on ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}:\n` +
            `  direct trade-reduction clearings: ${fmt(r.directClearingsPerSecond)}/s\n` +
            `  full clock auctions (step ${r.stepFraction * 100} %, ${r.clockRounds.toFixed(0)} rounds): ${fmt(r.clockAuctionsPerSecond)}/s\n`,
        );
        for (const [mech, rate] of Object.entries(r.perMechanism ?? {})) process.stdout.write(`  ${mech}: ${fmt(rate)}/s\n`);
      }),
    );
}
