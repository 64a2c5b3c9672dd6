/**
 * Reply slots: shared memory in which a session worker hands reply frames to the socket thread. A
 * transferred `ArrayBuffer` per reply made the socket thread's heap run a mark-compact every few hundred
 * frames (each received backing store counts against its heap); a reply written into a free slot crosses
 * as a slot number instead, and the socket thread writes the slot's bytes to the socket and frees the slot
 * once the write has completed. A reply larger than a slot, or one that finds every slot taken (a client
 * that does not read), crosses as a transferred buffer as before, so the slots bound only the fast path.
 *
 * One `SharedArrayBuffer` per worker: `count` slot states (0 free, 1 taken; the worker takes, the socket
 * thread frees, both with `Atomics`), then `count` slots of `slotBytes` each.
 * @module
 */

/** Bytes of one slot: a 64-env EdgeLLM-v0 reply with infos (≈ 39 KB) fits. */
export const REPLY_SLOT_BYTES = 64 * 1024;
/** Slots per worker (as many as one connection may have in flight, see `MAX_IN_FLIGHT`). */
export const REPLY_SLOT_COUNT = 32;

/** A view of one worker's reply slots, on either thread. */
export class ReplySlots {
  /** The shared memory (send it to the worker in its `workerData`). */
  readonly buffer: SharedArrayBuffer;
  /** Bytes of one slot. */
  readonly slotBytes: number;
  /** Number of slots. */
  readonly count: number;
  private readonly states: Int32Array;
  private readonly bytes: Uint8Array;
  private cursor = 0;

  /** Slots in `buffer` (from {@link ReplySlots.create} on the other thread), or fresh ones. */
  constructor(buffer?: SharedArrayBuffer, slotBytes = REPLY_SLOT_BYTES, count = REPLY_SLOT_COUNT) {
    const head = 8 * Math.ceil((4 * count) / 8);
    this.buffer = buffer ?? new SharedArrayBuffer(head + count * slotBytes);
    if (this.buffer.byteLength !== head + count * slotBytes) {
      throw new RangeError(`reply slots: a buffer of ${this.buffer.byteLength} bytes does not hold ${count} slots of ${slotBytes} bytes.`);
    }
    this.slotBytes = slotBytes;
    this.count = count;
    this.states = new Int32Array(this.buffer, 0, count);
    this.bytes = new Uint8Array(this.buffer, head);
  }

  /**
   * Worker side: copies `frame` into a free slot and returns the slot's number, or returns -1 (the frame
   * is larger than a slot, or no slot is free) with nothing written.
   */
  put(frame: Uint8Array): number {
    if (frame.length > this.slotBytes) return -1;
    for (let k = 0; k < this.count; k++) {
      const i = (this.cursor + k) % this.count;
      if (Atomics.compareExchange(this.states, i, 0, 1) === 0) {
        this.cursor = (i + 1) % this.count;
        this.bytes.set(frame, i * this.slotBytes);
        return i;
      }
    }
    return -1;
  }

  /** Socket side: the `length` bytes in slot `slot` (a view: valid until {@link release}). */
  view(slot: number, length: number): Uint8Array {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.count || length < 0 || length > this.slotBytes) {
      throw new RangeError(`reply slots: no slot ${slot} of ${length} bytes (there are ${this.count} slots of ${this.slotBytes} bytes).`);
    }
    return this.bytes.subarray(slot * this.slotBytes, slot * this.slotBytes + length);
  }

  /** Socket side: frees slot `slot` (its bytes have been written out, or will never be). */
  release(slot: number): void {
    Atomics.store(this.states, slot, 0);
  }

  /** Slots taken now. */
  taken(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) n += Atomics.load(this.states, i);
    return n;
  }
}
