/**
 * The bridge server: one HTTP server whose WebSocket upgrades become sessions and whose plain GETs return
 * the status page.
 * @module
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { lazyRequire } from '../../src/utils/lazy-require.ts';
import { ServerContext, type ServerStats } from './context.ts';
import { type ServerOptions, resolveServerOptions } from './options.ts';
import { CLOSE_CODES, Session } from './session.ts';
import { handleHttp } from './status.ts';
import { isAuthorized, isOriginAllowed } from './auth.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';

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

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' };

function refuse(socket: Duplex, status: number, body: Record<string, unknown>, extra: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(json)}`,
    'Connection: close',
    ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
  ];
  try {
    socket.end(`${headers.join('\r\n')}\r\n\r\n${json}`);
  } catch {
    socket.destroy();
  }
}

/** ws, loaded when a server starts (importing the package does not load it). */
const loadWs = lazyRequire<typeof import('ws')>('ws');

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/**
 * Starts a bridge server.
 *
 * @example
 * ```ts
 * import '../../envs/index.ts'; // registers the environments
 * const server = await startServer({ port: 0, log: 'silent' });
 * console.log(server.url);       // ws://127.0.0.1:40123
 * await server.close();
 * ```
 * @throws {InvalidConfig} for bad options; rejects when the port cannot be bound.
 */
export async function startServer(options: ServerOptions = {}): Promise<BridgeServer> {
  const { WebSocketServer, WebSocket } = loadWs();
  const opts = resolveServerOptions(options);
  const ctx = new ServerContext(opts);
  const log = ctx.log;
  const sockets = new Map<WebSocket, Session>();
  let pendingUpgrades = 0;
  let closing = false;

  const http = createServer((req, res) => {
    try {
      handleHttp(req, res, ctx);
    } catch (e) {
      log.error('status page failed', { error: (e as Error).message });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  http.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: opts.maxPayload, clientTracking: false });

  const onConnection = (ws: WebSocket, req: IncomingMessage): void => {
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const session = new Session(ctx, remote);
    sockets.set(ws, session);
    log.info('session opened', { session: session.id, remote });
    ws.on('message', (data, isBinary) => {
      const { reply, close } = session.onFrame(toBytes(data), isBinary);
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(reply, { binary: true, compress: false });
      if (close !== undefined) ws.close(close.code, close.reason);
      else if (ws.bufferedAmount > opts.maxBufferedBytes) {
        log.warn('closing slow consumer', { session: session.id, bufferedBytes: ws.bufferedAmount });
        ws.close(CLOSE_CODES.slowConsumer, 'too many unread replies');
        setTimeout(() => ws.terminate(), 1000).unref();
      }
    });
    ws.on('pong', () => {
      session.alive = true;
    });
    ws.on('error', (e) => {
      log.warn('connection error', { session: session.id, error: e.message });
    });
    ws.on('close', (code, reason) => {
      sockets.delete(ws);
      const envs = session.envCount;
      session.dispose();
      log.info('session closed', { session: session.id, code, reason: reason.toString(), envsFreed: envs });
    });
  };

  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (closing) return refuse(socket, 503, { code: 'limit_exceeded', message: 'The server is shutting down.' });
    if (!isOriginAllowed(req, opts.allowedOrigins)) {
      log.warn('upgrade refused: origin', { origin: req.headers.origin });
      return refuse(socket, 403, { code: 'unauthorized', message: `Origin ${String(req.headers.origin)} is not allowed; start the server with allowedOrigins to admit it.` });
    }
    if (!isAuthorized(req, opts.token)) {
      log.warn('upgrade refused: token', { remote: req.socket.remoteAddress });
      return refuse(
        socket,
        401,
        { code: 'unauthorized', message: 'Missing or wrong token.', hint: 'Send the header "Authorization: Bearer <token>" with the token the server was started with.' },
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    if (ctx.stats.sessions + pendingUpgrades >= opts.maxSessions) {
      log.warn('upgrade refused: sessions', { sessions: ctx.stats.sessions });
      return refuse(socket, 503, {
        code: 'limit_exceeded',
        message: `The server already has ${ctx.stats.sessions} sessions (maxSessions=${opts.maxSessions}).`,
        hint: 'Retry later, close idle clients, or start the server with a larger maxSessions.',
      });
    }
    pendingUpgrades++;
    try {
      wss.handleUpgrade(req, socket, head, (ws) => {
        pendingUpgrades--;
        if (closing) {
          ws.close(1001, 'server shutting down');
          return;
        }
        onConnection(ws, req);
      });
    } catch (e) {
      pendingUpgrades--;
      log.warn('upgrade failed', { error: (e as Error).message });
      socket.destroy();
    }
  });

  const timers: NodeJS.Timeout[] = [];
  if (opts.idleTimeoutMs > 0) {
    const every = Math.max(10, Math.min(1000, Math.floor(opts.idleTimeoutMs / 4)));
    timers.push(
      setInterval(() => {
        const now = Date.now();
        for (const [ws, session] of sockets) {
          if (now - session.lastActivity <= opts.idleTimeoutMs) continue;
          log.info('closing idle session', { session: session.id, idleMs: now - session.lastActivity });
          sockets.delete(ws);
          session.dispose();
          ws.close(CLOSE_CODES.idleTimeout, 'idle timeout');
          setTimeout(() => ws.terminate(), 1000).unref();
        }
      }, every),
    );
  }
  if (opts.heartbeatMs > 0) {
    timers.push(
      setInterval(() => {
        for (const [ws, session] of sockets) {
          if (!session.alive) {
            log.info('dropping unresponsive session', { session: session.id });
            sockets.delete(ws);
            session.dispose();
            ws.terminate();
            continue;
          }
          session.alive = false;
          try {
            ws.ping();
          } catch {
            // A socket that cannot take a ping is closing; its close handler cleans up.
          }
        }
      }, opts.heartbeatMs),
    );
  }
  for (const t of timers) t.unref();

  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    http.once('error', onError);
    http.listen(opts.port, opts.host, () => {
      http.off('error', onError);
      resolve();
    });
  });
  http.on('error', (e) => log.error('http server error', { error: e.message }));
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  log.info('listening', { url: `ws://${hostForUrl}:${port}`, protocol: PROTOCOL_VERSION, auth: opts.token !== null });

  let closed: Promise<void> | null = null;
  return {
    port,
    host: opts.host,
    url: `ws://${hostForUrl}:${port}`,
    stats: () => ({ ...ctx.stats }),
    close: () => {
      closed ??= (async () => {
        closing = true;
        for (const t of timers) clearInterval(t);
        const waits: Promise<void>[] = [];
        for (const [ws, session] of sockets) {
          session.dispose();
          waits.push(
            new Promise<void>((resolve) => {
              if (ws.readyState === WebSocket.CLOSED) return resolve();
              ws.once('close', () => resolve());
              ws.close(1001, 'server shutting down');
              setTimeout(() => {
                ws.terminate();
                resolve();
              }, 2000).unref();
            }),
          );
        }
        await Promise.all(waits);
        sockets.clear();
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
