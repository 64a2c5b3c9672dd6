/**
 * Liveness: the timers that free what silent or absent clients hold. A connection that has not completed
 * `hello` within `helloTimeoutMs` is closed (4011); a session without a well-formed request for
 * `idleTimeoutMs` is closed (4008); at each heartbeat, a connection that did not answer the previous ping
 * with a pong carrying that ping's payload is dropped (unsolicited pongs and junk frames do not count).
 * @module
 */
import type { BridgeConnection } from './connection.ts';
import type { Logger } from './logger.ts';
import type { ResolvedServerOptions } from './options.ts';
import { CLOSE_CODES } from './session.ts';

/** The liveness timers of one server. */
export class Liveness {
  private readonly timers: NodeJS.Timeout[] = [];

  /**
   * Starts the timers over the connections `connections()` lists.
   */
  constructor(opts: ResolvedServerOptions, log: Logger, connections: () => Iterable<BridgeConnection>) {
    const deadlines = [opts.helloTimeoutMs, ...(opts.idleTimeoutMs > 0 ? [opts.idleTimeoutMs] : [])];
    const every = Math.max(10, Math.min(1000, Math.floor(Math.min(...deadlines) / 4)));
    this.timers.push(
      setInterval(() => {
        const now = Date.now();
        for (const c of connections()) {
          if (!c.helloDone && now - c.openedAt > opts.helloTimeoutMs) {
            log.info('closing connection without hello', { remote: c.remote, waitedMs: now - c.openedAt });
            c.end(CLOSE_CODES.helloTimeout, 'no hello in time');
          } else if (opts.idleTimeoutMs > 0 && now - c.lastValidRequest > opts.idleTimeoutMs) {
            log.info('closing idle session', { remote: c.remote, idleMs: now - c.lastValidRequest });
            c.end(CLOSE_CODES.idleTimeout, 'idle timeout');
          }
        }
      }, every),
    );
    if (opts.heartbeatMs > 0) {
      this.timers.push(
        setInterval(() => {
          for (const c of connections()) {
            if (c.pingPayload !== null) {
              log.info('dropping unresponsive connection', { remote: c.remote });
              c.terminate();
              continue;
            }
            c.ping();
          }
        }, opts.heartbeatMs),
      );
    }
    for (const t of this.timers) t.unref();
  }

  /** Stops the timers. */
  stop(): void {
    for (const t of this.timers) clearInterval(t);
  }
}
