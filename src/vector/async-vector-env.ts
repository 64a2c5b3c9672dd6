/**
 * `AsyncVectorEnv`: sub-environments stepped in parallel on worker threads (and on the calling thread).
 * @module
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { ClosedEnvironment, GymError, InvalidArgument } from '../core/errors.ts';
import type { Space } from '../spaces/space.ts';
import { make } from '../registry/registry.ts';
import { workerUrl } from '../package-files.ts';
import { type AutoresetMode, checkAutoresetMode } from './autoreset-mode.ts';
import { batchSpace, createEmptyArray } from './batch.ts';
import { sliceBatch, writeBatchSlice } from './batch-slice.ts';
import { mergeVectorInfo } from './merge-info.ts';
import { SyncVectorEnv } from './sync-vector-env.ts';
import type { VectorInfo } from './vector-info.ts';
import { VectorEnv, type VectorEnvMetadata, type VectorResetArgs, type VectorStepResult, expandSeeds } from './vector-env.ts';

const CREATE_TOKEN = Symbol('AsyncVectorEnv.create');

/** Options of {@link AsyncVectorEnv}. */
export interface AsyncVectorEnvOptions {
  /** Autoreset mode, default `next-step`. */
  autoresetMode?: AutoresetMode;
  /** Keyword arguments of every sub-environment. */
  kwargs?: Record<string, unknown>;
  /** Modules (URLs or paths) that workers import before making environments: those that register the id. */
  modules?: (string | URL)[];
  /** Worker threads; default one less than the available cores, at least one. */
  numWorkers?: number;
}

interface Part {
  start: number;
  end: number;
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

interface WorkerReply {
  ok: boolean;
  error?: { name: string; message: string; code: string };
  [key: string]: unknown;
}

/** Turns a worker error reply back into an error of the package (same code and message). */
function rethrow(error: { name: string; message: string; code: string }): never {
  const e = new GymError(error.message, error.code);
  e.name = error.name;
  throw e;
}

/**
 * Runs `numEnvs` copies of a registered environment split into contiguous slices: the calling thread
 * steps the first slice and each worker thread one of the others, in parallel. `step` and `reset` are
 * synchronous (the caller blocks on `Atomics.wait` until the workers answer), and the results are exactly
 * those of a {@link SyncVectorEnv} with the same seeds (sub-environment i seeded with seed + i).
 *
 * Workers receive the environment id, not a function: `modules` must list the module(s) whose import
 * registers the id in a fresh thread (the package's environments register from `envs/index.ts`).
 *
 * @example
 * ```ts
 * const envs = await AsyncVectorEnv.create('EdgeLLM-v0', 8, { modules: [new URL('../../envs/index.ts', import.meta.url)] });
 * const [obs] = envs.reset({ seed: 0 });
 * envs.step(envs.actionSpace.sample());
 * envs.close();
 * ```
 */
export class AsyncVectorEnv<Obs = unknown, Act = unknown> extends VectorEnv<Obs, Act> {
  readonly numEnvs: number;
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly metadata: VectorEnvMetadata;
  private readonly local: SyncVectorEnv<unknown, unknown>;
  private readonly localCount: number;
  private readonly parts: Part[] = [];
  private isClosed = false;

