/**
 * The bridge benchmark (`npx edgellm-gym bench bridge --json` calls {@link benchBridge}). Servers run in
 * worker threads (their own core) and clients on the calling thread, as a trainer and a server process
 * would. Figures:
 * - echo floor: round trips/s of a WebSocket + msgpack echo (decode the request, encode a reply of the size
 *   of a real step reply), the most a lock-step client can reach;
 * - lock-step: single-env steps/s through the bridge (async TS client, one request in flight), and its
 *   ratio to the floor; the same through the synchronous worker-backed `RemoteEnv` facade;
 * - batched: env-steps/s with 64 envs per frame (`EdgeLLM-v0`; with and without infos; lock-step and with
 *   two handles in flight), and the same on a no-cost env with the same spaces (what the bridge carries
 *   when the env is not the bottleneck); the same with 256 envs per frame;
 * - batched on the socket thread: the 64-env figure on a server with `workers: 0` (no session-worker hop);
 * - session workers: the aggregate batched env-steps/s of two client connections, each stepping its own
 *   64-env handle lock-step, on a server with one session worker thread and on one with two (`serve
 *   --workers N`), so that each connection has a thread of its own;
 * - the batched reply's codec: microseconds to encode and to decode one 64-env reply with infos, its
 *   boolean lists as msgpack lists (clients before protocol 1.2) and as `bool` arrays (1.2);
 * - the process's CPU time per lock-step batched frame (client and server threads together);
 * - in-process references: EdgeLLM single-env, 64-env `SyncVectorEnv` and 64-env batch-native
 *   `EdgeLLMVectorEnv` (what the server's vector handles step) steps/s on one thread;
 * - Python lock-step steps/s (`/usr/bin/python3` with msgpack, websocket-client, numpy).
 * Benchmarks are measurements, not tests: nothing here asserts a target.
 * @module
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import '../envs/index.ts';
import { make, makeVec, spec } from '../src/registry/registry.ts';
import { SyncVectorEnv } from '../src/vector/sync-vector-env.ts';
import { runMetadata } from '../src/utils/run-metadata.ts';
import { moduleUrl, packageFilePath } from '../src/package-files.ts';
import { decode, encode } from '../bridge/protocol/msgpack.ts';
import { VectorHandle } from '../bridge/server/handles.ts';
import { Connection } from '../bridge/client/connection.ts';
import { RemoteEnv } from '../bridge/client/remote-env.ts';
import { THREAD_BOOT_URL, startServerThread } from '../bridge/server/server-thread.ts';
import { BENCH_ENV_ID } from './bridge-bench-env-id.ts';

/** Options of {@link benchBridge}. */
export interface BridgeBenchOptions {
  /** Seconds per measurement (default 3). */
  seconds?: number;
  /** Python interpreter for the Python figure; `false` skips it (default `/usr/bin/python3`). */
  python?: string | false;
  /** Envs per frame of the batched figures (default 64). */
  batch?: number;
  /** Envs per frame of the large-frame figure (default 256). */
  largeBatch?: number;
  /** Progress messages. */
  onProgress?: (message: string) => void;
}

