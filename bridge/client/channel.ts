/**
 * What the remote environments talk through: a connection that sends requests and returns their replies
 * in order. {@link Channel} is asynchronous; a {@link SyncChannel} can also block until a reply arrives.
 * @module
 */
import type { HelloReply } from '../protocol/messages.ts';

/** The fields of a successful reply (without `id` and `ok`). */
export type ReplyFields = Record<string, unknown>;

/** Options of a connection. */
export interface ConnectOptions {
  /** Token for servers started with one (sent as `Authorization: Bearer <token>`). */
  token?: string;
  /** Name reported in hello (logs). */
  clientName?: string;
  /** Milliseconds to wait for the connection and for each blocking reply (default 30000). */
  timeoutMs?: number;
  /** Largest reply frame accepted, in bytes (default 1 GiB). */
  maxPayload?: number;
}

/** An asynchronous request channel with pipelining: many requests may be in flight. */
export interface Channel {
  /** The server's hello reply. */
  readonly hello: HelloReply;
  /** The server URL. */
  readonly url: string;
  /** `true` once closed (by either side). */
  readonly closed: boolean;
  /** Sends `{op, ...fields}` and resolves with the reply's fields, or rejects with a `BridgeError`. */
  request(op: string, fields?: ReplyFields): Promise<ReplyFields>;
  /** Closes the connection (the server frees every env of the session). */
  close(): Promise<void>;
}

/** A channel that can also block the calling thread until the reply arrives. */
export interface SyncChannel extends Channel {
  /** Sends one request and blocks until its reply. */
  requestSync(op: string, fields?: ReplyFields): ReplyFields;
  /** Sends several requests back to back (pipelined) and blocks until all replies are in; one result per request, an error object for a failed one. */
  requestManySync(requests: readonly { op: string; fields?: ReplyFields }[]): (ReplyFields | Error)[];
  /** Closes the connection and blocks until the worker is done. */
  closeSync(): void;
}

/** `true` when `c` can block. */
export function isSyncChannel(c: Channel): c is SyncChannel {
  return typeof (c as Partial<SyncChannel>).requestSync === 'function';
}
