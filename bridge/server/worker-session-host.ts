/**
 * Sessions on worker threads: a fixed pool of threads, each serving the sessions assigned to it with a
 * fair scheduler. A new session goes to the thread with the fewest sessions, so a session that makes a
 * large batch or pipelines steps shares its thread with as few others as possible, and the thread that
 * accepts connections never makes or steps an environment. Request frames go to a thread as transferred
 * buffers; replies come back in the thread's reply slots (shared memory, `reply-slots.ts`), freed once
 * written to the socket, or as transferred buffers when they do not fit.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { listSpecs } from '../../src/registry/registry.ts';
import { listParallelSpecs } from '../../src/parallel/parallel-registry.ts';
import { moduleUrl } from '../../src/package-files.ts';
import { encode } from '../protocol/msgpack.ts';
import type { ServerContext } from './context.ts';
import { type FrameOutcome, type SessionHost, closedSessionOutcome, ownBytes } from './session-host.ts';
import { THREAD_BOOT_URL } from './server-thread.ts';
import { ReplySlots } from './reply-slots.ts';
import type { SessionWorkerData, WorkerMessage, WorkerRequest } from './worker-messages.ts';
import type { MovedSession } from './session.ts';

/** The worker entry point (loaded through the TypeScript bootstrap). */
export const SESSION_WORKER_URL = moduleUrl('bridge/server/session-worker.ts');
/** The module whose import registers the built-in environments. */
const BUILTIN_ENVS_URL = moduleUrl('envs/index.ts');

interface Slot {
  worker: Worker;
  sessions: number;
  alive: boolean;
  /** The worker's reply slots. */
  replies: ReplySlots;
}

interface Waiting {
  sid: number;
  slot: Slot;
  resolve: (o: FrameOutcome | undefined) => void;
}

/** The modules a session worker imports: the built-in envs, every registered (single or parallel) spec's module, `extra`. */
export function workerPreload(extra: readonly string[]): string[] {
  const mods = new Set<string>([BUILTIN_ENVS_URL.href]);
  for (const s of listSpecs()) if (s.module !== null) mods.add(s.module);
  for (const s of listParallelSpecs()) if (s.module !== null) mods.add(s.module);
  for (const m of extra) mods.add(m);
  return [...mods];
}

/** A pool of session worker threads. */
export class WorkerSessionHost implements SessionHost {
  private readonly slots: Slot[];
  private readonly assigned = new Map<number, Slot>();
  private readonly waiting = new Map<number, Waiting>();
  private readonly ctx: ServerContext;
  private seq = 1;

  private constructor(ctx: ServerContext, slots: Slot[]) {
    this.ctx = ctx;
    this.slots = slots;
    for (const slot of slots) {
      slot.worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
      slot.worker.on('error', (e) => ctx.log.error('session worker failed', { error: e.message }));
      slot.worker.on('exit', () => this.onExit(slot));
    }
  }

  /**
   * Starts `count` worker threads and resolves once each has imported its modules.
   * @throws when a worker cannot start (e.g. a preload module fails to import).
   */
  static async start(ctx: ServerContext, count: number, preload: readonly string[]): Promise<WorkerSessionHost> {
    const { logger, ...options } = ctx.options;
    const data: Omit<SessionWorkerData, 'replySlots'> = {
      entry: SESSION_WORKER_URL.href,
      options,
      logLevel: logger.level,
      counters: ctx.counters.buffer,
      startedAt: ctx.startedAt,
      preload: workerPreload(preload),
    };
    const replies = Array.from({ length: count }, () => new ReplySlots());
    const workers = replies.map((r) => new Worker(THREAD_BOOT_URL, { workerData: { ...data, replySlots: r.buffer } satisfies SessionWorkerData, execArgv: [] }));
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              const onMessage = (m: WorkerMessage): void => {
                if (m.t === 'ready') done(null);
                else if (m.t === 'failed') done(new Error(`A session worker could not start: ${m.error}`));
              };
              const onExit = (code: number): void => done(new Error(`A session worker exited with code ${code} while starting.`));
              const done = (e: Error | null): void => {
                w.off('message', onMessage);
                w.off('exit', onExit);
                if (e === null) resolve();
                else reject(e);
              };
              w.on('message', onMessage);
              w.once('exit', onExit);
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new WorkerSessionHost(
      ctx,
      workers.map((worker, i) => ({ worker, sessions: 0, alive: true, replies: replies[i]! })),
    );
  }