/** The figures of {@link benchBridge}. */
export interface BridgeBenchResult {
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  seconds: number;
  /** Bytes of a step request and reply frame (EdgeLLM-v0 with infos), single and batched. */
  frameBytes: { request: number; reply: number; batchedRequest: number; batchedReply: number };
  echoFloorPerSecond: number;
  lockstepStepsPerSecond: number;
  /** lockstep / echo floor (target ≥ 0.7). */
  lockstepRatio: number;
  syncLockstepStepsPerSecond: number;
  /** Extra microseconds per step of the synchronous facade over the async client. */
  syncOverheadMicros: number;
  batchSize: number;
  /** EdgeLLM-v0, full infos (target ≥ 300,000 env-steps/s). */
  batchedEnvStepsPerSecond: number;
  /** EdgeLLM-v0 with `infos: false`. */
  batchedNoInfoEnvStepsPerSecond: number;
  /** EdgeLLM-v0, full infos, two 64-env handles with a frame each in flight. */
  batchedPipelinedEnvStepsPerSecond: number;
  /** The no-cost env with EdgeLLM-v0's spaces: the bridge's own capacity. */
  batchedConstantEnvStepsPerSecond: number;
  largeBatchSize: number;
  /** EdgeLLM-v0, full infos, `largeBatchSize` envs per frame, lock-step. */
  batchedLargeEnvStepsPerSecond: number;
  /**
   * EdgeLLM-v0, full infos, `batchSize` envs per frame: the aggregate env-steps/s of two connections
   * stepping lock-step at once, on a server with `1` and with `2` session worker threads.
   */
  workersBatchedEnvStepsPerSecond: { '1': number; '2': number };
  /**
   * EdgeLLM-v0, full infos, `batchSize` envs per frame, one connection lock-step on a server with
   * `workers: 0` (the session served on the socket thread): `batchedEnvStepsPerSecond` without the hop
   * to a session worker and back.
   */
  batchedInlineEnvStepsPerSecond: number;
  /**
   * CPU microseconds (in-process, one thread; the least of ten interleaved rounds) to encode and to decode
   * one batched reply with infos, its boolean lists as msgpack lists (`lists`, what clients before
   * protocol 1.2 get) and as `bool` arrays (`boolArrays`, protocol 1.2); decoded as the TypeScript client
   * decodes replies (without recording wire shapes).
   */
  batchedReplyCodecMicros: { lists: { encode: number; decode: number }; boolArrays: { encode: number; decode: number } };
  /**
   * CPU microseconds of the whole process (client thread, server thread, session workers) per lock-step
   * batched frame of `batchSize` envs, in the windows of `batchedEnvStepsPerSecond` (`infos`),
   * `batchedNoInfoEnvStepsPerSecond` (`noInfos`) and `batchedConstantEnvStepsPerSecond` (`constantEnv`).
   * Less disturbed by other work on the machine than the rates (but not by the cost of sharing a core).
   */
  batchedCpuMicrosPerFrame: { infos: number; noInfos: number; constantEnv: number };
  /** EdgeLLM-v0 single env, in-process, one thread. */
  inProcessStepsPerSecond: number;
  /** EdgeLLM-v0 SyncVectorEnv of `batchSize`, in-process, one thread. */
  inProcessVectorEnvStepsPerSecond: number;
  /**
   * EdgeLLM-v0 batch-native vector env (`EdgeLLMVectorEnv`, infos on) of `batchSize`, in-process, one
   * thread: what the server's vector handles step, the ceiling of the batched figure.
   */
  inProcessNativeVectorEnvStepsPerSecond: number;
  /** Python lock-step (target ≥ 5,000 steps/s); `null` when Python was skipped or failed. */
  pythonLockstepStepsPerSecond: number | null;
  pythonError?: string;
}

async function timed(seconds: number, body: () => Promise<number> | number): Promise<number> {
  return (await timedWithCpu(seconds, body)).rate;
}

/**
 * `timed`, plus the CPU time the whole process (client and server threads alike) spent per call of
 * `body` in the measured window: less disturbed by other work on the machine than the rate.
 */
async function timedWithCpu(seconds: number, body: () => Promise<number> | number): Promise<{ rate: number; cpuMicrosPerCall: number }> {
  const warmEnd = performance.now() + Math.min(500, seconds * 250);
  while (performance.now() < warmEnd) await body();
  let count = 0;
  let calls = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    count += await body();
    calls++;
  }
  const rate = (count / (performance.now() - t0)) * 1000;
  const cpu = process.cpuUsage(c0);
  return { rate, cpuMicrosPerCall: (cpu.user + cpu.system) / calls };
}

function timedSync(seconds: number, body: () => number): number {
  const warmEnd = performance.now() + Math.min(500, seconds * 250);
  while (performance.now() < warmEnd) body();
  let count = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) count += body();
  return (count / (performance.now() - t0)) * 1000;
}

async function echoFloor(seconds: number, request: Record<string, unknown>, reply: Record<string, unknown>): Promise<number> {
  const worker = new Worker(THREAD_BOOT_URL, { workerData: { entry: moduleUrl('benchmarks/bridge-bench-echo-worker.ts').href, reply }, execArgv: [] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('message', (m: { port: number }) => resolve(m.port));
      worker.once('error', reject);
    });
    const conn = await connectRaw(`ws://127.0.0.1:${port}`);
    const rate = await timed(seconds, async () => {
      await conn.request(request);
      return 1;
    });
    conn.close();
    return rate;
  } finally {
    worker.postMessage('close');
    await worker.terminate();
  }
}

