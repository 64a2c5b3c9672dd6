/**
 * A session: the state of one client connection (its handles and their environments), the accounting of
 * its limits, and the turning of each incoming frame into exactly one reply. Nothing a client sends can
 * throw out of {@link Session.onFrame}: every failure becomes a typed error reply.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { decode, encode, MsgpackError } from '../protocol/msgpack.ts';
import { BridgeError, toBridgeError } from '../protocol/error-codes.ts';
import { requestIdOf, validateRequest } from '../protocol/schemas.ts';
import type { ProtocolVersion } from '../protocol/version.ts';
import type { ServerContext } from './context.ts';
import { costCells } from './counters.ts';
import type { Handle } from './handles.ts';
import { handleRequest } from './handlers.ts';

/** How the transport should close the connection after sending a reply. */
export interface CloseInstruction {
  code: number;
  reason: string;
}

/** WebSocket close codes the server uses besides the standard ones. */
export const CLOSE_CODES = {
  /** Protocol major version mismatch (after the error reply). */
  versionMismatch: 4002,
  /** No frame within the idle timeout. */
  idleTimeout: 4008,
  /** The client did not read its replies (too many unsent bytes). */
  slowConsumer: 4009,
  /** No pong answering the server's ping within a heartbeat interval. */
  heartbeat: 4010,
  /** No hello within the hello deadline. */
  helloTimeout: 4011,
  /** The server's unsent replies passed their total cap and this session held the most. */
  memory: 4012,
} as const;

/** What serving one frame produced. */
export interface FrameResult {
  /** The reply bytes. */
  reply: Uint8Array;
  /** How to close the connection after the reply, when it must close. */
  close?: CloseInstruction;
  /** `true` when the frame was a well-formed request (only those keep a session from idling out). */
  valid: boolean;
}

function fmtCost(c: number): string {
  return String(Math.round(c * 1000) / 1000);
}

const MAX_MESSAGE = 2000;

/**
 * What a session is before it holds any environment: enough to carry it to another thread
 * ({@link Session.moveState}), where it goes on with the same id and hello.
 */
export interface MovedSession {
  id: string;
  helloDone: boolean;
  clientName: string;
  clientProtocol: ProtocolVersion;
}

/** Options of a {@link Session}. */
export interface SessionOptions {
  /**
   * The most environments this session may hold because it is served on the accepting thread
   * (`inlineMaxEnvs`); `null` (default) for no such limit.
   */
  inlineMaxEnvs?: number | null;
  /** The state of a session moved here from another thread (see {@link MovedSession}). */
  moved?: MovedSession;
}

/** One client connection. */
export class Session {
  /** Random id, reported in hello and in logs. */
  readonly id: string;
  /** The server's shared state. */
  readonly ctx: ServerContext;
  /** Remote address, for logs. */
  readonly remote: string;
  /** `true` once hello succeeded. */
  helloDone = false;
  /** The name the client gave in hello. */
  clientName = '';
  /** The protocol version the client gave in hello (what forms of replies it reads). */
  clientProtocol: ProtocolVersion = { major: 1, minor: 0, patch: 0 };
  private readonly handles = new Map<number, Handle>();
  private nextHandle = 1;
  private envs = 0;
  private cost = 0;
  private disposed = false;
  private readonly inlineMaxEnvs: number | null;

  constructor(ctx: ServerContext, remote: string, options: SessionOptions = {}) {
    this.ctx = ctx;
    this.remote = remote;
    this.inlineMaxEnvs = options.inlineMaxEnvs ?? null;
    const moved = options.moved;
    this.id = moved?.id ?? randomUUID();
    if (moved !== undefined) {
      this.helloDone = moved.helloDone;
      this.clientName = moved.clientName;
      this.clientProtocol = moved.clientProtocol;
    } else ctx.counters.add('sessionsOpened', 1);
    ctx.counters.add('sessions', 1);
  }

  /**
   * The session's state for {@link SessionOptions.moved}, for a session that holds no handle.
   * @throws Error when it holds handles (their environments cannot move).
   */
  moveState(): MovedSession {
    if (this.handles.size > 0) throw new Error(`Session ${this.id} holds ${this.handles.size} handles and cannot move.`);
    return { id: this.id, helloDone: this.helloDone, clientName: this.clientName, clientProtocol: { ...this.clientProtocol } };
  }

  /** Cost units this session holds. */
  get costHeld(): number {
    return this.cost;
  }

  /** Environments this session holds. */
  get envCount(): number {
    return this.envs;
  }

  /** Open handles of this session. */
  get handleCount(): number {
    return this.handles.size;
  }

