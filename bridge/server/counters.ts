/**
 * The server's counters in shared memory, so that the thread that accepts connections and the worker
 * threads that own the sessions' environments read and update the same numbers. Reservations against a
 * limit are atomic: two sessions on two threads cannot both take the last units of a budget.
 * @module
 */

/** The counted quantities. */
export const COUNTER_NAMES = ['sessions', 'envs', 'handles', 'cost', 'requests', 'errors', 'evaluations', 'sessionsOpened'] as const;

/** One counted quantity. */
export type CounterName = (typeof COUNTER_NAMES)[number];

/** Counters over a `SharedArrayBuffer` (64-bit integers; `cost` is kept in thousandths of a unit). */
export class SharedCounters {
  /** The memory, to hand to worker threads (`new SharedCounters(buffer)` there sees the same values). */
  readonly buffer: SharedArrayBuffer;
  private readonly cells: BigInt64Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(COUNTER_NAMES.length * 8)) {
    this.buffer = buffer;
    this.cells = new BigInt64Array(buffer);
  }

  private index(name: CounterName): number {
    return COUNTER_NAMES.indexOf(name);
  }

  /** The current value of `name`. */
  get(name: CounterName): number {
    return Number(Atomics.load(this.cells, this.index(name)));
  }

  /** Adds `n` (possibly negative) to `name`. */
  add(name: CounterName, n: number): void {
    Atomics.add(this.cells, this.index(name), BigInt(n));
  }

  /**
   * Adds `n` to `name` when the result stays at or below `max`; returns whether it did (atomically).
   */
  tryAdd(name: CounterName, n: number, max: number): boolean {
    const i = this.index(name);
    const add = BigInt(n);
    const limit = BigInt(Math.floor(max));
    for (;;) {
      const old = Atomics.load(this.cells, i);
      if (old + add > limit) return false;
      if (Atomics.compareExchange(this.cells, i, old, old + add) === old) return true;
    }
  }
}

/** Cost units as the counters keep them (thousandths, so that fractional costs add up exactly). */
export function costCells(cost: number): number {
  return Math.ceil(cost * 1000);
}
