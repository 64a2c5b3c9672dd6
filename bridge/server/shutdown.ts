/**
 * Graceful shutdown: on SIGINT or SIGTERM, close the server (every session gets close code 1001 and its
 * envs are freed) and then exit. A second signal exits at once.
 * @module
 */
import type { BridgeServer } from './server.ts';
import type { Logger } from './logger.ts';

/**
 * Installs the signal handlers; returns a function that removes them.
 *
 * @example
 * ```ts
 * // not run: installs process-wide signal handlers
 * const server = await startServer({ port: 0 });
 * installShutdownHandlers(server, { exit: true });
 * ```
 */
export function installShutdownHandlers(
  server: Pick<BridgeServer, 'close'>,
  options: { signals?: NodeJS.Signals[]; exit?: boolean; log?: Logger; onClosed?: () => void } = {},
): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      options.log?.warn('second signal: exiting now', { signal });
      process.exit(130);
    }
    stopping = true;
    options.log?.info('shutting down', { signal });
    server.close().then(
      () => {
        options.onClosed?.();
        if (options.exit !== false) process.exit(0);
      },
      (e: Error) => {
        options.log?.error('shutdown failed', { error: e.message });
        if (options.exit !== false) process.exit(1);
      },
    );
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
