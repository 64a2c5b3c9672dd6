/**
 * A learner thread: a worker thread that computes the second shard of every minibatch's gradient while the
 * calling thread computes the first (`mlp-stepper.ts`, `ttt-stepper.ts`), and during a rollout runs the policy
 * of the second half of the sub-environments while the calling thread runs the first (`rollout.ts`). The
 * hand-derived update always splits a minibatch into the same two shards and adds their gradients in the same
 * order, and the policy runs the same plain-JS arithmetic on either thread, so a learner thread changes how
 * fast an iteration runs, never its result.
 *
 * The thread runs the calling thread's tfjs backend, so that both shards round alike. An update hands it
 * its samples, weights and gradient destinations once, on shared memory ({@link LearnerThread.setup}); each
 * gradient step then writes the shard's indices into a shared array and waits on a shared word — no message,
 * no copy. An error in the thread is thrown on the calling thread; a thread that does not answer within the
 * timeout is an error too, never a hang.
 * @module
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { workerUrl } from '../../../src/package-files.ts';
import { readErrorText, writeErrorText } from '../../../src/threads/error-text.ts';
import { Spinner } from '../../../src/threads/spinner.ts';
import type { PPOLossJsTerms } from '../../ppo/ppo-loss-js.ts';
import type { AdamStepArgs } from '../../ppo/adam.ts';
import { ADAM_ARGS, CTL, ERROR_TEXT_BYTES, OP_ADAM, OP_CLOSE, OP_POLICY_PEEK, OP_POLICY_RESET, OP_POLICY_STEP, OP_RUN, OP_SETUP, TERM_KEYS } from './learner-thread-protocol.ts';
import type { LearnerThreadInit, PolicySetup, ShardSetup } from './learner-thread-protocol.ts';

/** How long the calling thread waits for the learner thread by default (ms): its start, a setup or a shard. */
export const DEFAULT_LEARNER_THREAD_TIMEOUT_MS = 120_000;

/** Options of {@link LearnerThread}. */
export interface LearnerThreadOptions {
  /** How long to wait for the thread — its start, a setup, a shard — before giving up (ms; default {@link DEFAULT_LEARNER_THREAD_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /** The tfjs backend of the thread (default: the calling thread's, so that both shards round alike). */
  readonly backend?: string;
}

/**
 * The calling thread's handle of a learner thread (see the module description). Start it early — the
 * thread loads the tfjs backend in the background — and {@link LearnerThread.close} it when training ends.
 *
 * @example
 * ```ts
 * import { initBackend } from '../../tfjs/backend.ts';
 *
 * await initBackend('cpu');
 * const thread = new LearnerThread();
 * try {
 *   await thread.ready();   // optional: the first setup waits for the start anyway
 * } finally {
 *   thread.close();
 * }
 * ```
 */
export class LearnerThread {
  private readonly worker: Worker;
  private readonly control = new Int32Array(new SharedArrayBuffer(CTL.size * 4));
  private readonly errorText = new Uint8Array(new SharedArrayBuffer(ERROR_TEXT_BYTES));
  private readonly port: MessagePort;
  private readonly spinner = new Spinner(0.005, 0.5);
  /** Shards this thread has computed. */
  shardsComputed = 0;
  private current: ShardSetup | null = null;
  private policy: PolicySetup | null = null;
  private running = false;
  private closed = false;

  /** How long the calling thread waits for the thread before giving up (ms). */
  readonly timeoutMs: number;

  /** Starts the thread (on the active tfjs backend unless `options.backend` names another). */
  constructor(options: LearnerThreadOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LEARNER_THREAD_TIMEOUT_MS;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const init: LearnerThreadInit = { backend: options.backend ?? tf.getBackend(), control: this.control, errorText: this.errorText, port: port2 };
    this.worker = new Worker(workerUrl('agents/t2drl/training/learner-thread-worker.ts', 'agents/t2drl/training/learner-thread-worker.mjs'), {
      workerData: init,
      transferList: [port2],
    });
    this.worker.unref();
    port1.unref();
    // an error the thread could not report itself (it reports every error it catches)
    this.worker.on('error', (e) => {
      this.control[CTL.errorLength] = writeErrorText(this.errorText, e);
      Atomics.store(this.control, CTL.state, 2);
      Atomics.notify(this.control, CTL.state);
    });
    this.worker.on('exit', () => {
      if (Atomics.load(this.control, CTL.state) <= 1) Atomics.store(this.control, CTL.state, 3);
    });
  }

