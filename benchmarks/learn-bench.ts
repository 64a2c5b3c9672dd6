/**
 * `bench learn`: environment steps per second while training, for the built-in PPO and T2DRL (a short
 * training run of each, in this process, as `bench agents` measures it) and, in the same run when PyTorch
 * is importable, for the PyTorch PPO of `bridge/python/benchmarks/ppo_torch.py` (the same network sizes,
 * rollout length, epochs and minibatch) training through a bridge server (`serve`) this command starts as a process of its own. The ratios to the
 * PyTorch figure are the project's targets (docs/benchmarks.md): built-in PPO ≥ 2×, T2DRL ≥ 1.5×.
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { packageFilePath, workerUrl } from '../src/package-files.ts';
import { benchAgents } from './agents-bench.ts';
import { initBackend } from '../agents/tfjs/backend.ts';
import { PPOTrainer } from '../agents/t2drl/training/trainer.ts';
import { resolveTrainingConfig } from '../agents/t2drl/training/training-config.ts';
import type { TrainingOverrides } from '../agents/t2drl/training/training-config.ts';

/** The PyTorch reference script. */
export const TORCH_PPO_SCRIPT = packageFilePath('bridge/python/benchmarks/ppo_torch.py');
const CHECKOUT_VENV_PYTHON = packageFilePath('.venv/bin/python');

/** Targets of the learner (ratios to the PyTorch PPO). */
export const LEARN_TARGETS = Object.freeze({ ppoToTorch: 2, t2drlToTorch: 1.5 });

/** Options of {@link benchLearn}. */
export interface LearnBenchOptions {
  /** Environment (default `EdgeLLM-v0`). */
  readonly envId?: string;
  /** Measured training iterations (2,000 steps each) per learner after one warm-up (default 3). */
  readonly iterations?: number;
  /**
   * Rounds of the three training figures (default 1): each round measures PyTorch, then the built-in
   * learners, back to back, and the ratios are the medians of the rounds' own ratios (see {@link summarizeRounds}).
   */
  readonly rounds?: number;
  /** Python with torch; `false` skips the PyTorch figure (default: `EDGELLM_PYTHON`, else the checkout's `.venv`, else `python3`). */
  readonly python?: string | false;
  /** Progress messages. */
  readonly onNote?: (m: string) => void;
}

/** A learner's update three ways, from {@link compareUpdates}. */
export interface PpoUpdateComparison {
  /** Median seconds of one update (2,000 steps, 10 epochs) with the gradients from tfjs autodiff. */
  autodiffSeconds: number;
  /** The same with the hand-derived gradient steps on one thread (both shards of every step on the calling thread). */
  handSeconds: number;
  /** The same with the hand-derived gradient steps on two threads (the second shard on a learner thread; the same result). */
  handTwoThreadsSeconds: number;
  /** autodiffSeconds / handSeconds. */
  speedup: number;
  /** handSeconds / handTwoThreadsSeconds. */
  threadSpeedup: number;
  /** Interleaved rounds (one update of each kind per round). */
  rounds: number;
}

/**
 * Times the `ppo` agent's update three ways in one process ({@link compareUpdates} of `'ppo'`).
 * `overrides` shrink the run in tests (default: 2,000 steps from 20 envs, as {@link benchLearn}).
 */
export async function comparePpoUpdates(envId = 'EdgeLLM-v0', rounds = 3, overrides: TrainingOverrides = {}): Promise<PpoUpdateComparison> {
  return compareUpdates('ppo', envId, rounds, overrides);
}

/**
 * Times an agent's update three ways in one process, interleaved (autodiff, hand-derived on one thread,
 * hand-derived on two threads, autodiff, …) after one warm-up iteration of each, so that all see the same
 * machine load. `overrides` shrink the run in tests (default: 2,000 steps from 20 envs, as {@link benchLearn}).
 */
