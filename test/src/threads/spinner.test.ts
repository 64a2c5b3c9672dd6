import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { Spinner } from '../../../src/threads/spinner.ts';

describe('src/threads/spinner', () => {
  it('polls a word for at most its budget, halving the budget (to its minimum) when it ran out', () => {
    const control = new Int32Array(new SharedArrayBuffer(8 * 4));
    control[2] = 5;
    const s = new Spinner(0.5, 4);
    assert.equal(s.spinWhile(control, 2, 4), 5, 'a value already there is returned at once');
    assert.equal(s.budgetMs, 0.5);
    s.budgetMs = 2;
    const t0 = performance.now();
    assert.equal(s.spinWhile(control, 2, 5), 5);
    assert.ok(performance.now() - t0 >= 2, 'polled for its budget');
    assert.equal(s.budgetMs, 1);
    s.spinWhile(control, 2, 5);
    s.spinWhile(control, 2, 5);
    assert.equal(s.budgetMs, 0.5, 'never below the minimum');
  });

  it('woke() tries a budget of twice a short wait; a try that fails puts the next tries off (1, 2, … sleeps)', () => {
    const control = new Int32Array(new SharedArrayBuffer(8 * 4));
    const busy = (ms: number) => {
      const t = performance.now();
      while (performance.now() - t < ms);
    };
    const s = new Spinner(0.01, 20);
    s.spinWhile(control, 0, 0);
    assert.equal(s.budgetMs, 0.01);
    // the value came about 2 ms after the wait began (the thread slept meanwhile)
    busy(2);
    s.woke();
    assert.ok(s.budgetMs >= 4 && s.budgetMs <= 20, `tried at twice the wait (${s.budgetMs} ms)`);
    // the try fails (the value does not come while polling): halved, and the next try is put off one sleep
    const tried = s.budgetMs;
    s.spinWhile(control, 0, 0);
    assert.equal(s.budgetMs, tried / 2);
    busy(1);
    s.woke();
    assert.equal(s.budgetMs, tried / 2, 'put off: no try after the first sleep');
    s.spinWhile(control, 0, 0);
    busy(1);
    s.woke();
    assert.ok(s.budgetMs >= 2 * 1, 'tried again after the put-off');
    s.spinWhile(control, 0, 0);
    // a second failed try puts the next ones off two sleeps
    for (let k = 0; k < 2; k++) {
      const before: number = s.budgetMs;
      busy(0.5);
      s.woke();
      assert.equal(s.budgetMs, before, `sleep ${k + 1} of the put-off`);
      s.spinWhile(control, 0, 0);
    }
    const b: number = s.budgetMs;
    busy(0.5);
    s.woke();
    assert.ok(s.budgetMs > b, 'tried again after two sleeps');
    // a wait longer than the maximum is no reason to poll longer
    const long = new Spinner(0.01, 1);
    long.spinWhile(control, 0, 0);
    busy(2);
    long.woke();
    assert.equal(long.budgetMs, 0.01);
  });

  it('sees a change made by another thread while it polls, and doubles its budget', async () => {
    const word = new Int32Array(new SharedArrayBuffer(4));
    const s = new Spinner(2000, 4000);
    const w = new Worker('const { workerData } = require("node:worker_threads"); setTimeout(() => Atomics.store(workerData, 0, 5), 20);', { eval: true, workerData: word });
    try {
      assert.equal(s.spinWhile(word, 0, 0), 5);
      assert.equal(s.budgetMs, 4000);
    } finally {
      await w.terminate();
    }
  });
});
