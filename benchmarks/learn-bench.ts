/**
 * `bench learn`: environment steps per second while training, for the built-in PPO and T2DRL (a short
 * training run of each, in this process, as `bench agents` measures it) and, in the same run when PyTorch
 * is importable, for the PyTorch PPO of `bridge/python/benchmarks/ppo_torch.py` (the same network sizes,
 * rollout length, epochs and minibatch) training through a bridge server started here. The ratios to the
 * PyTorch figure are the targets: built-in PPO ≥ 2×, T2DRL ≥ 1.5×.
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { packageFilePath } from '../src/package-files.ts';
import { benchAgents } from './agents-bench.ts';
import { startServer } from '../bridge/server/server.ts';

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
  /** Python with torch; `false` skips the PyTorch figure (default: `EDGELLM_PYTHON`, else the checkout's `.venv`, else `python3`). */
  readonly python?: string | false;
  /** Progress messages. */
  readonly onNote?: (m: string) => void;
}

/** Result of {@link benchLearn}. */
export interface LearnBenchResult {
  env: string;
  backend: string;
  iterations: number;
  ppoEnvStepsPerSecond: number;
  t2drlEnvStepsPerSecond: number;
  /** `null` when torch is not importable (see `torchNote`). */
  torchEnvStepsPerSecond: number | null;
  /** Why the PyTorch figure is missing, or the torch version and threads it was measured with. */
  torchNote: string;
  /** Built-in PPO / PyTorch PPO (`null` without torch); target {@link LEARN_TARGETS}. */
  ppoToTorch: number | null;
  /** T2DRL / PyTorch PPO (`null` without torch). */
  t2drlToTorch: number | null;
  targets: typeof LEARN_TARGETS;
}

function defaultPython(): string {
  const env = process.env.EDGELLM_PYTHON;
  if (env !== undefined && env !== '') return env;
  return existsSync(CHECKOUT_VENV_PYTHON) ? CHECKOUT_VENV_PYTHON : 'python3';
}

async function torchFigure(python: string, envId: string, iterations: number, note: (m: string) => void): Promise<{ value: number | null; note: string }> {
  const probe = spawnSync(python, ['-c', 'import torch, numpy, msgpack, websocket; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (probe.status !== 0) {
    const why = (probe.stderr || probe.error?.message || '').trim().split('\n').slice(-1)[0];
    return { value: null, note: `no PyTorch figure: ${python} cannot import torch (${why}); install the CPU wheel into the virtualenv (pip install torch)` };
  }
  // One torch thread, as the built-in learners use one (tfjs wasm): with torch's default of one thread per
  // core, its threads wait for each other whenever another process takes a core, and on this loaded 2-core
  // machine the figure fell to 76–250 env-steps/s. The heartbeat is off so that pong traffic stays out of the figure.
  const server = await startServer({ port: 0, log: 'silent', heartbeatMs: 0 });
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
    const r = JSON.parse(line) as { envStepsPerSecond: number; torch: string; torchThreads: number; rolloutSecondsPerIteration: number; updateSecondsPerIteration: number };
    const parts = `rollout ${r.rolloutSecondsPerIteration.toFixed(2)} s + update ${r.updateSecondsPerIteration.toFixed(2)} s per 2,000 steps`;
    return { value: r.envStepsPerSecond, note: `torch ${r.torch}, torch threads: ${r.torchThreads}, ${parts}` };
  } finally {
    await server.close();
  }
}

/** Measures the three learners (see the module description). */
export async function benchLearn(options: LearnBenchOptions = {}): Promise<LearnBenchResult> {
  const envId = options.envId ?? 'EdgeLLM-v0';
  const iterations = options.iterations ?? 3;
  const note = options.onNote ?? (() => {});
  const python = options.python === undefined ? defaultPython() : options.python;
  const torch = python === false ? { value: null, note: 'PyTorch figure skipped' } : await torchFigure(python, envId, iterations, note);
  const agents = await benchAgents({ envId, iterations, onNote: note });
  const ppo = agents.agents.ppo.trainingStepsPerSecond;
  const t2drl = agents.agents.t2drl.trainingStepsPerSecond;
  return {
    env: envId,
    backend: agents.backend,
    iterations,
    ppoEnvStepsPerSecond: ppo,
    t2drlEnvStepsPerSecond: t2drl,
    torchEnvStepsPerSecond: torch.value,
    torchNote: torch.note,
    ppoToTorch: torch.value === null ? null : ppo / torch.value,
    t2drlToTorch: torch.value === null ? null : t2drl / torch.value,
    targets: LEARN_TARGETS,
  };
}