  private post(slot: Slot, m: WorkerRequest, transfer: ArrayBuffer[] = []): void {
    if (slot.alive) slot.worker.postMessage(m, transfer);
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if (m.t === 'log') {
      this.ctx.log[m.level === 'silent' ? 'debug' : m.level](m.msg, m.fields);
      return;
    }
    if (m.t !== 'outcome' && m.t !== 'done') return;
    const w = this.waiting.get(m.seq);
    if (m.t === 'done') {
      if (w === undefined) return;
      this.waiting.delete(m.seq);
      return w.resolve(undefined);
    }
    const inSlot = m.reply === undefined;
    if (w === undefined) {
      // the session closed meanwhile: nobody sends this reply
      if (inSlot) slot.replies.release(m.slot!);
      return;
    }
    this.waiting.delete(m.seq);
    const outcome: FrameOutcome = {
      reply: inSlot ? slot.replies.view(m.slot!, m.length!) : m.reply!,
      valid: m.valid,
      helloDone: m.helloDone,
      ...(m.close !== undefined ? { close: m.close } : {}),
    };
    if (inSlot) {
      const n = m.slot!;
      let released = false;
      outcome.release = () => {
        if (released) return;
        released = true;
        slot.replies.release(n);
      };
    }
    w.resolve(outcome);
  }

  private onExit(slot: Slot): void {
    if (!slot.alive) return;
    slot.alive = false;
    this.ctx.log.error('a session worker exited; its sessions are closed', {});
    for (const [seq, w] of this.waiting) {
      if (w.slot !== slot) continue;
      this.waiting.delete(seq);
      w.resolve({
        reply: encode({ id: null, ok: false, error: { code: 'internal', message: 'The thread serving this session stopped; reconnect.', hint: '' } }),
        close: { code: 1011, reason: 'session worker stopped' },
        valid: false,
        helloDone: false,
      });
    }
  }

  private ask(slot: Slot, sid: number, make: (seq: number) => WorkerRequest, transfer: ArrayBuffer[] = []): Promise<FrameOutcome | undefined> {
    const seq = this.seq++;
    return new Promise((resolve) => {
      if (!slot.alive) return resolve(undefined);
      this.waiting.set(seq, { sid, slot, resolve });
      this.post(slot, make(seq), transfer);
    });
  }

  /** Creates session `sid` on the thread with the fewest sessions, or moves a session there (`moved`). */
  open(sid: number, remote: string, moved?: MovedSession): void {
    let best = this.slots.find((s) => s.alive) ?? this.slots[0]!;
    for (const s of this.slots) if (s.alive && s.sessions < best.sessions) best = s;
    best.sessions++;
    this.assigned.set(sid, best);
    this.post(best, moved === undefined ? { t: 'open', sid, remote } : { t: 'open', sid, remote, moved });
  }

  async frame(sid: number, data: Uint8Array, binary: boolean): Promise<FrameOutcome> {
    const slot = this.assigned.get(sid);
    const bytes = ownBytes(data);
    const o = slot === undefined ? undefined : await this.ask(slot, sid, (seq) => ({ t: 'frame', sid, seq, data: bytes, binary }), [bytes.buffer as ArrayBuffer]);
    return o ?? closedSessionOutcome();
  }

  async closeSession(sid: number): Promise<void> {
    const slot = this.assigned.get(sid);
    if (slot === undefined) return;
    this.assigned.delete(sid);
    slot.sessions--;
    for (const [seq, w] of this.waiting) if (w.sid === sid) this.waiting.delete(seq);
    await this.ask(slot, sid, (seq) => ({ t: 'closeSession', sid, seq }));
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.ask(slot, -1, (seq) => ({ t: 'close', seq }))));
    for (const slot of this.slots) slot.alive = false;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
