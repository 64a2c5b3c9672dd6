/**
 * The worker thread of `AsyncVectorEnv`: it owns a slice of the sub-environments (a `SyncVectorEnv`), and
 * answers each request on its port, then raises its flag so that the caller, blocked in `Atomics.wait`,
 * can read the answer synchronously.
 * @module
 */
import { workerData, type MessagePort } from 'node:worker_threads';

interface WorkerInit {
  port: MessagePort;
  flag: Int32Array;
  modules: string[];
  envId: string;
  kwargs: Record<string, unknown>;
  count: number;
  autoresetMode: string;
}

const init = workerData as WorkerInit;

function reply(message: unknown, transfer: ArrayBuffer[] = []): void {
  init.port.postMessage(message, transfer);
  Atomics.store(init.flag, 0, 1);
  Atomics.notify(init.flag, 0);
}

function errorReply(e: unknown): void {
  const err = e as { name?: string; message?: string; code?: string };
  reply({ ok: false, error: { name: err.name ?? 'Error', message: err.message ?? String(e), code: err.code ?? 'internal' } });
}

function buffersOf(x: unknown): ArrayBuffer[] {
  return ArrayBuffer.isView(x) && x.byteOffset === 0 && x.byteLength === x.buffer.byteLength && x.buffer instanceof ArrayBuffer ? [x.buffer] : [];
}

try {
  for (const m of init.modules) await import(m);
  const { make } = await import('../registry/registry.ts');
  const { SyncVectorEnv } = await import('./sync-vector-env.ts');
  const venv = new SyncVectorEnv(
    Array.from({ length: init.count }, () => () => make(init.envId, init.kwargs, { disableEnvChecker: true })),
    { autoresetMode: init.autoresetMode as 'next-step' },
  );
  init.port.on('message', (msg: { op: string; seeds?: (number | undefined)[]; options?: Record<string, unknown>; actions?: unknown; name?: string; args?: unknown[] }) => {
    try {
      switch (msg.op) {
        case 'reset': {
          const [obs, infos] = venv.reset({ seed: msg.seeds, options: msg.options });
          reply({ ok: true, obs, infos }, buffersOf(obs));
          break;
        }
        case 'step': {
          const [obs, rewards, terminations, truncations, infos] = venv.step(msg.actions);
          reply({ ok: true, obs, rewards, terminations, truncations, infos }, [...buffersOf(obs), ...buffersOf(rewards)]);
          break;
        }
        case 'call':
          reply({ ok: true, value: venv.call(msg.name!, ...(msg.args ?? [])) });
          break;
        case 'close':
          venv.close();
          reply({ ok: true });
          init.port.close();
          break;
        default:
          reply({ ok: false, error: { name: 'Error', message: `unknown worker op ${msg.op}`, code: 'internal' } });
      }
    } catch (e) {
      errorReply(e);
    }
  });
  reply({ ok: true, ready: true });
} catch (e) {
  errorReply(e);
}
