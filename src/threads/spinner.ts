/**
 * Adaptive polling of a shared word before a thread sleeps in `Atomics.wait`, for threads that hand work to
 * each other on shared memory (the EdgeLLM vector env's worker threads, the learners' gradient threads).
 * @module
 */

/**
 * How long a thread polls a shared word before it sleeps in `Atomics.wait`, adapted to how the waits go:
 * waking a sleeping thread costs tens of microseconds, so on a machine with a free core for each thread,
 * polling for the next request or answer is faster; on a busy machine the awaited thread is often not
 * running, and polling only takes the core from it. A `Spinner` doubles its budget (up to `maxMs`) each time
 * the value came while it polled, and halves it (down to `minMs`) each time it had to sleep.
 *
 * @example
 * ```ts
 * const word = new Int32Array(new SharedArrayBuffer(4));
 * const spinner = new Spinner(0.005, 0.5);
 * // nobody changes the word: polling gives up after the budget, which then halves (down to its floor)
 * console.log(spinner.spinWhile(word, 0, 0), spinner.budgetMs);   // 0 0.005
 * ```
 */
export class Spinner {
  /** The current polling budget (ms). */
  budgetMs: number;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {
    this.budgetMs = minMs;
  }

  /**
   * Polls `word` of `control` while it equals `value`, for at most the budget (the clock is read every 256
   * polls), adapting the budget; returns the word's value (still `value` when the budget ran out).
   */
  spinWhile(control: Int32Array, word: number, value: number): number {
    let now = Atomics.load(control, word);
    if (now !== value) return now;
    const until = performance.now() + this.budgetMs;
    for (;;) {
      for (let k = 0; k < 256; k++) {
        now = Atomics.load(control, word);
        if (now !== value) {
          this.budgetMs = Math.min(this.budgetMs * 2, this.maxMs);
          return now;
        }
      }
      if (performance.now() >= until) {
        this.budgetMs = Math.max(this.budgetMs / 2, this.minMs);
        return now;
      }
    }
  }
}
