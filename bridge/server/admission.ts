/**
 * Admission: what a request must show before the server spends anything on it. Every WebSocket upgrade and
 * every plain HTTP request passes the same checks, in order: the `Host` header names this server (a page
 * on a DNS-rebinding domain does not), the browser `Origin` is allowed, the bearer token matches; upgrades
 * must also fit in the session cap and the cap on connections that have not said `hello`.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isAuthorized, isOriginAllowed } from './auth.ts';
import { isLoopbackHost, type ResolvedServerOptions } from './options.ts';

/** Why a request is refused: the HTTP status and the JSON body (with the protocol's error fields). */
export interface Refusal {
  status: number;
  body: { code: string; message: string; hint?: string };
  headers?: Record<string, string>;
}

/** The host part of a `Host` header (`[::1]:8765` → `::1`, `Example.org:80` → `example.org`). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/**
 * `true` when the `Host` header names this server: a loopback name or address, the bound address, or one
 * of `allowHosts` (`*` admits every host). A missing `Host` header is refused (HTTP/1.1 requires it).
 */
export function isHostAllowed(req: IncomingMessage, boundHost: string, allowHosts: readonly string[]): boolean {
  const header = req.headers.host;
  if (typeof header !== 'string' || header === '') return false;
  if (allowHosts.includes('*')) return true;
  const name = hostName(header);
  if (isLoopbackHost(name)) return true;
  if (name === boundHost.toLowerCase().replace(/^\[|\]$/g, '')) return true;
  return allowHosts.some((h) => h.toLowerCase() === name);
}

/** The checks shared by upgrades and HTTP requests: Host, Origin, token. `null` when admitted. */
export function checkRequest(req: IncomingMessage, opts: ResolvedServerOptions): Refusal | null {
  if (!isHostAllowed(req, opts.host, opts.allowHosts)) {
    return {
      status: 403,
      body: {
        code: 'unauthorized',
        message: `Host ${JSON.stringify(req.headers.host ?? '')} is not a name of this server.`,
        hint: 'Connect with a loopback name or the bound address, or start the server with --allow-host NAME for a name that resolves to it.',
      },
    };
  }
  if (!isOriginAllowed(req, opts.allowedOrigins)) {
    return {
      status: 403,
      body: { code: 'unauthorized', message: `Origin ${String(req.headers.origin)} is not allowed.`, hint: 'Start the server with allowedOrigins naming it to admit a browser page.' },
    };
  }
  if (!isAuthorized(req, opts.token)) {
    return {
      status: 401,
      body: { code: 'unauthorized', message: 'Missing or wrong token.', hint: 'Send the header "Authorization: Bearer <token>" with the token the server was started with.' },
      headers: { 'WWW-Authenticate': 'Bearer' },
    };
  }
  return null;
}

/** Counts the upgrade checks need. */
export interface AdmissionCounts {
  /** Sessions open (with or without hello). */
  sessions: number;
  /** Connections (and upgrades in progress) that have not completed hello. */
  pendingHello: number;
  /** `true` while the server shuts down. */
  closing: boolean;
}

/** The checks of a WebSocket upgrade: those of {@link checkRequest}, then the caps. `null` when admitted. */
export function checkUpgrade(req: IncomingMessage, opts: ResolvedServerOptions, counts: AdmissionCounts): Refusal | null {
  if (counts.closing) return { status: 503, body: { code: 'limit_exceeded', message: 'The server is shutting down.' } };
  const refused = checkRequest(req, opts);
  if (refused !== null) return refused;
  if (counts.sessions >= opts.maxSessions) {
    return {
      status: 503,
      body: {
        code: 'limit_exceeded',
        message: `The server already has ${counts.sessions} sessions (maxSessions=${opts.maxSessions}).`,
        hint: 'Retry later, close idle clients, or start the server with a larger maxSessions.',
      },
    };
  }
  if (counts.pendingHello >= opts.maxPendingHello) {
    return {
      status: 503,
      body: {
        code: 'limit_exceeded',
        message: `${counts.pendingHello} connections have not said hello yet (maxPendingHello=${opts.maxPendingHello}).`,
        hint: `Retry in a few seconds: connections that do not say hello within ${opts.helloTimeoutMs} ms are closed.`,
      },
    };
  }
  return null;
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' };

/** Answers a refused upgrade on the raw socket and closes it. */
export function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  const json = JSON.stringify(refusal.body);
  const headers = [
    `HTTP/1.1 ${refusal.status} ${STATUS_TEXT[refusal.status] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(json)}`,
    'Connection: close',
    ...Object.entries(refusal.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  try {
    socket.end(`${headers.join('\r\n')}\r\n\r\n${json}`);
  } catch {
    socket.destroy();
  }
}