  /** Resolves once the thread has started its backend (without blocking the event loop); throws if it failed. */
  async ready(): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    while (Atomics.load(this.control, CTL.state) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    this.checkStarted();
  }

  /**
   * Hands the thread the setup of an update (its arrays must be on shared memory) and waits until it has
   * taken it.
   * @throws Error when the thread failed or did not answer.
   */
  setup(s: ShardSetup): void {
    this.waitStarted();
    this.port.postMessage(s);
    this.request(OP_SETUP, 0, 0);
    this.wait();
    this.current = s;
  }

  /**
   * Hands the thread the policy of a rollout (its weights, and shared rows for the observations, outputs and
   * values of every sub-environment; the thread runs those from `s.first` on) and waits until it has taken it.
   * @throws Error when the thread failed or did not answer.
   */
  setupPolicy(s: PolicySetup): void {
    this.waitStarted();
    this.port.postMessage(s);
    this.request(OP_SETUP, 0, 0);
    this.wait();
    this.policy = s;
  }

  /**
   * Starts the policy step of the thread's sub-environments on the observations in the setup's rows;
   * {@link finishPolicyStep} waits for their outputs and values.
   */
  startPolicyStep(): void {
    if (this.policy === null) throw new Error('LearnerThread.startPolicyStep: call setupPolicy first.');
    if (this.running) throw new Error('LearnerThread.startPolicyStep: the previous operation was not collected.');
    this.request(OP_POLICY_STEP, 0, 0);
    this.running = true;
  }

  /** Waits for the policy step {@link startPolicyStep} began (its outputs are in the setup's rows). */
  finishPolicyStep(): void {
    if (!this.running) throw new Error('LearnerThread.finishPolicyStep: no step was started.');
    this.running = false;
    this.wait();
  }

  /** The critic's value of the setup's `peekObs` as the next token of the thread's sub-environment `env`. */
  peekValue(env: number): number {
    const s = this.policy;
    if (s === null) throw new Error('LearnerThread.peekValue: call setupPolicy first.');
    this.request(OP_POLICY_PEEK, env, 0);
    this.wait();
    return s.values[env]!;
  }

  /** Starts a new episode in the thread's sub-environment `env`. */
  resetPolicyState(env: number): void {
    if (this.policy === null) throw new Error('LearnerThread.resetPolicyState: call setupPolicy first.');
    this.request(OP_POLICY_RESET, env, 0);
    this.wait();
  }

  /**
   * Starts the gradient of the shard `indices[from … to)` of a minibatch with `total` samples (MLP) or
   * unpadded tokens (TTT); {@link finish} collects it.
   */
  start(indices: ArrayLike<number>, from: number, to: number, total: number): void {
    const s = this.current;
    if (s === null) throw new Error('LearnerThread.start: call setup first.');
    if (this.running) throw new Error('LearnerThread.start: the previous shard was not collected (call finish).');
    const count = to - from;
    if (count > s.indices.length) throw new RangeError(`LearnerThread.start: ${count} indices, the setup holds ${s.indices.length}.`);
    for (let i = 0; i < count; i++) s.indices[i] = indices[from + i]!;
    this.request(OP_RUN, count, total);
    this.running = true;
  }

  /**
   * Waits for the shard {@link start} began; returns its loss terms (its gradient is in the setup's
   * gradient destinations).
   * @throws Error with the thread's error, or when it ended or did not answer within the timeout.
   */
  finish(): PPOLossJsTerms {
    if (!this.running) throw new Error('LearnerThread.finish: no shard was started.');
    this.running = false;
    this.wait();
    this.shardsComputed++;
    const t = this.current!.terms;
    const out = {} as Record<(typeof TERM_KEYS)[number], number>;
    TERM_KEYS.forEach((k, i) => (out[k] = t[i]!));
    return out;
  }