  /**
   * Takes `n` environments of `cost` units in total from the session's and the server's budgets, or
   * throws. Pair each successful call with {@link addHandle} (which keeps the reservation) or
   * {@link release} (when making the environments failed).
   * @throws {BridgeError} `limit_exceeded` naming the limit and how to stay under it.
   */
  reserve(n: number, cost: number): void {
    const o = this.ctx.options;
    const c = this.ctx.counters;
    if (this.handles.size + 1 > o.maxHandlesPerSession) {
      throw new BridgeError('limit_exceeded', `This session already holds ${this.handles.size} handles (limit maxHandlesPerSession=${o.maxHandlesPerSession}); close some first.`);
    }
    if (this.inlineMaxEnvs !== null && this.envs + n > this.inlineMaxEnvs) {
      throw new BridgeError(
        'limit_exceeded',
        `Making ${n} env(s) would bring this session to ${this.envs + n} envs, more than the ${this.inlineMaxEnvs} (inlineMaxEnvs) a session may hold on the server's accepting thread, ` +
          "where sessions whose first env is not a vector handle are served; make vector handles on another connection (its session goes to a session worker), or start the server with a larger --inline-max-envs.",
        { field: 'request.numEnvs' },
      );
    }
    if (this.envs + n > o.maxEnvsPerSession) {
      throw new BridgeError(
        'limit_exceeded',
        `Making ${n} env(s) would bring this session to ${this.envs + n} envs (limit maxEnvsPerSession=${o.maxEnvsPerSession}); close handles or use fewer envs.`,
        { field: 'request.numEnvs' },
      );
    }
    if (this.cost + cost > o.maxCostPerSession) {
      throw new BridgeError(
        'limit_exceeded',
        `Making these env(s) costs ${fmtCost(cost)} units and would bring this session to ${fmtCost(this.cost + cost)} (limit maxCostPerSession=${o.maxCostPerSession}); ` +
          'the cost of an env grows with its configuration (see docs/protocol.md, "Limits"): use fewer envs or a smaller config.',
        { field: 'request.numEnvs' },
      );
    }
    if (!c.tryAdd('envs', n, o.maxTotalEnvs)) {
      throw new BridgeError('limit_exceeded', `The server holds ${c.get('envs')} envs; ${n} more would pass maxTotalEnvs=${o.maxTotalEnvs}. Try again later.`);
    }
    if (!c.tryAdd('cost', costCells(cost), costCells(o.maxTotalCost))) {
      c.add('envs', -n);
      throw new BridgeError(
        'limit_exceeded',
        `The server holds envs of ${fmtCost(c.get('cost') / 1000)} cost units; ${fmtCost(cost)} more would pass maxTotalCost=${o.maxTotalCost}. Try again later or use a smaller config.`,
      );
    }
    this.envs += n;
    this.cost += cost;
  }

  /** Gives back a reservation whose environments could not be made. */
  release(n: number, cost: number): void {
    this.envs -= n;
    this.cost -= cost;
    this.ctx.counters.add('envs', -n);
    this.ctx.counters.add('cost', -costCells(cost));
  }

  /** Registers a handle whose environments were reserved with {@link reserve}, and returns its number. */
  addHandle(h: Handle): number {
    const id = this.nextHandle++;
    this.handles.set(id, h);
    this.ctx.counters.add('handles', 1);
    return id;
  }

  /**
   * The handle numbered `id`.
   * @throws {BridgeError} `unknown_handle`.
   */
  getHandle(id: number): Handle {
    const h = this.handles.get(id);
    if (h === undefined) {
      throw new BridgeError('unknown_handle', `No open handle ${id} in this session (open: ${[...this.handles.keys()].slice(0, 20).join(', ') || 'none'}).`, { field: 'request.handle' });
    }
    return h;
  }

  /** Closes and forgets handle `id` (no-op when absent). */
  dropHandle(id: number): void {
    const h = this.handles.get(id);
    if (h === undefined) return;
    this.handles.delete(id);
    this.release(h.envCount, h.cost);
    this.ctx.counters.add('handles', -1);
    try {
      h.close();
    } catch (e) {
      this.ctx.log.warn('env close failed', { session: this.id, error: (e as Error).message });
    }
  }

  private errorReply(id: number | null, error: BridgeError): Uint8Array {
    this.ctx.counters.add('errors', 1);
    const wire = error.toWire();
    if (wire.message.length > MAX_MESSAGE) wire.message = `${wire.message.slice(0, MAX_MESSAGE)}…`;
    return encode({ id, ok: false, error: wire });
  }

  /**
   * Serves one frame: returns the reply bytes and, when the connection must close after it, how.
   * Never throws.
   */
  onFrame(data: Uint8Array, isBinary: boolean): FrameResult {
    this.ctx.counters.add('requests', 1);
    if (!isBinary) {
      return { reply: this.errorReply(null, new BridgeError('bad_frame', 'Text frames are not part of the protocol; send binary frames holding msgpack maps.')), valid: false };
    }
    let frame: unknown;
    try {
      frame = decode(data);
    } catch (e) {
      const message = e instanceof MsgpackError ? `Could not decode the frame: ${e.message}` : `Could not decode the frame: ${String(e)}`;
      return { reply: this.errorReply(null, new BridgeError('bad_frame', message)), valid: false };
    }
    const id = requestIdOf(frame);
    let result: Record<string, unknown>;
    let valid = false;
    try {
      const req = validateRequest(frame);
      valid = true;
      if (!this.helloDone && req.op !== 'hello') {
        throw new BridgeError('bad_request', `Send hello before ${req.op}: the first request of a connection must be {op: "hello", protocol: "1.0.0"}.`, { field: 'request.op' });
      }
      result = handleRequest(this, req);
    } catch (e) {
      const err = toBridgeError(e);
      if (err.code === 'internal') this.ctx.log.error('internal error', { session: this.id, error: err.message, stack: (e as Error)?.stack });
      else this.ctx.log.debug('request failed', { session: this.id, id, code: err.code, error: err.message });
      const reply = this.errorReply(id, err);
      if (err.code === 'version_mismatch') return { reply, close: { code: CLOSE_CODES.versionMismatch, reason: 'protocol version mismatch' }, valid };
      return { reply, valid };
    }
    try {
      return { reply: encode({ id, ok: true, ...result }), valid };
    } catch (e) {
      this.ctx.log.error('reply encoding failed', { session: this.id, error: (e as Error).message });
      return { reply: this.errorReply(id, new BridgeError('internal', `The reply could not be encoded: ${(e as Error).message}`)), valid };
    }
  }

  /** Closes every handle and releases the session's accounting (idempotent). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const id of [...this.handles.keys()]) this.dropHandle(id);
    this.ctx.counters.add('sessions', -1);
  }
}
