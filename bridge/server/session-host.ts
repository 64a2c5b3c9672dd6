/**
 * Where sessions live. A {@link SessionHost} owns the sessions' state and environments and serves their
 * frames; the thread that accepts connections forwards frames to it and replies back. The
 * {@link LocalSessionHost} serves on the calling thread through a {@link SessionScheduler}; worker threads
 * run one each (see `worker-session-host.ts`); `hybrid-session-host.ts` places each session on one or the
 * other by its first environment.
 * @module
 */
import type { ServerContext } from './context.ts';
import { SessionScheduler } from './scheduler.ts';
import { encode, prepareCodec } from '../protocol/msgpack.ts';
import { ownsItsBuffer } from '../protocol/direct-encoder.ts';
import { prepareRequestSchemas } from '../protocol/schemas.ts';
import { type CloseInstruction, type MovedSession, Session } from './session.ts';

/** What serving one frame produced, as the connection needs it. */
export interface FrameOutcome {
  /** Reply bytes (own buffer). */
  reply: Uint8Array;
  /** How to close after the reply, when the connection must close. */
  close?: CloseInstruction;
  /** `true` for a well-formed request. */
  valid: boolean;
  /** `true` once the session has completed hello. */
  helloDone: boolean;
  /**
   * Called once the reply has been written out (or will never be): the reply is a view of shared memory
   * that is reused after that (see `reply-slots.ts`).
   */
  release?: () => void;
}

/** Owner of sessions, addressed by a number the server picks. */
export interface SessionHost {
  /** Creates session `sid`. */
  open(sid: number, remote: string): void;
  /** Serves one frame of session `sid` (replies come in the order of the frames). */
  frame(sid: number, data: Uint8Array, isBinary: boolean): Promise<FrameOutcome>;
  /** Drops the session's waiting frames and closes its environments. */
  closeSession(sid: number): Promise<void>;
  /** Closes every session and releases the host's threads. */
  close(): Promise<void>;
}

/** The outcome of a frame for a session that is gone: an `internal` error reply, then the connection closes. */
export function closedSessionOutcome(): FrameOutcome {
  return {
    reply: encode({ id: null, ok: false, error: { code: 'internal', message: 'This session is closed.', hint: 'Reconnect.' } }),
    close: { code: 1011, reason: 'session closed' },
    valid: false,
    helloDone: false,
  };
}

/** A copy of `bytes` in a plain `Uint8Array` with a buffer of its own (safe to transfer to another thread). */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** Options of a {@link LocalSessionHost}. */
export interface LocalSessionHostOptions {
  /** The most environments one of its sessions may hold (see `inlineMaxEnvs`); `null` (default) for no such limit. */
  inlineMaxEnvs?: number | null;
}

/** Sessions served on this thread, fairly interleaved. */
export class LocalSessionHost implements SessionHost {
  private readonly sessions = new Map<number, Session>();
  private readonly scheduler = new SessionScheduler();
  private readonly ctx: ServerContext;
  private readonly inlineMaxEnvs: number | null;

  constructor(ctx: ServerContext, options: LocalSessionHostOptions = {}) {
    this.ctx = ctx;
    this.inlineMaxEnvs = options.inlineMaxEnvs ?? null;
    // Libraries and schemas that importing the package leaves unloaded: ready before the first session.
    prepareCodec();
    prepareRequestSchemas();
  }

  /** Sessions open here. */
  get size(): number {
    return this.sessions.size;
  }

  /** Creates session `sid`, or takes over a session moved here from another thread (`moved`). */
  open(sid: number, remote: string, moved?: MovedSession): void {
    const session = new Session(this.ctx, remote, { inlineMaxEnvs: this.inlineMaxEnvs, ...(moved !== undefined ? { moved } : {}) });
    this.sessions.set(sid, session);
    if (moved === undefined) this.ctx.log.info('session opened', { session: session.id, remote });
    else this.ctx.log.debug('session moved to this thread', { session: session.id, remote });
  }

  /**
   * Takes session `sid` out of this host, for {@link open} on another thread with the state returned.
   * Call it only when none of the session's frames is waiting here and it holds no handle.
   * @throws Error when the session holds handles.
   */
  moveOut(sid: number): MovedSession | undefined {
    const session = this.sessions.get(sid);
    if (session === undefined) return undefined;
    const state = session.moveState();
    this.scheduler.drop(sid);
    this.sessions.delete(sid);
    session.dispose();
    return state;
  }

  frame(sid: number, data: Uint8Array, isBinary: boolean): Promise<FrameOutcome> {
    return new Promise((resolve) => {
      this.scheduler.submit(sid, () => {
        const session = this.sessions.get(sid);
        if (session === undefined) return;
        const r = session.onFrame(data, isBinary);
        resolve({ ...r, reply: ownsItsBuffer(r.reply) ? r.reply : ownBytes(r.reply), helloDone: session.helloDone });
      });
    });
  }

  async closeSession(sid: number): Promise<void> {
    this.scheduler.drop(sid);
    const session = this.sessions.get(sid);
    if (session === undefined) return;
    this.sessions.delete(sid);
    const envs = session.envCount;
    session.dispose();
    this.ctx.log.info('session closed', { session: session.id, envsFreed: envs });
  }

  async close(): Promise<void> {
    for (const sid of [...this.sessions.keys()]) await this.closeSession(sid);
  }
}