/** A bare msgpack-over-WebSocket client for the echo floor (no hello, same codec as the bridge client). */
async function connectRaw(url: string): Promise<{ request(v: Record<string, unknown>): Promise<unknown>; close(): void }> {
  const { WebSocket } = await import('ws');
  const { decode } = await import('../bridge/protocol/msgpack.ts');
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 2 ** 30 });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const waiting: ((v: unknown) => void)[] = [];
  ws.on('message', (data: Buffer) => waiting.shift()?.(decode(data)));
  let id = 1;
  return {
    request: (v) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        ws.send(encode({ ...v, id: id++ }), { binary: true, compress: false });
      }),
    close: () => ws.close(),
  };
}

function pythonLockstep(python: string, url: string, seconds: number): Promise<number> {
  const cwd = packageFilePath('bridge/python/');
  return new Promise((resolve, reject) => {
    const p = spawn(python, ['-m', 'edgellm_bridge.bench', url, String(seconds)], { cwd, env: { ...process.env, PYTHONPATH: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`python exited with code ${code}: ${err.trim().split('\n').slice(-1)[0] ?? ''}`));
      try {
        resolve((JSON.parse(out.trim().split('\n').slice(-1)[0]!) as { stepsPerSecond: number }).stepsPerSecond);
      } catch (e) {
        reject(new Error(`could not read the Python bench output: ${(e as Error).message}`));
      }
    });
  });
}

/**
 * The aggregate batched env-steps/s of `clients` connections, each stepping its own `batch`-env EdgeLLM-v0
 * handle lock-step (free-running, not in step with each other), on a server with `workers` session worker
 * threads.
 */
async function workersRate(workers: number, clients: number, batch: number, action: unknown, seconds: number): Promise<number> {
  const server = await startServerThread({ port: 0, workers, maxEnvsPerSession: 100_000, maxTotalEnvs: 1_000_000 });
  const conns: Connection[] = [];
  try {
    for (let i = 0; i < clients; i++) conns.push(await Connection.open(server.url));
    const handles = await Promise.all(
      conns.map(async (c) => {
        const { handle } = await c.request('make', { env: 'EdgeLLM-v0', numEnvs: batch });
        await c.request('reset', { handle, seed: 1 });
        return handle;
      }),
    );
    const run = async (ms: number): Promise<number> => {
      let steps = 0;
      const end = performance.now() + ms;
      await Promise.all(
        conns.map(async (c, i) => {
          while (performance.now() < end) {
            await c.request('step', { handle: handles[i], action });
            steps += batch;
          }
        }),
      );
      return steps;
    };
    await run(Math.min(500, seconds * 250));
    const t0 = performance.now();
    const steps = await run(seconds * 1000);
    return (steps / (performance.now() - t0)) * 1000;
  } finally {
    await Promise.all(conns.map((c) => c.close()));
    await server.close();
  }
}

/** How the TypeScript client decodes replies (`bridge/client/reply-queue.ts`). */
const REPLY_DECODE = { shapes: false } as const;

/** Encode and decode microseconds of a batched reply in its two forms, interleaved (see `batchedReplyCodecMicros`). */
function replyCodecMicros(batch: number, action: unknown, seconds: number): BridgeBenchResult['batchedReplyCodecMicros'] {
  const forms = [false, true].map((boolArrays) => {
    const h = new VectorHandle(spec('EdgeLLM-v0'), { config: {}, cost: batch, infos: true, numEnvs: batch, autoreset: 'next-step', boolArrays });
    h.reset(1, undefined);
    const reply = { id: 1, ok: true, ...h.step(action) };
    h.close();
    return { reply, bytes: encode(reply), encode: 0, decode: 0 };
  });
  // CPU time of this thread (no other thread of the process is busy here), least of interleaved rounds:
  // under load, wall time mostly measures the time the thread waited for a core.
  const cpuMicros = (body: () => void, ms: number): number => {
    const end = performance.now() + ms;
    const c0 = process.cpuUsage();
    let n = 0;
    do {
      for (let i = 0; i < 20; i++) body();
      n += 20;
    } while (performance.now() < end);
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / n;
  };
  const rounds = 10;
  const ms = (seconds * 1000) / (4 * rounds);
  for (const f of forms) {
    cpuMicros(() => encode(f.reply), ms);
    cpuMicros(() => decode(f.bytes, REPLY_DECODE), ms);
    f.encode = f.decode = Infinity;
  }
  for (let r = 0; r < rounds; r++) {
    for (const f of forms) {
      f.encode = Math.min(f.encode, cpuMicros(() => encode(f.reply), ms));
      f.decode = Math.min(f.decode, cpuMicros(() => decode(f.bytes, REPLY_DECODE), ms));
    }
  }
  const [lists, bools] = forms;
  return { lists: { encode: lists!.encode, decode: lists!.decode }, boolArrays: { encode: bools!.encode, decode: bools!.decode } };
}

