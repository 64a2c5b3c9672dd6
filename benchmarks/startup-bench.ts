/**
 * Start-up cost of the installed package, as users pay it: a fresh `node` process that imports the
 * package, makes an `EdgeLLMEnv` and resets it; `edgellm-gym --help`; and `node -e ""` in the same run
 * for reference. Every figure is the median wall time of whole processes running the compiled package
 * (`dist/`, what `npm pack` ships), never the TypeScript sources under a loader.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgument } from '../src/core/errors.ts';
import { packageFile } from '../src/package-files.ts';

/** Options of {@link benchStartup}. */
export interface StartupBenchOptions {
  /** Processes timed per figure; the median is reported (default 7). */
  runs?: number;
}

/** What {@link benchStartup} measures, in seconds (medians). */
export interface StartupBenchResult {
  /** `import { EdgeLLMEnv } from 'edgellm-gym'`, `new EdgeLLMEnv()` and the first `reset`, in a fresh process. */
  importSeconds: number;
  /** The same, timed inside the process (without Node's own start-up). */
  importInProcessSeconds: number;
  /** `edgellm-gym --help` (the compiled command). */
  cliHelpSeconds: number;
  /** `node -e ""`: Node's own start-up on this machine, now. */
  nodeBaselineSeconds: number;
  runs: number;
  node: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timed(args: string[]): { seconds: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.trim()}`);
  return { seconds, stdout: r.stdout };
}

/**
 * Times the start-up figures, interleaving the three kinds of process so that a change in machine load
 * affects them alike.
 *
 * @throws {InvalidArgument} when the package is not built (run `npm run build`) or `runs` is not a positive integer.
 */
export function benchStartup(options: StartupBenchOptions = {}): StartupBenchResult {
  const runs = options.runs ?? 7;
  if (!Number.isInteger(runs) || runs < 1) throw new InvalidArgument(`runs must be a positive integer; got ${runs}.`);
  const entry = packageFile('dist/src/index.js');
  const bin = fileURLToPath(packageFile('dist/src/cli/bin.js'));
  if (!existsSync(entry) || !existsSync(bin)) {
    throw new InvalidArgument(`The package is not built (no ${fileURLToPath(entry)}); run \`npm run build\` first.`);
  }
  const script =
    `const t0 = performance.now(); const { EdgeLLMEnv } = await import(${JSON.stringify(entry.href)}); ` +
    `new EdgeLLMEnv().reset({ seed: 0 }); console.log((performance.now() - t0) / 1000);`;
  const imports: number[] = [];
  const inProcess: number[] = [];
  const helps: number[] = [];
  const baselines: number[] = [];
  for (let i = 0; i < runs; i++) {
    baselines.push(timed(['-e', '']).seconds);
    const r = timed(['--input-type=module', '-e', script]);
    imports.push(r.seconds);
    inProcess.push(Number(r.stdout.trim()));
    helps.push(timed([bin, '--help']).seconds);
  }
  return {
    importSeconds: median(imports),
    importInProcessSeconds: median(inProcess),
    cliHelpSeconds: median(helps),
    nodeBaselineSeconds: median(baselines),
    runs,
    node: process.version,
  };
}
