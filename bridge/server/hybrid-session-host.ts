/**
 * Sessions placed by what they make: a session starts on the accepting thread and stays there when its
 * first environment is not a vector handle (one env, a parallel env or an evaluation, stepped lock-step,
 * where the hop to a session worker and back would be most of a step's round trip); it moves to a session
 * worker when its first `make` asks for a vector handle, before that `make` runs. The first request that
 * makes environments decides, whether or not it succeeds. A session is placed once:
 * environments cannot move between threads, so a session on the accepting thread may hold at most
 * `inlineMaxEnvs` environments (`Session.reserve` refuses more, naming the fix).
 *
 * Frames keep their order through a move: frames that reach the session while it moves wait for the move,
 * and every frame of a moved session goes to the worker in the order it came.
 * @module
 */
import { decode } from '../protocol/msgpack.ts';
import { closedSessionOutcome, type FrameOutcome, type LocalSessionHost, type SessionHost } from './session-host.ts';
import type { WorkerSessionHost } from './worker-session-host.ts';
import type { Logger } from './logger.ts';

/** Where a session is served. */
export type SessionPlace = 'pending' | 'inline' | 'worker';

/** What a frame asks for, as far as placement goes. */
type FrameKind = 'vector' | 'single' | 'other';

interface Entry {
  place: SessionPlace;
  remote: string;
  /** The last frame served on this thread while the session was not yet placed (a move waits for it). */
  lastLocal: Promise<unknown>;
  /** Resolves once a moving session is open on its worker. */
  moved: Promise<void> | null;
  /** `true` once the move is done and no frame waits for it: frames then go to the worker directly. */
  direct: boolean;
  /** Frames waiting for the move. */
  waiting: number;
}

/**
 * The placement a frame of a session not yet placed decides: a `make` with `numEnvs` is a vector handle;
 * a `make` without it, `parallel.make` and `evaluate.start` make one environment; anything else (hello,
 * ping, junk) decides nothing. Decoding is the session's own; frames it cannot decode decide nothing.
 */
export function frameKind(data: Uint8Array, isBinary: boolean): FrameKind {
  if (!isBinary) return 'other';
  let frame: unknown;
  try {
    frame = decode(data);
  } catch {
    return 'other';
  }
  if (frame === null || typeof frame !== 'object') return 'other';
  const { op, numEnvs } = frame as { op?: unknown; numEnvs?: unknown };
  if (op === 'make') return numEnvs === undefined ? 'single' : 'vector';
  if (op === 'parallel.make' || op === 'evaluate.start') return 'single';
  return 'other';
}

/** Sessions on the accepting thread or on session workers, placed by their first environment (see the module). */
export class HybridSessionHost implements SessionHost {
  private readonly local: LocalSessionHost;
  private readonly workers: WorkerSessionHost;
  private readonly entries = new Map<number, Entry>();
  private readonly log: Logger;

  /**
   * @param local the accepting thread's host, built with the `inlineMaxEnvs` limit.
   * @param workers the session workers.
   * @param log the server's logger.
   */
  constructor(local: LocalSessionHost, workers: WorkerSessionHost, log: Logger) {
    this.local = local;
    this.workers = workers;
    this.log = log;
  }

  /** Where session `sid` is served (`undefined` for an unknown session). */
  placeOf(sid: number): SessionPlace | undefined {
    return this.entries.get(sid)?.place;
  }

  open(sid: number, remote: string): void {
    this.local.open(sid, remote);
    this.entries.set(sid, { place: 'pending', remote, lastLocal: Promise.resolve(), moved: null, direct: false, waiting: 0 });
  }

  frame(sid: number, data: Uint8Array, isBinary: boolean): Promise<FrameOutcome> {
    const e = this.entries.get(sid);
    if (e === undefined) return Promise.resolve(closedSessionOutcome());
    if (e.place === 'pending') {
      const kind = frameKind(data, isBinary);
      if (kind === 'vector') this.moveToWorker(sid, e);
      else if (kind === 'single') e.place = 'inline';
    }
    if (e.place === 'worker') {
      if (e.direct) return this.workers.frame(sid, data, isBinary);
      // the frame waits for the move: keep its bytes, which the socket may reuse meanwhile
      const bytes = new Uint8Array(data);
      e.waiting++;
      return e.moved!.then(() => {
        if (--e.waiting === 0) e.direct = true;
        return this.workers.frame(sid, bytes, isBinary);
      });
    }
    const served = this.local.frame(sid, data, isBinary);
    if (e.place === 'pending') e.lastLocal = served;
    return served;
  }

  private moveToWorker(sid: number, e: Entry): void {
    e.place = 'worker';
    e.moved = e.lastLocal
      .then(() => {
        const state = this.local.moveOut(sid);
        if (state !== undefined) this.workers.open(sid, e.remote, state);
      })
      .catch(async (err: unknown) => {
        // not reached while only frames that make nothing are served before a move; should it be, the
        // session ends here and its frames get the closed-session reply, which closes the connection
        this.log.error('a session could not move to a session worker; it is closed', { error: (err as Error).message });
        await this.local.closeSession(sid);
      });
  }

  async closeSession(sid: number): Promise<void> {
    const e = this.entries.get(sid);
    if (e === undefined) return;
    this.entries.delete(sid);
    if (e.place === 'worker') {
      await e.moved;
      await this.workers.closeSession(sid);
    } else await this.local.closeSession(sid);
  }

  async close(): Promise<void> {
    await this.local.close();
    await this.workers.close();
  }
}
