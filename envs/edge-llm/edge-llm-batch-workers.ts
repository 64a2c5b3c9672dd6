/**
 * The worker threads of an `EdgeLLMVectorEnv` split over threads: each owns a contiguous shard of the
 * sub-environments and steps it on shared memory when the calling thread asks (docs/model.md#the-batch-native-vector-env).
 * @module
 */
import { Worker } from 'node:worker_threads';
import { GymError } from '../../src/core/errors.ts';
import { workerUrl } from '../../src/package-files.ts';
import { readErrorText, writeErrorText } from '../../src/threads/error-text.ts';
import type { ErrorReport } from '../../src/threads/error-text.ts';
import { Spinner } from '../../src/threads/spinner.ts';
import type { ResolvedConfig } from './config.ts';
import type { BatchArrays, BatchSettings } from './edge-llm-batch.ts';

/** Most threads an `EdgeLLMVectorEnv` splits over. */
export const MAX_WORKERS = 64;

/** How long the calling thread waits for a worker thread by default before it gives up (ms). */
export const DEFAULT_WORKER_TIMEOUT_MS = 60_000;

/**
 * Operations the calling thread asks of a worker (the `OP` word of its control block). Step the shard;
 * the argument is the code of the staged action (`stagedActionCode`).
 */
export const OP_STEP = 1;
/** Reset the shard; the argument is `(masked ? 4 : 0) | split code`. */
export const OP_RESET = 2;
/** Leave the loop; the thread ends. */
export const OP_CLOSE = 3;

/** Words of a worker's control block (an `Int32Array` on shared memory). */
export const CTL = {
  /** Request counter: the calling thread increments it to hand out an operation. */
  request: 0,
  /** The request the worker finished last. */
  done: 1,
  op: 2,
  arg: 3,
  /** 0 ok, 1 the operation threw (the error is in the error text). */
  status: 4,
  /** Bytes of the error text. */
  errorLength: 5,
  /** 0 starting, 1 ready, 2 failed to start (the error is in the error text), 3 ended. */
  state: 6,
  size: 8,
} as const;

/** Bytes of a worker's error text buffer. */
export const ERROR_TEXT_BYTES = 4096;

/** Polling budgets (ms) of a worker waiting for a request and of the calling thread waiting for answers. */
export const SPIN_MS = { worker: { min: 0.005, max: 0.2 }, caller: { min: 0.005, max: 0.5 } } as const;

/** A contiguous range of sub-environments. */
export interface Shard {
  start: number;
  count: number;
}

/** `numEnvs` sub-environments in `threads` contiguous shards whose sizes differ by at most one. */
export function shardsOf(numEnvs: number, threads: number): Shard[] {
  const out: Shard[] = [];
  let start = 0;
  for (let k = 0; k < threads; k++) {
    const count = Math.floor(numEnvs / threads) + (k < numEnvs % threads ? 1 : 0);
    out.push({ start, count });
    start += count;
  }
  return out;
}

/** What a worker thread receives (`workerData`). */
export interface BatchWorkerInit {
  config: Readonly<ResolvedConfig>;
  numEnvs: number;
  buffers: Record<string, ArrayBufferLike>;
  shard: Shard;
  settings: BatchSettings;
  control: Int32Array;
  errorText: Uint8Array;
}

/** Writes `e` into a worker's error text and its length into the control block. */
export function writeError(control: Int32Array, text: Uint8Array, e: unknown): void {
  control[CTL.errorLength] = writeErrorText(text, e);
}

/** Reads a worker's error text. */
function readError(control: Int32Array, text: Uint8Array): ErrorReport {
  return readErrorText(text, control[CTL.errorLength]!);
}

interface Part {
  shard: Shard;
  spinner: Spinner;
  worker: Worker;
  control: Int32Array;
  errorText: Uint8Array;
}

/** Options of {@link BatchWorkerPool}. */
export interface BatchWorkerPoolOptions {
  config: Readonly<ResolvedConfig>;
  arrays: BatchArrays;
  /** The workers' shards (the calling thread steps the one before them). */
  shards: Shard[];
  settings: BatchSettings;
  /** How long to wait for a worker before giving up (ms). */
  timeoutMs: number;
}

/**
 * Worker threads, one per shard, each running `edge-llm-batch-worker.ts` on the shared arrays. The calling
 * thread hands out an operation with {@link BatchWorkerPool.start}, does its own shard, and collects the
 * workers with {@link BatchWorkerPool.finish}, which throws the first worker's error, or an error naming a
 * worker that did not answer within the timeout — never waits forever.
 */
export class BatchWorkerPool {
  private readonly parts: Part[] = [];
  private readonly timeoutMs: number;
  private booted = false;
  private closed = false;

