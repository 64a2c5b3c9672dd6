/**
 * The status page: a plain HTTP GET on the server's port returns a small JSON document (or HTML when the
 * `Accept` header prefers it) with the versions, the live counts and the limits.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { packageInfo } from '../../src/utils/run-metadata.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';
import type { ServerContext } from './context.ts';

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
  cost: number;
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
    cost: ctx.stats.cost,
    limits: {
      maxSessions: o.maxSessions,
      maxEnvsPerSession: o.maxEnvsPerSession,
      maxTotalEnvs: o.maxTotalEnvs,
      maxCostPerSession: o.maxCostPerSession,
      maxTotalCost: o.maxTotalCost,
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

/**
 * The status route (`GET /`): JSON, or HTML when the `Accept` header prefers it. Admission (Host, Origin,
 * token) and the method were checked by the router.
 */
export function statusRoute(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): void {
  const doc = statusDocument(ctx);
  const accept = req.headers.accept ?? '';
  res.writeHead(200, { 'content-type': /text\/html/.test(accept) && !/^application\/json/.test(accept) ? 'text/html; charset=utf-8' : 'application/json', 'cache-control': 'no-store' });
  res.end(/text\/html/.test(accept) && !/^application\/json/.test(accept) ? statusHtml(doc) : JSON.stringify(doc) + '\n');
}
