/**
 * The bridge's fairness benchmark (`npx edgellm-gym bench bridge --fairness --json`): a server with the
 * default options in a worker thread; a heavy client makes the largest env batch the default limits allow
 * (`EdgeLLM-v0`, maxEnvsPerSession envs within maxCostPerSession) and keeps `pipeline` batched steps in
 * flight, while a light client on its own thread steps one env lock-step. The figure is the light
 * client's p99 round trip during that load (`p99StallMs`, target ≤ 50 ms), next to the same client alone.
 * A measurement, not a test: nothing here asserts the target.
 * @module
 */
import { Worker } from 'node:worker_threads';
import '../envs/index.ts';
import { spec } from '../src/registry/registry.ts';
import { runMetadata } from '../src/utils/run-metadata.ts';
import { Connection } from '../bridge/client/connection.ts';
import { DEFAULT_SERVER_OPTIONS } from '../bridge/server/options.ts';
import { THREAD_BOOT_URL, startServerThread } from '../bridge/server/server-thread.ts';
import { moduleUrl } from '../src/package-files.ts';

/** Options of {@link benchFairness}. */
export interface FairnessBenchOptions {
  /** Seconds of each phase (default 5). */
  seconds?: number;
  /** Batched steps the heavy client keeps in flight (default 4). */
  pipeline?: number;
  /** Session worker threads of the server (default: the server's default); 0 serves on its accepting thread. */
  workers?: number;
  /** Progress messages. */
  onProgress?: (message: string) => void;
}

/** The figures of {@link benchFairness}. */
export interface FairnessBenchResult {
  machine: { cpus: number; cpuModel: string; node: string; platform: string; loadAverage: number[] };
  seconds: number;
  /** Session worker threads of the server (its default). */
  workers: number;
  /** Envs of the heavy client's batch. */
  heavyNumEnvs: number;
  /** Batched steps the heavy client kept in flight. */
  pipeline: number;
  /** Env-steps/s the heavy client got. */
  heavyEnvStepsPerSecond: number;
  /** Light client's lock-step round trips measured under load. */
  samples: number;
  /** Light client's p50 / p99 / max round trip (ms) under load; p99 is the target figure (≤ 50 ms). */
  p50StallMs: number;
  p99StallMs: number;
  maxStallMs: number;
  /** The light client's p99 round trip alone (ms), for reference. */
  aloneP99Ms: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function lightClient(url: string, seconds: number, onStarted: () => void): Promise<number[]> {
  const worker = new Worker(THREAD_BOOT_URL, { workerData: { entry: moduleUrl('benchmarks/bridge-fairness-bench-client.ts').href, url, seconds }, execArgv: [] });
  return new Promise((resolve, reject) => {
    worker.on('message', (m: { type: string; latencies?: number[]; error?: string }) => {
      if (m.type === 'started') onStarted();
      else if (m.type === 'done') resolve(m.latencies!);
      else if (m.type === 'failed') reject(new Error(m.error));
    });
    worker.on('error', reject);
    worker.on('exit', () => reject(new Error('the light client thread exited early')));
  }).finally(() => void worker.terminate()) as Promise<number[]>;
}

/**
 * Runs the fairness benchmark (about 2 × `seconds` plus the heavy make).
 *
 * @example
 * ```ts
 * const r = await benchFairness({ seconds: 5 });
 * console.log(r.p99StallMs <= 50 ? 'met' : 'not met');
 * ```
 */
export async function benchFairness(options: FairnessBenchOptions = {}): Promise<FairnessBenchResult> {
  const seconds = options.seconds ?? 5;
  const pipeline = options.pipeline ?? 4;
  const progress = options.onProgress ?? (() => undefined);
  const meta = runMetadata();
  const perEnv = spec('EdgeLLM-v0').cost({});
  const heavyNumEnvs = Math.min(DEFAULT_SERVER_OPTIONS.maxEnvsPerSession, Math.floor(DEFAULT_SERVER_OPTIONS.maxCostPerSession / perEnv));
  const workers = options.workers ?? DEFAULT_SERVER_OPTIONS.workers;
  const server = await startServerThread({ port: 0, workers });
  try {
    progress('light client alone');
    const alone = (await lightClient(server.url, seconds, () => undefined)).sort((a, b) => a - b);

    progress(`light client while a heavy one makes ${heavyNumEnvs} envs and pipelines ${pipeline} steps`);
    const heavy = await Connection.open(server.url, { clientName: 'bench-fairness-heavy' });
    let stop = false;
    let envSteps = 0;
    let heavyStart = 0;
    let started!: () => void;
    const lightStarted = new Promise<void>((r) => (started = r));
    const lightRun = lightClient(server.url, seconds, started);
    await lightStarted;
    const heavyRun = (async () => {
      const { handle } = await heavy.request('make', { env: 'EdgeLLM-v0', numEnvs: heavyNumEnvs });
      await heavy.request('reset', { handle, seed: 1 });
      const action = { cache: new Int8Array(20 * heavyNumEnvs), local: new Float32Array(20 * heavyNumEnvs).fill(0.5) };
      heavyStart = performance.now();
      const lane = async (): Promise<void> => {
        while (!stop) {
          await heavy.request('step', { handle, action });
          envSteps += heavyNumEnvs;
        }
      };
      await Promise.all(Array.from({ length: pipeline }, lane));
    })();
    const latencies = (await lightRun).sort((a, b) => a - b);
    stop = true;
    await heavyRun;
    const heavySeconds = heavyStart > 0 ? (performance.now() - heavyStart) / 1000 : NaN;
    await heavy.close();
    const { loadavg } = await import('node:os');
    return {
      machine: { cpus: meta.cpus, cpuModel: meta.cpuModel, node: meta.node, platform: meta.platform, loadAverage: loadavg().map((x) => Math.round(x * 100) / 100) },
      seconds,
      workers,
      heavyNumEnvs,
      pipeline,
      heavyEnvStepsPerSecond: envSteps / heavySeconds,
      samples: latencies.length,
      p50StallMs: quantile(latencies, 0.5),
      p99StallMs: quantile(latencies, 0.99),
      maxStallMs: latencies[latencies.length - 1] ?? NaN,
      aloneP99Ms: quantile(alone, 0.99),
    };
  } finally {
    await server.close();
  }
}
