import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { Spinner } from '../../../src/threads/spinner.ts';

describe('src/threads/spinner', () => {
  it('gives up after its budget when the word stays, halving the budget down to its floor', () => {
    const word = new Int32Array(new SharedArrayBuffer(4));
    const s = new Spinner(0.01, 1);
    s.budgetMs = 0.08;
    const t0 = performance.now();
    assert.equal(s.spinWhile(word, 0, 0), 0);
    assert.ok(performance.now() - t0 >= 0.08);
    assert.equal(s.budgetMs, 0.04);
    for (let i = 0; i < 5; i++) s.spinWhile(word, 0, 0);
    assert.equal(s.budgetMs, 0.01);
  });

  it('returns at once and leaves the budget alone when the word already differs', () => {
    const word = new Int32Array(new SharedArrayBuffer(4));
    word[0] = 7;
    const s = new Spinner(0.01, 0.03);
    // the first load already differs: no polling, the budget is left alone
    assert.equal(s.spinWhile(word, 0, 0), 7);
    assert.equal(s.budgetMs, 0.01);
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