  /** Use {@link AsyncVectorEnv.create}. */
  constructor(envId: string, numEnvs: number, options: AsyncVectorEnvOptions, token: typeof CREATE_TOKEN) {
    super();
    if (token !== CREATE_TOKEN) throw new InvalidArgument('Construct an AsyncVectorEnv with `await AsyncVectorEnv.create(...)`.');
    if (!Number.isInteger(numEnvs) || numEnvs < 2) {
      throw new InvalidArgument(`AsyncVectorEnv numEnvs must be an integer ≥ 2; got ${numEnvs}. Use SyncVectorEnv for one environment.`);
    }
    const mode = checkAutoresetMode(options.autoresetMode ?? 'next-step');
    const kwargs = options.kwargs ?? {};
    const numWorkers = Math.min(options.numWorkers ?? Math.max(1, availableParallelism() - 1), numEnvs - 1);
    if (!Number.isInteger(numWorkers) || numWorkers < 1) throw new InvalidArgument(`numWorkers must be a positive integer; got ${options.numWorkers}.`);
    const share = Math.ceil(numEnvs / (numWorkers + 1));
    this.numEnvs = numEnvs;
    this.localCount = numEnvs - share * numWorkers > 0 ? numEnvs - share * numWorkers : share;
    this.local = new SyncVectorEnv(
      Array.from({ length: this.localCount }, () => () => make(envId, kwargs, { disableEnvChecker: true })),
      { autoresetMode: mode },
    );
    this.singleObservationSpace = this.local.singleObservationSpace;
    this.singleActionSpace = this.local.singleActionSpace;
    this.observationSpace = batchSpace(this.singleObservationSpace, numEnvs) as Space<Obs>;
    this.actionSpace = batchSpace(this.singleActionSpace, numEnvs) as Space<Act>;
    this.metadata = { ...this.local.metadata, autoresetMode: mode };
    const modules = (options.modules ?? []).map((m) => String(m instanceof URL ? m.href : m));
    let start = this.localCount;
    try {
      while (start < numEnvs) {
        const end = Math.min(start + share, numEnvs);
        const { port1, port2 } = new MessageChannel();
        const flag = new Int32Array(new SharedArrayBuffer(4));
        const worker = new Worker(workerUrl('src/vector/async-vector-worker.ts', 'src/vector/async-vector-worker.mjs'), {
          workerData: { port: port2, flag, modules, envId, kwargs, count: end - start, autoresetMode: mode },
          transferList: [port2],
        });
        worker.unref();
        const part: Part = { start, end, worker, port: port1, flag };
        this.parts.push(part);
        start = end;
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /**
   * Makes the vector and waits, without blocking the event loop, until every worker has loaded its modules
   * and made its environments. Always construct through this method: module loading in a worker can need
   * the calling thread, which a synchronous wait would block.
   *
   * @example
   * ```ts
   * // the module whose import registers the environment, loaded by every worker
   * const envsModuleUrl = new URL('../../envs/index.ts', import.meta.url).href;
   * const envs = await AsyncVectorEnv.create('EdgeLLM-v0', 4, { modules: [envsModuleUrl] });
   * envs.close();
   * ```
   */
  static async create<O = unknown, A = unknown>(envId: string, numEnvs: number, options: AsyncVectorEnvOptions = {}): Promise<AsyncVectorEnv<O, A>> {
    const venv = new AsyncVectorEnv<O, A>(envId, numEnvs, options, CREATE_TOKEN);
    try {
      await Promise.all(venv.parts.map((p) => venv.ready(p)));
    } catch (e) {
      venv.close();
      throw e;
    }
    return venv;
  }

  private ready(p: Part): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(new GymError(`An AsyncVectorEnv worker failed to start: ${e.message}`, 'internal'));
      p.worker.once('error', onError);
      p.port.once('message', (r: WorkerReply) => {
        p.worker.off('error', onError);
        Atomics.store(p.flag, 0, 0);
        if (!r.ok && r.error) reject(new GymError(`An AsyncVectorEnv worker failed to start: ${r.error.message}`, r.error.code));
        else resolve();
      });
    });
  }

  override reset(args: VectorResetArgs = {}): [Obs, VectorInfo] {
    this.assertOpen();
    const seeds = expandSeeds(args.seed, this.numEnvs);
    for (const p of this.parts) this.send(p, { op: 'reset', seeds: seeds.slice(p.start, p.end), options: args.options });
    const [localObs, localInfo] = this.local.reset({ seed: seeds.slice(0, this.localCount), options: args.options });
    const obs = createEmptyArray(this.singleObservationSpace, this.numEnvs);
    writeBatchSlice(this.singleObservationSpace, localObs, obs, 0);
    const infos = mergeVectorInfo({}, localInfo, 0, this.numEnvs, this.localCount);
    for (const p of this.parts) {
      const r = this.await(p);
      writeBatchSlice(this.singleObservationSpace, r.obs, obs, p.start);
      mergeVectorInfo(infos, r.infos as VectorInfo, p.start, this.numEnvs, p.end - p.start);
    }
    return [obs as Obs, infos];
  }

