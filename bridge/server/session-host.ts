/**
 * Where sessions live. A {@link SessionHost} owns the sessions' state and environments and serves their
 * frames; the thread that accepts connections only forwards frames to it and replies back. The
 * {@link LocalSessionHost} serves on the calling thread through a {@link SessionScheduler}; worker threads
 * run one each (see `worker-session-host.ts`).
 * @module
 */
import type { ServerContext } from './context.ts';
import { SessionScheduler } from './scheduler.ts';
import { prepareCodec } from '../protocol/msgpack.ts';
import { ownsItsBuffer } from '../protocol/direct-encoder.ts';
import { prepareRequestSchemas } from '../protocol/schemas.ts';
import { type CloseInstruction, Session } from './session.ts';

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

/** A copy of `bytes` in a plain `Uint8Array` with a buffer of its own (safe to transfer to another thread). */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** Sessions served on this thread, fairly interleaved. */
export class LocalSessionHost implements SessionHost {
  private readonly sessions = new Map<number, Session>();
  private readonly scheduler = new SessionScheduler();
  private readonly ctx: ServerContext;

  constructor(ctx: ServerContext) {
    this.ctx = ctx;
    // Libraries and schemas that importing the package leaves unloaded: ready before the first session.
    prepareCodec();
    prepareRequestSchemas();
  }

  /** Sessions open here. */
  get size(): number {
    return this.sessions.size;
  }

  open(sid: number, remote: string): void {
    const session = new Session(this.ctx, remote);
    this.sessions.set(sid, session);
    this.ctx.log.info('session opened', { session: session.id, remote });
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
