/**
 * One client connection on the accepting thread: forwards each frame to the session host, sends the
 * replies back in order, and keeps what admission and liveness need (hello done, time of the last valid
 * request, the outstanding heartbeat ping). It also applies backpressure: with too many requests of this
 * connection waiting, it stops reading the socket until they are served.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Logger } from './logger.ts';
import type { ResolvedServerOptions } from './options.ts';
import type { FrameOutcome, SessionHost } from './session-host.ts';
import { CLOSE_CODES } from './session.ts';

/** Requests of one connection waiting to be served before the server stops reading its socket. */
export const MAX_IN_FLIGHT = 32;

/** What a connection needs from the server that owns it. */
export interface ConnectionOwner {
  readonly options: ResolvedServerOptions;
  readonly log: Logger;
  readonly host: SessionHost;
  /** Called after each reply is queued, to enforce the server-wide cap on unsent bytes. */
  afterSend(conn: BridgeConnection): void;
  /** Called once when the connection has closed. */
  onClosed(conn: BridgeConnection): void;
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/** A client connection and its session's number in the host. */
export class BridgeConnection {
  /** The session's number in the host. */
  readonly sid: number;
  readonly ws: WebSocket;
  /** `address:port` of the client, for logs. */
  readonly remote: string;
  /** When the connection opened (ms since epoch). */
  readonly openedAt = Date.now();
  /** `true` once the session completed hello. */
  helloDone = false;
  /** Time of the last well-formed request (ms since epoch); junk frames do not move it. */
  lastValidRequest = Date.now();
  /** Payload of the heartbeat ping not answered yet (`null` when none is outstanding). */
  pingPayload: Buffer | null = null;
  private readonly owner: ConnectionOwner;
  private inFlight = 0;
  private paused = false;
  private tail: Promise<void> = Promise.resolve();
  private ended = false;
  private ending = false;

  constructor(sid: number, ws: WebSocket, req: IncomingMessage, owner: ConnectionOwner) {
    this.sid = sid;
    this.ws = ws;
    this.owner = owner;
    this.remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    owner.host.open(sid, this.remote);
    ws.on('message', (data, isBinary) => this.onMessage(toBytes(data), isBinary));
    ws.on('pong', (data) => {
      if (this.pingPayload !== null && data.equals(this.pingPayload)) this.pingPayload = null;
    });
    ws.on('error', (e) => owner.log.warn('connection error', { remote: this.remote, error: e.message }));
    ws.on('close', () => {
      this.ended = true;
      owner.onClosed(this);
    });
  }

  /** Unsent reply bytes of this connection. */
  get bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  private onMessage(data: Uint8Array, isBinary: boolean): void {
    if (this.ended) return;
    this.inFlight++;
    if (this.inFlight >= MAX_IN_FLIGHT && !this.paused) {
      this.paused = true;
      this.ws.pause();
    }
    const served = this.owner.host.frame(this.sid, data, isBinary);
    this.tail = this.tail.then(() => served).then((o) => this.deliver(o));
  }

  private deliver(o: FrameOutcome): void {
    this.inFlight--;
    if (this.paused && this.inFlight <= MAX_IN_FLIGHT / 2) {
      this.paused = false;
      this.ws.resume();
    }
    if (o.valid) this.lastValidRequest = Date.now();
    this.helloDone = o.helloDone;
    if (this.ws.readyState !== this.ws.OPEN) return o.release?.();
    // a reply in shared memory (`release` set) is freed once written out, or when the write fails
    this.ws.send(o.reply, { binary: true, compress: false }, o.release === undefined ? undefined : () => o.release!());
    if (o.close !== undefined) return this.end(o.close.code, o.close.reason);
    if (this.ws.bufferedAmount > this.owner.options.maxBufferedBytes) {
      this.owner.log.warn('closing slow consumer', { remote: this.remote, bufferedBytes: this.ws.bufferedAmount });
      return this.end(CLOSE_CODES.slowConsumer, 'too many unread replies');
    }
    this.owner.afterSend(this);
  }

  /** Sends a heartbeat ping with a fresh random payload; only a pong carrying it counts as an answer. */
  ping(): void {
    this.pingPayload = randomBytes(8);
    try {
      this.ws.ping(this.pingPayload);
    } catch {
      // A socket that cannot take a ping is closing; its close handler cleans up.
    }
  }

  /**
   * Frees the session's environments, then closes with `code` and `reason` (replies already queued go out
   * first), and drops the socket if the client does not answer within a second.
   */
  end(code: number, reason: string): void {
    if (this.ending) return;
    this.ending = true;
    void this.owner.host.closeSession(this.sid).finally(() => {
      if (this.ws.readyState === this.ws.OPEN) this.ws.close(code, reason);
      setTimeout(() => this.ws.terminate(), 1000).unref();
    });
  }

  /** Frees the session's environments and drops the socket at once (no close handshake). */
  terminate(): void {
    this.ending = true;
    void this.owner.host.closeSession(this.sid);
    this.ws.terminate();
  }
}
