/**
 * Entry point of the thread started by `startServerThread`: imports the preload modules and the built-in
 * envs, starts the server, and answers the parent's `stats` and `close` messages.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pathToFileURL } from 'node:url';
import { startServer, type BridgeServer } from './server.ts';
import type { ServerThreadOptions } from './server-thread.ts';

const { options } = workerData as { options: ServerThreadOptions };
const port = parentPort!;

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

async function main(): Promise<void> {
  let server: BridgeServer;
  try {
    await import('../../envs/index.ts');
    for (const p of options.preload ?? []) await import(p.startsWith('file:') ? p : pathToFileURL(p).href);
    server = await startServer(options);
  } catch (e) {
    port.postMessage({ type: 'failed', error: (e as Error).message });
    return;
  }
  port.on('message', (m: { type: string; id: number; gc?: boolean }) => {
    if (m.type === 'stats') {
      if (m.gc) collectGarbage();
      port.postMessage({ type: 'reply', id: m.id, value: { ...server.stats(), heapUsed: getHeapStatistics().used_heap_size } });
    } else if (m.type === 'close') {
      server.close().then(
        () => {
          port.postMessage({ type: 'reply', id: m.id, value: null });
          port.close();
        },
        (e: Error) => port.postMessage({ type: 'reply', id: m.id, error: e.message }),
      );
    }
  });
  port.postMessage({ type: 'ready', url: server.url, port: server.port });
}

void main();