export async function compareUpdates(agent: 'ppo' | 't2drl', envId = 'EdgeLLM-v0', rounds = 3, overrides: TrainingOverrides = {}): Promise<PpoUpdateComparison> {
  await initBackend('auto');
  const trainer = new PPOTrainer(resolveTrainingConfig(agent, envId, { evalEpisodes: 0, ppo: { rolloutSteps: 2000 }, numEnvs: 20, ...overrides }));
  try {
    const kinds = [
      { name: 'autodiff', autodiff: true, threads: 1 },
      { name: 'hand', autodiff: false, threads: 1 },
      { name: 'hand2', autodiff: false, threads: 2 },
    ] as const;
    const times: Record<(typeof kinds)[number]['name'], number[]> = { autodiff: [], hand: [], hand2: [] };
    for (let r = -1; r < rounds; r++) {
      for (const k of kinds) {
        trainer.autodiff = k.autodiff;
        trainer.learnerThreads = k.threads;
        const seconds = trainer.iterate().timing.updateSeconds;
        if (r >= 0) times[k.name].push(seconds);
      }
    }
    const autodiffSeconds = median(times.autodiff);
    const handSeconds = median(times.hand);
    const handTwoThreadsSeconds = median(times.hand2);
    return { autodiffSeconds, handSeconds, handTwoThreadsSeconds, speedup: autodiffSeconds / handSeconds, threadSpeedup: handSeconds / handTwoThreadsSeconds, rounds };
  } finally {
    trainer.close();
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One round of {@link benchLearn}'s training figures, measured back to back. */
export interface LearnRound {
  /** PyTorch PPO env-steps/s (`null` without torch). */
  readonly torch: number | null;
  readonly ppo: number;
  readonly t2drl: number;
  /** ppo / torch and t2drl / torch of this round (`null` without torch). */
  readonly ppoToTorch: number | null;
  readonly t2drlToTorch: number | null;
}

/** The medians {@link benchLearn} reports from its rounds. */
export interface LearnRoundSummary {
  readonly torch: number | null;
  readonly ppo: number;
  readonly t2drl: number;
  /** The median of the rounds' own ratios (not the ratio of the medians). */
  readonly ppoToTorch: number | null;
  readonly t2drlToTorch: number | null;
}

/**
 * The medians of `rounds`' figures and of their ratios. A ratio is taken within its round, where both figures
 * saw the same minutes of the machine, and only then summarized: on a machine whose speed drifts from minute to
 * minute that is steadier than the ratio of two medians.
 *
 * @example
 * ```ts
 * const s = summarizeRounds([
 *   { torch: 100, ppo: 150, t2drl: 200, ppoToTorch: 1.5, t2drlToTorch: 2 },
 *   { torch: 50, ppo: 80, t2drl: 90, ppoToTorch: 1.6, t2drlToTorch: 1.8 },
 *   { torch: 80, ppo: 100, t2drl: 150, ppoToTorch: 1.25, t2drlToTorch: 1.875 },
 * ]);
 * console.log(s.torch, s.ppo, s.ppoToTorch, s.t2drlToTorch);   // 80 100 1.5 1.875
 * ```
 * @throws RangeError when `rounds` is empty.
 */
export function summarizeRounds(rounds: readonly LearnRound[]): LearnRoundSummary {
  if (rounds.length === 0) throw new RangeError('summarizeRounds: no rounds.');
  const withTorch = rounds.every((r) => r.torch !== null);
  return {
    torch: withTorch ? median(rounds.map((r) => r.torch!)) : null,
    ppo: median(rounds.map((r) => r.ppo)),
    t2drl: median(rounds.map((r) => r.t2drl)),
    ppoToTorch: withTorch ? median(rounds.map((r) => r.ppoToTorch!)) : null,
    t2drlToTorch: withTorch ? median(rounds.map((r) => r.t2drlToTorch!)) : null,
  };
}

/** Result of {@link benchLearn}. */
export interface LearnBenchResult {
  env: string;
  backend: string;
  iterations: number;
  /** Median over the rounds. */
  ppoEnvStepsPerSecond: number;
  /** Median over the rounds. */
  t2drlEnvStepsPerSecond: number;
  /** Median over the rounds; `null` when torch is not importable (see `torchNote`). */
  torchEnvStepsPerSecond: number | null;
  /** Why the PyTorch figure is missing, or the torch version and threads it was measured with. */
  torchNote: string;
  /** Built-in PPO / PyTorch PPO, the median of the rounds' ratios (`null` without torch); target {@link LEARN_TARGETS}. */
  ppoToTorch: number | null;
  /** T2DRL / PyTorch PPO, likewise (`null` without torch). */
  t2drlToTorch: number | null;
  /** Every round's figures, in the order measured. */
  rounds: LearnRound[];
  /** Threads of the built-in learners' gradient steps in the two figures above. */
  learnerThreads: 1 | 2;
  /** The built-in PPO's update with tfjs autodiff against the hand-derived gradient steps on one and two threads, same run. */
  ppoUpdate: PpoUpdateComparison;
  /** The same for T2DRL's update (the TTT networks' hand-derived gradient steps). */
  t2drlUpdate: PpoUpdateComparison;
  /**
   * CPU seconds of one update (2,000 steps, 10 epochs; median) of each learner's own process, all its threads
   * (PyTorch on one thread; the built-in learners on `learnerThreads`): a comparison of the updates' work that
   * the machine's other load disturbs less than the wall-clock figures (`null` for PyTorch without torch).
   * `ppoToTorch` is torch's time / the built-in's.
   */
  updateCpuSeconds: { torch: number | null; ppo: number; t2drl: number; ppoToTorch: number | null };
  targets: typeof LEARN_TARGETS;
}

function defaultPython(): string {
  const env = process.env.EDGELLM_PYTHON;
  if (env !== undefined && env !== '') return env;
  return existsSync(CHECKOUT_VENV_PYTHON) ? CHECKOUT_VENV_PYTHON : 'python3';
}

async function torchFigure(python: string, envId: string, iterations: number, note: (m: string) => void): Promise<{ value: number | null; note: string; updateCpuSeconds?: number }> {
  const probe = spawnSync(python, ['-c', 'import torch, numpy, msgpack, websocket; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (probe.status !== 0) {
    const why = (probe.stderr || probe.error?.message || '').trim().split('\n').slice(-1)[0];
    return { value: null, note: `no PyTorch figure: ${python} cannot import torch (${why}); install the CPU wheel into the virtualenv (pip install torch)` };
  }
  // One torch thread, torch's fastest setting for these small layers on a 2-core machine: with its default of
  // one thread per core its update took longer (0.44 s against 0.35 s quiet; the figure fell to 76–250
  // env-steps/s under load, its threads waiting for each other whenever another process took a core). The
  // heartbeat is off so that pong traffic stays out of the figure. The server runs in a process of its own,
  // as a user's would: run in this process it left the built-in learners measured after it 5–10 % slower.
  const server = await startServerProcess();
  try {
    note(`torch ${probe.stdout.trim()}: PyTorch PPO through the bridge`);
    const child = spawn(python, [TORCH_PPO_SCRIPT, '--url', server.url, '--env-id', envId, '--iterations', String(iterations), '--threads', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const line = out.trim().split('\n').slice(-1)[0] ?? '';
    if (code !== 0 || !line.startsWith('{')) return { value: null, note: `the PyTorch PPO failed (exit ${code}): ${err.trim().split('\n').slice(-1)[0] ?? ''}` };
    const r = JSON.parse(line) as { envStepsPerSecond: number; torch: string; torchThreads: number; rolloutSecondsPerIteration: number; updateSecondsPerIteration: number; updateCpuSecondsPerIteration?: number };
    const parts = `rollout ${r.rolloutSecondsPerIteration.toFixed(2)} s + update ${r.updateSecondsPerIteration.toFixed(2)} s per 2,000 steps`;
    const figure = { value: r.envStepsPerSecond, note: `torch ${r.torch}, torch threads: ${r.torchThreads}, ${parts}` };
    return r.updateCpuSecondsPerIteration === undefined ? figure : { ...figure, updateCpuSeconds: r.updateCpuSecondsPerIteration };
  } finally {
    await server.close();
  }
}

/** `edgellm-gym serve` on a free loopback port in a child process (heartbeat off, log silent). */
async function startServerProcess(): Promise<{ url: string; close: () => Promise<void> }> {
  const cli = fileURLToPath(workerUrl('src/cli/bin.ts', 'bin/edgellm-gym.js'));
  const child = spawn(process.execPath, [cli, 'serve', '--host', '127.0.0.1', '--port', '0', '--heartbeat-ms', '0', '--log', 'silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      // the command prints where it listens (on stderr; stdout is kept for --json output)
      let text = '';
      const timer = setTimeout(() => reject(new Error(`the bridge server did not start within 60 s: ${text.trim().split('\n').pop() ?? ''}`)), 60_000);
      const read = (d: Buffer) => {
        text += d.toString();
        const m = /listening on (ws:\/\/[^\s;]+)/.exec(text);
        if (m !== null) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the bridge server exited (${code}) before listening: ${text.trim().split('\n').pop() ?? ''}`));
      });
    });
    return { url, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Measures the three learners (see the module description). */
export async function benchLearn(options: LearnBenchOptions = {}): Promise<LearnBenchResult> {
  const envId = options.envId ?? 'EdgeLLM-v0';
  const iterations = options.iterations ?? 3;
  const note = options.onNote ?? (() => {});
  const python = options.python === undefined ? defaultPython() : options.python;
  const roundCount = options.rounds ?? 1;
  if (!Number.isInteger(roundCount) || roundCount < 1) throw new RangeError(`benchLearn: rounds must be a positive integer, got ${roundCount}.`);
  const rounds: LearnRound[] = [];
  let torch: { value: number | null; note: string; updateCpuSeconds?: number } = { value: null, note: 'PyTorch figure skipped' };
  let agents: Awaited<ReturnType<typeof benchAgents>> | null = null;
  const torchCpu: number[] = [];
  const ppoCpu: number[] = [];
  const t2drlCpu: number[] = [];
  for (let r = 0; r < roundCount; r++) {
    if (roundCount > 1) note(`round ${r + 1} of ${roundCount}`);
    if (python !== false) torch = await torchFigure(python, envId, iterations, note);
    agents = await benchAgents({ envId, iterations, onNote: note });
    const ppo = agents.agents.ppo.trainingStepsPerSecond;
    const t2drl = agents.agents.t2drl.trainingStepsPerSecond;
    rounds.push({ torch: torch.value, ppo, t2drl, ppoToTorch: torch.value === null ? null : ppo / torch.value, t2drlToTorch: torch.value === null ? null : t2drl / torch.value });
    if (torch.updateCpuSeconds !== undefined) torchCpu.push(torch.updateCpuSeconds);
    ppoCpu.push(agents.agents.ppo.updateCpuSecondsPer2000);
    t2drlCpu.push(agents.agents.t2drl.updateCpuSecondsPer2000);
  }
  const summary = summarizeRounds(rounds);
  note('ppo: update with tfjs autodiff against the hand-derived gradient steps on one and two threads, interleaved');
  const ppoUpdate = await comparePpoUpdates(envId, iterations);
  note('t2drl: update with tfjs autodiff against the hand-derived gradient steps on one and two threads, interleaved');
  const t2drlUpdate = await compareUpdates('t2drl', envId, iterations);
  const torchUpdateCpu = torchCpu.length === roundCount ? median(torchCpu) : null;
  const ppoUpdateCpu = median(ppoCpu);
  return {
    env: envId,
    backend: agents!.backend,
    iterations,
    ppoEnvStepsPerSecond: summary.ppo,
    t2drlEnvStepsPerSecond: summary.t2drl,
    learnerThreads: agents!.learnerThreads,
    torchEnvStepsPerSecond: summary.torch,
    torchNote: roundCount > 1 && summary.torch !== null ? `${torch.note} (the last of ${roundCount} rounds)` : torch.note,
    ppoToTorch: summary.ppoToTorch,
    t2drlToTorch: summary.t2drlToTorch,
    rounds,
    ppoUpdate,
    t2drlUpdate,
    updateCpuSeconds: {
      torch: torchUpdateCpu,
      ppo: ppoUpdateCpu,
      t2drl: median(t2drlCpu),
      ppoToTorch: torchUpdateCpu === null ? null : torchUpdateCpu / ppoUpdateCpu,
    },
    targets: LEARN_TARGETS,
  };
}
