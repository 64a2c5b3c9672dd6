import { strict as assert } from 'node:assert';
import type { Worker } from 'node:worker_threads';
import { CTL, ERROR_TEXT_BYTES, OP_STEP, shardsOf, writeError } from '../../../envs/edge-llm/edge-llm-batch-workers.ts';
import { EdgeLLMVectorEnv } from '../../../envs/edge-llm/edge-llm-vector-env.ts';
import { ClosedEnvironment, GymError, InvalidArgument } from '../../../src/core/errors.ts';

/** The worker threads of a vector env (a private field, read for these tests only). */
function workersOf(venv: EdgeLLMVectorEnv): Worker[] {
  const pool = (venv as unknown as { pool: { parts: { worker: Worker }[] } | null }).pool;
  return pool === null ? [] : pool.parts.map((p) => p.worker);
}

function exited(w: Worker, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (w.threadId === -1) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    w.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe('envs/edge-llm/edge-llm-batch-workers', () => {
  it('splits sub-environments into contiguous shards whose sizes differ by at most one', () => {
    assert.deepStrictEqual(shardsOf(7, 3), [
      { start: 0, count: 3 },
      { start: 3, count: 2 },
      { start: 5, count: 2 },
    ]);
    assert.deepStrictEqual(shardsOf(64, 2), [
      { start: 0, count: 32 },
      { start: 32, count: 32 },
    ]);
    assert.deepStrictEqual(shardsOf(2, 1), [{ start: 0, count: 2 }]);
  });

  it('writes an error report the calling thread reads back (name, message, code; long messages cut)', () => {
    const control = new Int32Array(CTL.size);
    const text = new Uint8Array(ERROR_TEXT_BYTES);
    writeError(control, text, new InvalidArgument('bad split'));
    const read = () => JSON.parse(new TextDecoder().decode(text.slice(0, control[CTL.errorLength]!)));
    assert.deepStrictEqual(read(), { name: 'InvalidArgument', message: 'bad split', code: 'invalid_argument' });
    writeError(control, text, 'plain');
    assert.deepStrictEqual(read(), { name: 'Error', message: 'plain', code: 'internal' });
    writeError(control, text, new Error('x'.repeat(10_000)));
    assert.equal(read().message.length, 1000);
  });

  it('close() ends the worker threads', async () => {
    const venv = new EdgeLLMVectorEnv(4, { horizon: 3 }, { workers: 3 });
    await venv.ready();
    const workers = workersOf(venv);
    assert.equal(workers.length, 2);
    venv.reset({ seed: 0 });
    venv.step(venv.actionSpace.sample());
    venv.close();
    for (const w of workers) assert.ok(await exited(w, 10_000), 'the worker thread ended');
    assert.throws(() => venv.step(venv.actionSpace.sample()), ClosedEnvironment);
  });

  it('a worker thread that ended becomes an error on the calling thread naming its shard, not a hang', async () => {
    const venv = new EdgeLLMVectorEnv(4, { horizon: 3 }, { workers: 2, workerTimeoutMs: 20_000 });
    await venv.ready();
    venv.reset({ seed: 0 });
    await workersOf(venv)[0]!.terminate();
    const t0 = Date.now();
    assert.throws(
      () => venv.step(venv.actionSpace.sample()),
      (e: Error) => e instanceof GymError && /the worker thread of sub-environments 2–3 ended \(terminated, or exited\) without reporting an error; the vector env is closed/.test(e.message),
    );
    assert.ok(Date.now() - t0 < 10_000, 'detected before the timeout');
    assert.ok(venv.closed);
  });

  it('an error thrown in a worker thread is thrown on the calling thread with its name and message', async () => {
    const venv = new EdgeLLMVectorEnv(4, { horizon: 3 }, { workers: 2 });
    await venv.ready();
    venv.reset({ seed: 0 });
    // an operation the worker does not know: its loop throws, reports, and keeps running
    const run = (venv as unknown as { run(own: () => void, op: number, arg: number): void }).run.bind(venv);
    assert.throws(() => run(() => {}, OP_STEP + 98, 0), (e: Error) => e instanceof GymError && e.name === 'Error' && /^unknown operation 99 \(in the worker thread of sub-environments 2–3\)$/.test(e.message));
    assert.ok(venv.closed, 'a failed step closes the vector env');
  });

  it('a worker thread that does not start within workerTimeoutMs is an error, not a hang', async () => {
    const venv = new EdgeLLMVectorEnv(4, { horizon: 3 }, { workers: 2, workerTimeoutMs: 1 });
    try {
      await assert.rejects(venv.ready(), /the worker thread of sub-environments 2–3 did not start within 1 ms \(raise the option workerTimeoutMs/);
      assert.throws(() => venv.reset({ seed: 0 }), /did not start within 1 ms/);
    } finally {
      venv.close();
    }
  });
});
