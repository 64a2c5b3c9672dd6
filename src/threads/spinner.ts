/**
 * Adaptive polling of a shared word before a thread sleeps in `Atomics.wait`, for threads that hand work to
 * each other on shared memory (the EdgeLLM vector env's worker threads, the learners' learner thread).
 * @module
 */

/**
 * How long a thread polls a shared word before it sleeps in `Atomics.wait`, adapted to how the waits go:
 * waking a sleeping thread costs tens of microseconds (as much as stepping a shard of 32 EdgeLLM sub-environments),
 * so on a machine with a free core for each thread, polling for the next request or answer is faster; on a
 * busy machine the awaited thread is often not running, and polling only takes the core from it. A
 * `Spinner` doubles its budget (up to `maxMs`) each time the value came while it polled, and halves it
 * (down to `minMs`) each time it had to sleep. A wait a little longer than the budget would keep a thread
 * sleeping (and paying the wake-up) at every step, so when the value came soon after the sleep began
 * (within `maxMs` of the start of the wait: {@link Spinner.woke}) the budget is tried at twice that wait.
 * If the value does not come within the tried budget either — the awaited thread is not running, e.g. it
 * shares a core with this one — polling is what holds it up: the budget halves again and the next tries
 * are put off, 1, 2, 4, … up to 1024 sleeps apart (reset by a try that works).
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
  /** When the last {@link Spinner.spinWhile} that had to poll began (`performance.now()` time). */
  private began = 0;
  /** Whether the budget is a try of {@link Spinner.woke}'s not yet put to the test. */
  private trying = false;
  /** Sleeps before the next try, and the put-off after a try that fails. */
  private putOff = 0;
  private nextPutOff = 1;

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
    this.began = performance.now();
    const until = this.began + this.budgetMs;
    for (;;) {
      for (let k = 0; k < 256; k++) {
        now = Atomics.load(control, word);
        if (now !== value) {
          this.budgetMs = Math.min(this.budgetMs * 2, this.maxMs);
          if (this.trying) {
            this.trying = false;
            this.nextPutOff = 1;
          }
          return now;
        }
      }
      if (performance.now() >= until) {
        this.budgetMs = Math.max(this.budgetMs / 2, this.minMs);
        if (this.trying) {
          this.trying = false;
          this.putOff = this.nextPutOff;
          this.nextPutOff = Math.min(this.nextPutOff * 2, 1024);
        }
        return now;
      }
    }
  }

  /**
   * Tells the spinner that the value its last {@link Spinner.spinWhile} gave up on has come (after a sleep):
   * when that was within `maxMs` of the start of the wait, and no try is put off, the budget is tried at
   * twice the wait (at most `maxMs`).
   */
  woke(): void {
    const waited = performance.now() - this.began;
    if (waited > this.maxMs) return;
    if (this.putOff > 0) {
      this.putOff--;
      return;
    }
    this.budgetMs = Math.min(Math.max(2 * waited, this.budgetMs, this.minMs), this.maxMs);
    this.trying = true;
  }
}