/**
 * Runs the bridge benchmark. Takes about 15 × `seconds`.
 *
 * @example
 * ```ts
 * const r = await benchBridge({ seconds: 0.2 }); // the CLI measures 3 s each
 * console.log(r.lockstepStepsPerSecond / r.echoFloorPerSecond);
 * ```
 */
export async function benchBridge(options: BridgeBenchOptions = {}): Promise<BridgeBenchResult> {
  const seconds = options.seconds ?? 3;
  const batch = options.batch ?? 64;
  const largeBatch = options.largeBatch ?? 256;
  const progress = options.onProgress ?? (() => undefined);
  const meta = runMetadata();

  // In-process references.
  progress('in-process env');
  const env = make('EdgeLLM-v0');
  env.reset({ seed: 1 });
  env.actionSpace.seed(1);
  const action = env.actionSpace.sample();
  const inProcessStepsPerSecond = timedSync(seconds, () => {
    for (let i = 0; i < 100; i++) if (env.step(action)[3]) env.reset();
    return 100;
  });
  const [obs, reward, terminated, truncated, info] = env.step(action);
  const stepRequest = { op: 'step', handle: 1, action };
  const stepReply = { ok: true, obs, reward, terminated, truncated, info };
  const venv = new SyncVectorEnv(Array.from({ length: batch }, () => () => make('EdgeLLM-v0', {}, { disableEnvChecker: true })));
  venv.reset({ seed: 1 });
  venv.actionSpace.seed(1);
  const batchAction = venv.actionSpace.sample();
  const inProcessVectorEnvStepsPerSecond = timedSync(seconds, () => {
    venv.step(batchAction);
    return batch;
  });
  const [bObs, bRewards, bTerms, bTruncs, bInfo] = venv.step(batchAction);
  const batchReplyBytes = encode({ id: 1, ok: true, obs: bObs, rewards: bRewards, terminations: bTerms, truncations: bTruncs, info: bInfo }).length;
  venv.close();
  const native = makeVec('EdgeLLM-v0', batch);
  native.reset({ seed: 1 });
  const inProcessNativeVectorEnvStepsPerSecond = timedSync(seconds, () => {
    native.step(batchAction);
    return batch;
  });
  native.close();
  progress('batched reply codec');
  const batchedReplyCodecMicros = replyCodecMicros(batch, batchAction, seconds);

  progress('echo floor');
  const echoFloorPerSecond = await echoFloor(seconds, stepRequest, stepReply);

  const server = await startServerThread({ port: 0, preload: [fileURLToPath(moduleUrl('benchmarks/bridge-bench-env.ts'))], maxEnvsPerSession: 100_000, maxTotalEnvs: 1_000_000 });
  try {
    progress('lock-step (async client)');
    const lockstep = await Connection.open(server.url);
    const { handle } = await lockstep.request('make', { env: 'EdgeLLM-v0' });
    await lockstep.request('reset', { handle, seed: 1 });
    const lockstepStepsPerSecond = await timed(seconds, async () => {
      const r = await lockstep.request('step', { handle, action });
      if (r.truncated === true) await lockstep.request('reset', { handle });
      return 1;
    });
    await lockstep.close();

    progress('batched');
    // A connection of its own: its first make is a vector handle, so its session runs on a session worker
    // (a session whose first env is a single env stays on the accepting thread, see inlineMaxEnvs).
    const conn = await Connection.open(server.url);
    const cpuPerFrame: Record<string, number> = {};
    const batchedRate = async (envId: string, infos: boolean): Promise<number> => {
      const made = await conn.request('make', { env: envId, numEnvs: batch, infos });
      await conn.request('reset', { handle: made.handle, seed: 1 });
      const { rate, cpuMicrosPerCall } = await timedWithCpu(seconds, async () => {
        await conn.request('step', { handle: made.handle, action: batchAction });
        return batch;
      });
      cpuPerFrame[`${envId}:${infos}`] = cpuMicrosPerCall;
      await conn.request('close', { handle: made.handle });
      return rate;
    };
    const batchedEnvStepsPerSecond = await batchedRate('EdgeLLM-v0', true);
    // Two vector handles with one frame each in flight: the server steps one batch while the client
    // decodes the other (double buffering).
    const pipelined = await Promise.all([0, 1].map(() => conn.request('make', { env: 'EdgeLLM-v0', numEnvs: batch })));
    await Promise.all(pipelined.map((m) => conn.request('reset', { handle: m.handle, seed: 1 })));
    const batchedPipelinedEnvStepsPerSecond = await timed(seconds, async () => {
      await Promise.all(pipelined.map((m) => conn.request('step', { handle: m.handle, action: batchAction })));
      return 2 * batch;
    });
    await Promise.all(pipelined.map((m) => conn.request('close', { handle: m.handle })));
    const batchedNoInfoEnvStepsPerSecond = await batchedRate('EdgeLLM-v0', false);
    const batchedConstantEnvStepsPerSecond = await batchedRate(BENCH_ENV_ID, true);
    const batchedCpuMicrosPerFrame = {
      infos: cpuPerFrame['EdgeLLM-v0:true']!,
      noInfos: cpuPerFrame['EdgeLLM-v0:false']!,
      constantEnv: cpuPerFrame[`${BENCH_ENV_ID}:true`]!,
    };
    const largeVenv = makeVec('EdgeLLM-v0', largeBatch);
    largeVenv.actionSpace.seed(1);
    const largeAction = largeVenv.actionSpace.sample();
    largeVenv.close();
    const large = await conn.request('make', { env: 'EdgeLLM-v0', numEnvs: largeBatch });
    await conn.request('reset', { handle: large.handle, seed: 1 });
    const batchedLargeEnvStepsPerSecond = await timed(seconds, async () => {
      await conn.request('step', { handle: large.handle, action: largeAction });
      return largeBatch;
    });
    await conn.request('close', { handle: large.handle });
    await conn.close();

    progress('session workers (two connections on 1 and on 2 workers)');
    const workersBatchedEnvStepsPerSecond = {
      '1': await workersRate(1, 2, batch, batchAction, seconds),
      '2': await workersRate(2, 2, batch, batchAction, seconds),
    };
    progress('batched on the socket thread (workers 0)');
    const batchedInlineEnvStepsPerSecond = await workersRate(0, 1, batch, batchAction, seconds);

    progress('lock-step (sync facade)');
    const remote = RemoteEnv.open(server.url, 'EdgeLLM-v0');
    remote.reset({ seed: 1 });
    const syncLockstepStepsPerSecond = timedSync(seconds, () => {
      if (remote.step(action)[3]) remote.reset();
      return 1;
    });
    remote.close();

    let pythonLockstepStepsPerSecond: number | null = null;
    let pythonError: string | undefined;
    if (options.python !== false) {
      progress('python lock-step');
      try {
        pythonLockstepStepsPerSecond = await pythonLockstep(options.python ?? '/usr/bin/python3', server.url, seconds);
      } catch (e) {
        pythonError = (e as Error).message;
      }
    }

    const result: BridgeBenchResult = {
      machine: { cpus: meta.cpus, cpuModel: meta.cpuModel, node: meta.node, platform: meta.platform },
      seconds,
      frameBytes: {
        request: encode({ ...stepRequest, id: 1 }).length,
        reply: encode({ ...stepReply, id: 1 }).length,
        batchedRequest: encode({ id: 1, op: 'step', handle: 1, action: batchAction }).length,
        batchedReply: batchReplyBytes,
      },
      echoFloorPerSecond,
      lockstepStepsPerSecond,
      lockstepRatio: lockstepStepsPerSecond / echoFloorPerSecond,
      syncLockstepStepsPerSecond,
      syncOverheadMicros: 1e6 / syncLockstepStepsPerSecond - 1e6 / lockstepStepsPerSecond,
      batchSize: batch,
      batchedEnvStepsPerSecond,
      batchedNoInfoEnvStepsPerSecond,
      batchedPipelinedEnvStepsPerSecond,
      batchedConstantEnvStepsPerSecond,
      largeBatchSize: largeBatch,
      batchedLargeEnvStepsPerSecond,
      workersBatchedEnvStepsPerSecond,
      batchedInlineEnvStepsPerSecond,
      batchedReplyCodecMicros,
      batchedCpuMicrosPerFrame,
      inProcessStepsPerSecond,
      inProcessVectorEnvStepsPerSecond,
      inProcessNativeVectorEnvStepsPerSecond,
      pythonLockstepStepsPerSecond,
    };
    if (pythonError !== undefined) result.pythonError = pythonError;
    return result;
  } finally {
    await server.close();
  }
}
