/**
 * Matching replies to requests. The protocol answers every request exactly once and in order, so the
 * queue is a FIFO: each incoming reply belongs to the oldest pending request, and its `id` must say so
 * (a `null` id answers the oldest request too: the server could not read that request's id).
 * @module
 */
import { BridgeError } from '../protocol/error-codes.ts';
import { decode } from '../protocol/msgpack.ts';
import type { ReplyFields } from './channel.ts';

/** Replies are decoded without recording wire shapes: nothing on the client side asks for them. */
const REPLY_DECODE = { shapes: false } as const;

/** A request waiting for its reply. */
export interface Pending {
  id: number;
  resolve(fields: ReplyFields): void;
  reject(error: Error): void;
}

/** The FIFO of pending requests of one connection. */
export class ReplyQueue {
  private readonly items: Pending[] = [];
  private head = 0;
  private nextId = 1;

  /** Requests waiting. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** A fresh request id. */
  newId(): number {
    const id = this.nextId;
    this.nextId = id >= Number.MAX_SAFE_INTEGER ? 1 : id + 1;
    return id;
  }

  /** Queues a pending request. */
  push(p: Pending): void {
    this.items.push(p);
  }

  /**
   * Hands one reply frame to the oldest pending request.
   * @returns the id of the request it answered.
   * @throws {BridgeError} when nothing was pending or the reply's id is not the expected one (the
   *   connection is then unusable; the caller fails everything and closes it).
   */
  deliver(bytes: Uint8Array): number {
    const p = this.items[this.head];
    if (p === undefined) throw new BridgeError('internal', 'The server sent a reply while no request was pending.');
    let reply: { id?: unknown; ok?: unknown; error?: unknown } & ReplyFields;
    try {
      reply = decode(bytes, REPLY_DECODE) as typeof reply;
    } catch (e) {
      throw new BridgeError('internal', `Could not decode a reply: ${(e as Error).message}`);
    }
    if (reply === null || typeof reply !== 'object') throw new BridgeError('internal', 'A reply was not a msgpack map.');
    if (reply.id !== p.id && reply.id !== null) {
      throw new BridgeError('internal', `Reply id ${String(reply.id)} does not match the oldest pending request ${p.id}; replies must come in order.`);
    }
    this.items[this.head] = undefined as unknown as Pending;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    if (reply.ok === true) {
      delete reply.id;
      delete reply.ok;
      p.resolve(reply);
    } else p.reject(BridgeError.fromWire(reply.error));
    return p.id;
  }

  /** Rejects every pending request with `error`. */
  failAll(error: Error): void {
    const rest = this.items.slice(this.head);
    this.items.length = 0;
    this.head = 0;
    for (const p of rest) p.reject(error);
  }
}
