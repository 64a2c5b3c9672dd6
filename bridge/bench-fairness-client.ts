/**
 * The light client of the fairness benchmark, on its own thread (so that the heavy client's decoding does
 * not delay it): one single-env handle stepped lock-step for `seconds`, recording each round trip in ms.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Connection } from './client/connection.ts';

const { url, seconds } = workerData as { url: string; seconds: number };

async function main(): Promise<void> {
  const conn = await Connection.open(url, { clientName: 'bench-fairness-light' });
  const { handle } = await conn.request('make', { env: 'EdgeLLM-v0' });
  await conn.request('reset', { handle, seed: 7 });
  const action = { cache: new Int8Array(20), local: new Float32Array(20).fill(0.5) };
  parentPort!.postMessage({ type: 'started' });
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    const r = await conn.request('step', { handle, action });
    latencies.push(performance.now() - t0);
    if (r.truncated === true || r.terminated === true) await conn.request('reset', { handle });
  }
  await conn.close();
  parentPort!.postMessage({ type: 'done', latencies });
}

main().catch((e: Error) => parentPort!.postMessage({ type: 'failed', error: e.message }));
