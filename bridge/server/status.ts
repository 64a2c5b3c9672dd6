/**
 * The status page: a plain HTTP GET on the server's port returns a small JSON document (or HTML when the
 * `Accept` header prefers it) with the versions, the live counts and the limits.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { packageInfo } from '../../src/utils/run-metadata.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';
import type { ServerContext } from './context.ts';
import { isAuthorized } from './auth.ts';
import { serveLeaderboard } from './leaderboard-route.ts';

/** The status document. */
export interface StatusDocument {
  server: string;
  protocol: string;
  uptimeSeconds: number;
  sessions: number;
  envs: number;
  handles: number;
  requests: number;
  errors: number;
  evaluations: number;
  limits: Record<string, number>;
  authRequired: boolean;
}

/** Builds the status document. */
export function statusDocument(ctx: ServerContext): StatusDocument {
  const pkg = packageInfo();
  const o = ctx.options;
  return {
    server: `${pkg.name}/${pkg.version}`,
    protocol: PROTOCOL_VERSION,
    uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
    sessions: ctx.stats.sessions,
    envs: ctx.stats.envs,
    handles: ctx.stats.handles,
    requests: ctx.stats.requests,
    errors: ctx.stats.errors,
    evaluations: ctx.stats.evaluations,
    limits: {
      maxSessions: o.maxSessions,
      maxEnvsPerSession: o.maxEnvsPerSession,
      maxTotalEnvs: o.maxTotalEnvs,
      maxPayload: o.maxPayload,
      idleTimeoutMs: o.idleTimeoutMs,
    },
    authRequired: o.token !== null,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Renders the status document as a small HTML page. */
export function statusHtml(doc: StatusDocument): string {
  const rows = Object.entries(doc)
    .flatMap(([k, v]) => (typeof v === 'object' && v !== null ? Object.entries(v).map(([k2, v2]) => [`${k}.${k2}`, v2] as const) : [[k, v] as const]))
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v))}</td></tr>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>edgellm-gym bridge</title>
<style>body{font-family:sans-serif;margin:2em}th{text-align:left;padding-right:1em}</style></head>
<body><h1>edgellm-gym bridge</h1><table>${rows}</table></body></html>\n`;
}

/** Answers a plain HTTP request (anything that is not a WebSocket upgrade). */
export function handleHttp(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): void {
  const send = (status: number, type: string, body: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
    res.end(body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(405, 'application/json', JSON.stringify({ code: 'bad_request', message: 'Only GET is served over HTTP; connect with a WebSocket client for the protocol.' }) + '\n', { allow: 'GET, HEAD' });
    return;
  }
  if (!isAuthorized(req, ctx.options.token)) {
    send(401, 'application/json', JSON.stringify({ code: 'unauthorized', message: 'This server requires "Authorization: Bearer <token>".' }) + '\n', { 'www-authenticate': 'Bearer' });
    return;
  }
  if (serveLeaderboard(req, res, ctx, ctx.options.resultsDir)) return;
  const doc = statusDocument(ctx);
  const accept = req.headers.accept ?? '';
  if (/text\/html/.test(accept) && !/^application\/json/.test(accept)) send(200, 'text/html; charset=utf-8', statusHtml(doc));
  else send(200, 'application/json', JSON.stringify(doc) + '\n');
}