  constructor(options: BatchWorkerPoolOptions) {
    this.timeoutMs = options.timeoutMs;
    const url = workerUrl('envs/edge-llm/edge-llm-batch-worker.ts', 'envs/edge-llm/edge-llm-batch-worker.mjs');
    try {
      for (const shard of options.shards) {
        const control = new Int32Array(new SharedArrayBuffer(CTL.size * 4));
        const errorText = new Uint8Array(new SharedArrayBuffer(ERROR_TEXT_BYTES));
        const init: BatchWorkerInit = {
          config: options.config,
          numEnvs: options.arrays.numEnvs,
          buffers: options.arrays.buffers,
          shard,
          settings: options.settings,
          control,
          errorText,
        };
        const worker = new Worker(url, { workerData: init });
        worker.unref();
        // an error the worker could not report itself (it reports every error it catches)
        worker.on('error', (e) => {
          writeError(control, errorText, e);
          Atomics.store(control, CTL.state, 2);
          Atomics.notify(control, CTL.state);
        });
        // the thread ended (terminated, or exited); a wait in progress sees it at its next poll
        worker.on('exit', () => {
          if (Atomics.load(control, CTL.state) === 1) {
            Atomics.store(control, CTL.state, 3);
            Atomics.notify(control, CTL.done);
          }
        });
        this.parts.push({ shard, spinner: new Spinner(SPIN_MS.caller.min, SPIN_MS.caller.max), worker, control, errorText });
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Resolves once every worker is ready (without blocking the event loop); throws if one failed to start. */
  async ready(): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    for (const p of this.parts) {
      while (Atomics.load(p.control, CTL.state) === 0) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(left, 10)));
      }
    }
    this.checkBooted();
  }

  /** Hands operation `op` (with `arg`) to every worker. */
  start(op: number, arg: number): void {
    if (this.closed) throw new GymError('The worker threads of this EdgeLLMVectorEnv were ended.', 'internal');
    if (!this.booted) this.waitBooted();
    for (const p of this.parts) {
      p.control[CTL.op] = op;
      p.control[CTL.arg] = arg;
      p.control[CTL.status] = 0;
      Atomics.add(p.control, CTL.request, 1);
      Atomics.notify(p.control, CTL.request);
    }
  }

  /** Waits until every worker finished the operation; throws the first failure. */
  finish(): void {
    let failure: GymError | null = null;
    for (const p of this.parts) {
      const expected = Atomics.load(p.control, CTL.request);
      const e = this.waitDone(p, expected);
      if (failure === null && e !== null) failure = e;
    }
    if (failure !== null) throw failure;
  }

  /** Asks every worker to end, then terminates the threads. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.parts) {
      if (Atomics.load(p.control, CTL.state) === 1) {
        p.control[CTL.op] = OP_CLOSE;
        Atomics.add(p.control, CTL.request, 1);
        Atomics.notify(p.control, CTL.request);
      }
      void p.worker.terminate();
    }
  }

  private label(p: Part): string {
    const { start, count } = p.shard;
    return `the worker thread of sub-environments ${start}–${start + count - 1}`;
  }

  /** Blocks until every worker is ready. */
  private waitBooted(): void {
    const deadline = Date.now() + this.timeoutMs;
    for (const p of this.parts) {
      while (Atomics.load(p.control, CTL.state) === 0) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        Atomics.wait(p.control, CTL.state, 0, Math.min(left, 100));
      }
    }
    this.checkBooted();
  }

  private checkBooted(): void {
    for (const p of this.parts) {
      const state = Atomics.load(p.control, CTL.state);
      if (state === 1) continue;
      const why =
        state === 0
          ? `did not start within ${this.timeoutMs} ms (raise the option workerTimeoutMs on a slow machine)`
          : `failed to start: ${describe(readError(p.control, p.errorText))}`;
      throw new GymError(`EdgeLLMVectorEnv: ${this.label(p)} ${why}.`, 'internal');
    }
    this.booted = true;
  }

  /** Waits for worker `p` to finish request `expected`; the error it reported, or null. */
  private waitDone(p: Part, expected: number): GymError | null {
    const c = p.control;
    let done = Atomics.load(c, CTL.done);
    if (done !== expected) done = p.spinner.spinWhile(c, CTL.done, done);
    const deadline = Date.now() + this.timeoutMs;
    const slept = done !== expected;
    while (done !== expected) {
      if (Atomics.load(c, CTL.state) !== 1) {
        const why = c[CTL.errorLength] === 0 ? 'ended (terminated, or exited) without reporting an error' : `failed: ${describe(readError(c, p.errorText))}`;
        return new GymError(`EdgeLLMVectorEnv: ${this.label(p)} ${why}; the vector env is closed (make a new one).`, 'internal');
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        return new GymError(
          `EdgeLLMVectorEnv: ${this.label(p)} did not answer within ${this.timeoutMs} ms; the vector env is closed (make a new one, with a larger workerTimeoutMs on a slow machine).`,
          'internal',
        );
      }
      Atomics.wait(c, CTL.done, done, Math.min(left, 100));
      done = Atomics.load(c, CTL.done);
    }
    if (slept) p.spinner.woke();
    if (c[CTL.status] === 0) return null;
    const r = readError(c, p.errorText);
    const e = new GymError(`${r.message} (in ${this.label(p)})`, r.code);
    e.name = r.name;
    return e;
  }
}

function describe(r: ErrorReport): string {
  return r.message === '' ? 'no error was reported' : `${r.name}: ${r.message}`;
}
