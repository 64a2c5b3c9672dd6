/**
 * Running a bridge server in a worker thread of this process. A synchronous `RemoteEnv` blocks its thread
 * while it waits for a reply, so a server it talks to must not run on that same thread; this helper puts
 * the server on its own thread (and core) for tests, benchmarks and single-process setups.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { moduleUrl, packageFile } from '../../src/package-files.ts';
import type { ServerStats } from './context.ts';
import type { ServerOptions } from './options.ts';

/** A server running in a worker thread. */
export interface ServerThread {
  readonly url: string;
  readonly port: number;
  /** The server's counters, plus the worker heap in bytes (after a GC when `gc` is true). */
  stats(gc?: boolean): Promise<ServerStats & { heapUsed: number }>;
  /** Closes the server and ends the thread. */
  close(): Promise<void>;
}

/** Options of {@link startServerThread}: the server's options (without a logger object) and modules to import first. */
export interface ServerThreadOptions extends Omit<ServerOptions, 'log'> {
  /** Log level (`silent` by default here). */
  log?: 'debug' | 'info' | 'warn' | 'error' | 'silent' | false;
}

/** The bootstrap that loads a TypeScript entry point in a worker thread. */
export const THREAD_BOOT_URL = packageFile('bridge/server/server-thread-boot.mjs');
const ENTRY_URL = moduleUrl('bridge/server/server-thread-worker.ts');

/**
 * Starts a server in a new worker thread. The built-in envs are registered there; pass `preload` for
 * others.
 *
 * @example
 * ```ts
 * const server = await startServerThread({ port: 0 });
 * const env = RemoteEnv.open(server.url, 'EdgeLLM-v0'); // blocking client on this thread
 * env.reset({ seed: 0 });
 * env.close();
 * await server.close();
 * ```
 */
export async function startServerThread(options: ServerThreadOptions = {}): Promise<ServerThread> {
  const worker = new Worker(THREAD_BOOT_URL, { workerData: { entry: ENTRY_URL.href, options: { log: 'silent', ...options } }, execArgv: [] });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited = false;
  const ready = new Promise<{ url: string; port: number }>((resolve, reject) => {
    worker.on('message', (m: { type: string; id?: number; url?: string; port?: number; value?: unknown; error?: string }) => {
      if (m.type === 'ready') resolve({ url: m.url!, port: m.port! });
      else if (m.type === 'failed') reject(new Error(m.error));
      else if (m.type === 'reply') {
        const w = waiting.get(m.id!);
        waiting.delete(m.id!);
        if (m.error !== undefined) w?.reject(new Error(m.error));
        else w?.resolve(m.value);
      }
    });
    worker.on('error', (e) => reject(e));
    worker.on('exit', (code) => {
      exited = true;
      reject(new Error(`The server thread exited with code ${code} before it was ready.`));
      for (const w of waiting.values()) w.reject(new Error('The server thread exited.'));
      waiting.clear();
    });
  });
  const { url, port } = await ready;
  const ask = (type: string, extra: Record<string, unknown> = {}): Promise<unknown> => {
    if (exited) return Promise.reject(new Error('The server thread has exited.'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ type, id, ...extra });
    });
  };
  return {
    url,
    port,
    stats: (gc = false) => ask('stats', { gc }) as Promise<ServerStats & { heapUsed: number }>,
    close: async () => {
      if (exited) return;
      await ask('close');
      await worker.terminate();
    },
  };
}
