/**
 * A worker thread of an `EdgeLLMVectorEnv` split over threads: it owns one shard of the sub-environments
 * (an `EdgeLLMBatch` on the vector's shared arrays) and runs the operations the calling thread hands out
 * through its control block, until asked to end. Every error is written into the shared error text for
 * the calling thread to throw; the thread reports its own end.
 * @module
 */
import { workerData } from 'node:worker_threads';
import { Spinner } from '../../src/threads/spinner.ts';
import { type BatchWorkerInit, CTL, OP_CLOSE, OP_RESET, OP_STEP, SPIN_MS, writeError } from './edge-llm-batch-workers.ts';

const init = workerData as BatchWorkerInit;
const control = init.control;

function setState(state: number): void {
  Atomics.store(control, CTL.state, state);
  Atomics.notify(control, CTL.state);
  // a caller waiting for an answer looks at the state too
  Atomics.notify(control, CTL.done);
}

process.on('exit', () => setState(3));

try {
  const { BatchArrays, EdgeLLMBatch } = await import('./edge-llm-batch.ts');
  const arrays = new BatchArrays(init.numEnvs, true, init.buffers);
  const batch = new EdgeLLMBatch(init.config, arrays, init.shard.start, init.shard.count, init.settings);
  // read before saying ready: the calling thread hands out its first request only after that
  let seen = Atomics.load(control, CTL.request);
  const spinner = new Spinner(SPIN_MS.worker.min, SPIN_MS.worker.max);
  setState(1);
  for (;;) {
    let request = spinner.spinWhile(control, CTL.request, seen);
    if (request === seen) {
      while (request === seen) {
        Atomics.wait(control, CTL.request, seen);
        request = Atomics.load(control, CTL.request);
      }
      spinner.woke();
    }
    seen = request;
    const op = control[CTL.op]!;
    if (op === OP_CLOSE) break;
    try {
      if (op === OP_STEP) batch.step(control[CTL.arg]!);
      else if (op === OP_RESET) {
        const arg = control[CTL.arg]!;
        batch.reset((arg & 4) !== 0, arg & 3);
      } else throw new Error(`unknown operation ${op}`);
      control[CTL.status] = 0;
    } catch (e) {
      writeError(control, init.errorText, e);
      control[CTL.status] = 1;
    }
    Atomics.store(control, CTL.done, request);
    Atomics.notify(control, CTL.done);
  }
} catch (e) {
  writeError(control, init.errorText, e);
  setState(2);
}