  override step(actions: Act): VectorStepResult<Obs> {
    this.assertOpen();
    for (const p of this.parts) this.send(p, { op: 'step', actions: sliceBatch(this.singleActionSpace, actions, p.start, p.end) });
    let localResult: VectorStepResult<unknown> | null = null;
    let localError: unknown = null;
    try {
      localResult = this.local.step(sliceBatch(this.singleActionSpace, actions, 0, this.localCount));
    } catch (e) {
      localError = e;
    }
    const replies = this.parts.map((p) => this.awaitRaw(p));
    if (localError !== null) throw localError;
    const failed = replies.find((r) => !r.ok);
    if (failed?.error) rethrow(failed.error);
    const [lObs, lRewards, lTerm, lTrunc, lInfo] = localResult!;
    const n = this.numEnvs;
    const obs = createEmptyArray(this.singleObservationSpace, n);
    const rewards = new Float64Array(n);
    const terminations = new Array<boolean>(n);
    const truncations = new Array<boolean>(n);
    writeBatchSlice(this.singleObservationSpace, lObs, obs, 0);
    rewards.set(lRewards, 0);
    for (let i = 0; i < this.localCount; i++) {
      terminations[i] = lTerm[i]!;
      truncations[i] = lTrunc[i]!;
    }
    const infos = mergeVectorInfo({}, lInfo, 0, n, this.localCount);
    this.parts.forEach((p, k) => {
      const r = replies[k]!;
      writeBatchSlice(this.singleObservationSpace, r.obs, obs, p.start);
      rewards.set(r.rewards as Float64Array, p.start);
      const term = r.terminations as boolean[];
      const trunc = r.truncations as boolean[];
      for (let i = 0; i < term.length; i++) {
        terminations[p.start + i] = term[i]!;
        truncations[p.start + i] = trunc[i]!;
      }
      mergeVectorInfo(infos, r.infos as VectorInfo, p.start, n, p.end - p.start);
    });
    return [obs as Obs, rewards, terminations, truncations, infos];
  }

  /** Calls method `name` on every sub-environment (results in sub-environment order). */
  call(name: string, ...args: unknown[]): unknown[] {
    this.assertOpen();
    for (const p of this.parts) this.send(p, { op: 'call', name, args });
    const out = this.local.call(name, ...args);
    for (const p of this.parts) out.push(...(this.await(p).value as unknown[]));
    return out;
  }

  override close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const p of this.parts) {
      try {
        this.send(p, { op: 'close' });
        this.awaitRaw(p, 5000);
      } catch {
        // a worker that cannot answer is terminated below
      }
      void p.worker.terminate();
    }
    this.local.close();
  }

  private send(p: Part, message: unknown): void {
    Atomics.store(p.flag, 0, 0);
    p.port.postMessage(message);
  }

  private awaitRaw(p: Part, timeoutMs = 600000): WorkerReply {
    for (;;) {
      const received = receiveMessageOnPort(p.port);
      if (received !== undefined) return received.message as WorkerReply;
      if (Atomics.wait(p.flag, 0, 0, timeoutMs) === 'timed-out') {
        throw new GymError(`A worker of AsyncVectorEnv did not answer within ${timeoutMs} ms.`, 'internal');
      }
      Atomics.store(p.flag, 0, 0);
    }
  }

  private await(p: Part): WorkerReply {
    const r = this.awaitRaw(p);
    if (!r.ok && r.error) rethrow(r.error);
    return r;
  }

  private assertOpen(): void {
    if (this.isClosed) throw new ClosedEnvironment('This AsyncVectorEnv is closed; make a new one.');
  }
}
