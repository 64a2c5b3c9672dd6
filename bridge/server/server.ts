/**
 * The bridge server: one HTTP server whose admitted WebSocket upgrades become sessions and whose plain GETs
 * go to the HTTP routes. It composes the parts: admission (`admission.ts`), connections (`connection.ts`),
 * liveness timers (`liveness.ts`), HTTP routes (`http-routes.ts`), and the session host that owns the
 * sessions' environments — worker threads by default (`worker-session-host.ts`), this thread with
 * `workers: 0` (`session-host.ts`).
 * @module
 */
import { createServer } from 'node:http';
import { lazyRequire } from '../../src/utils/lazy-require.ts';
import { ServerContext, type ServerStats } from './context.ts';
import { type ServerOptions, resolveServerOptions } from './options.ts';
import { checkUpgrade, refuseUpgrade } from './admission.ts';
import { BridgeConnection, type ConnectionOwner } from './connection.ts';
import { Liveness } from './liveness.ts';
import { handleHttp } from './http-routes.ts';
import { LocalSessionHost, type SessionHost } from './session-host.ts';
import { WorkerSessionHost } from './worker-session-host.ts';
import { HybridSessionHost } from './hybrid-session-host.ts';
import { CLOSE_CODES } from './session.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';

/** ws, loaded when a server starts (importing the package does not load it). */
const loadWs = lazyRequire<typeof import('ws')>('ws');

/** A running server. */
export interface BridgeServer {
  /** The bound port (useful with `port: 0`). */
  readonly port: number;
  /** The bound host. */
  readonly host: string;
  /** `ws://host:port`, for clients. */
  readonly url: string;
  /** Live counters. */
  stats(): ServerStats;
  /** Stops accepting, closes every session (code 1001) and its envs, and resolves when the port is free. */
  close(): Promise<void>;
}

/**
 * The session host the options ask for: the accepting thread alone (`workers: 0`), session workers alone
 * (`inlineMaxEnvs: 0`), or both, sessions placed by their first environment (`hybrid-session-host.ts`).
 */
async function startHost(ctx: ServerContext): Promise<SessionHost> {
  const o = ctx.options;
  if (o.workers === 0) return new LocalSessionHost(ctx);
  const workers = await WorkerSessionHost.start(ctx, o.workers, o.preload);
  if (o.inlineMaxEnvs === 0) return workers;
  return new HybridSessionHost(new LocalSessionHost(ctx, { inlineMaxEnvs: o.inlineMaxEnvs }), workers, ctx.log);
}

/**
 * Starts a bridge server.
 *
 * @example
 * ```ts
 * const server = await startServer({ port: 0, log: 'silent' });
 * console.log(server.url);       // ws://127.0.0.1:40123
 * await server.close();
 * ```
 * @throws {InvalidConfig} for bad options (and a non-loopback host without a token unless `insecure`);
 *   rejects when the port cannot be bound or a session worker cannot start.
 */
export async function startServer(options: ServerOptions = {}): Promise<BridgeServer> {
  const { WebSocketServer } = loadWs();
  const opts = resolveServerOptions(options);
  const ctx = new ServerContext(opts);
  const log = ctx.log;
  const host = await startHost(ctx);
  const connections = new Set<BridgeConnection>();
  let nextSid = 1;
  let pendingUpgrades = 0;
  let closing = false;

  const owner: ConnectionOwner = {
    options: opts,
    log,
    host,
    afterSend: () => {
      let total = 0;
      let largest: BridgeConnection | null = null;
      for (const c of connections) {
        total += c.bufferedBytes;
        if (largest === null || c.bufferedBytes > largest.bufferedBytes) largest = c;
      }
      if (total > opts.maxTotalBufferedBytes && largest !== null) {
        log.warn('unsent replies over the server cap; closing the largest consumer', { remote: largest.remote, totalBytes: total });
        largest.end(CLOSE_CODES.memory, 'server reply memory full');
      }
    },
    onClosed: (c) => {
      connections.delete(c);
      void host.closeSession(c.sid);
    },
  };

  const http = createServer((req, res) => {
    try {
      handleHttp(req, res, ctx);
    } catch (e) {
      log.error('http route failed', { error: (e as Error).message });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  http.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: opts.maxPayload, clientTracking: false });

  const pendingHello = (): number => {
    let n = pendingUpgrades;
    for (const c of connections) if (!c.helloDone) n++;
    return n;
  };

  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const refused = checkUpgrade(req, opts, { sessions: connections.size + pendingUpgrades, pendingHello: pendingHello(), closing });
    if (refused !== null) {
      log.warn('upgrade refused', { code: refused.body.code, status: refused.status, remote: req.socket.remoteAddress, host: req.headers.host });
      return refuseUpgrade(socket, refused);
    }
    pendingUpgrades++;
    try {
      wss.handleUpgrade(req, socket, head, (ws) => {
        pendingUpgrades--;
        if (closing) {
          ws.close(1001, 'server shutting down');
          return;
        }
        connections.add(new BridgeConnection(nextSid++, ws, req, owner));
      });
    } catch (e) {
      pendingUpgrades--;
      log.warn('upgrade failed', { error: (e as Error).message });
      socket.destroy();
    }
  });

  const liveness = new Liveness(opts, log, () => connections);

  try {
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      http.once('error', onError);
      http.listen(opts.port, opts.host, () => {
        http.off('error', onError);
        resolve();
      });
    });
  } catch (e) {
    liveness.stop();
    await host.close();
    throw e;
  }
  http.on('error', (e) => log.error('http server error', { error: e.message }));
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  log.info('listening', { url: `ws://${hostForUrl}:${port}`, protocol: PROTOCOL_VERSION, auth: opts.token !== null, workers: opts.workers });

  let closed: Promise<void> | null = null;
  return {
    port,
    host: opts.host,
    url: `ws://${hostForUrl}:${port}`,
    stats: () => ctx.stats,
    close: () => {
      closed ??= (async () => {
        closing = true;
        liveness.stop();
        const waits: Promise<void>[] = [];
        for (const c of connections) {
          waits.push(
            new Promise<void>((resolve) => {
              c.ws.once('close', () => resolve());
              c.end(1001, 'server shutting down');
              setTimeout(resolve, 2000).unref();
            }),
          );
        }
        await Promise.all(waits);
        await host.close();
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
        log.info('stopped', {});
      })();
      return closed;
    },
  };
}