  /**
   * Starts the critic's Adam step of the setup ({@link ThreadAdamSetup}): the thread adds the second shard's
   * critic gradients to the first's and steps the critic with `args` (from the critic's `Adam.beginStep`);
   * {@link finishAdam} collects it.
   */
  startAdam(args: AdamStepArgs, maxGradNorm: number): void {
    const s = this.current;
    if (s === null) throw new Error('LearnerThread.startAdam: call setup first.');
    if (this.running) throw new Error('LearnerThread.startAdam: the previous operation was not collected.');
    const a = s.adam.args;
    a[ADAM_ARGS.step] = args.step;
    a[ADAM_ARGS.learningRate] = args.learningRate;
    a[ADAM_ARGS.beta1] = args.beta1;
    a[ADAM_ARGS.beta2] = args.beta2;
    a[ADAM_ARGS.epsilon] = args.epsilon;
    a[ADAM_ARGS.maxGradNorm] = maxGradNorm;
    this.request(OP_ADAM, 0, 0);
    this.running = true;
  }

  /**
   * Waits for the Adam step {@link startAdam} began; returns the critic's gradient norm before clipping.
   * @throws Error with the thread's error, or when it ended or did not answer within the timeout.
   */
  finishAdam(): number {
    if (!this.running) throw new Error('LearnerThread.finishAdam: no Adam step was started.');
    this.running = false;
    this.wait();
    return this.current!.adam.args[ADAM_ARGS.gradNorm]!;
  }

  /** Ends the thread (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (Atomics.load(this.control, CTL.state) === 1) {
      this.control[CTL.op] = OP_CLOSE;
      Atomics.add(this.control, CTL.request, 1);
      Atomics.notify(this.control, CTL.request);
    }
    this.port.close();
    void this.worker.terminate();
  }

  private request(op: number, count: number, total: number): void {
    if (this.closed) throw new Error('LearnerThread: the learner thread was closed.');
    const c = this.control;
    c[CTL.op] = op;
    c[CTL.count] = count;
    c[CTL.total] = total;
    c[CTL.status] = 0;
    Atomics.add(c, CTL.request, 1);
    Atomics.notify(c, CTL.request);
  }

  /** Blocks until the thread finished the last request; throws its error. */
  private wait(): void {
    const c = this.control;
    const expected = Atomics.load(c, CTL.request);
    let done = Atomics.load(c, CTL.done);
    if (done !== expected) done = this.spinner.spinWhile(c, CTL.done, done);
    const deadline = Date.now() + this.timeoutMs;
    const slept = done !== expected;
    while (done !== expected) {
      if (Atomics.load(c, CTL.state) !== 1) {
        this.close();
        throw new Error(`LearnerThread: the learner thread ended without answering${c[CTL.errorLength] ? `: ${readErrorText(this.errorText, c[CTL.errorLength]!).message}` : ''}.`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        this.close();
        throw new Error(`LearnerThread: the learner thread did not answer within ${this.timeoutMs} ms; it was ended (train with learnerThreads: 1, or a larger timeout on a slow machine).`);
      }
      Atomics.wait(c, CTL.done, done, Math.min(left, 100));
      done = Atomics.load(c, CTL.done);
    }
    if (slept) this.spinner.woke();
    if (c[CTL.status] !== 0) {
      const r = readErrorText(this.errorText, c[CTL.errorLength]!);
      const e = new Error(`${r.message.replace(/\.$/, '')} (in the learner thread).`);
      e.name = r.name;
      throw e;
    }
  }

  private waitStarted(): void {
    const deadline = Date.now() + this.timeoutMs;
    while (Atomics.load(this.control, CTL.state) === 0) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      Atomics.wait(this.control, CTL.state, 0, Math.min(left, 100));
    }
    this.checkStarted();
  }

  private checkStarted(): void {
    const state = Atomics.load(this.control, CTL.state);
    if (state === 1) return;
    this.close();
    const why =
      state === 0
        ? `did not start within ${this.timeoutMs} ms`
        : `failed to start: ${readErrorText(this.errorText, this.control[CTL.errorLength]!).message}`;
    throw new Error(`LearnerThread: the learner thread ${why} (train with learnerThreads: 1 to compute both shards on the calling thread).`);
  }
}

/** Collects the shard `thread` is computing and drops its result or error (when the calling thread's own shard failed). */
export function collectQuietly(thread: LearnerThread): void {
  try {
    thread.finish();
  } catch {
    // the calling thread's error is the one to report
  }
}
