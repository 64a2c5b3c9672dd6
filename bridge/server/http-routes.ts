/**
 * The server's plain HTTP requests (anything that is not a WebSocket upgrade): admission first (the same
 * Host, Origin and token checks as upgrades), then GET/HEAD only, then the route table. A page is added
 * by adding a route to {@link ROUTES}.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkRequest } from './admission.ts';
import type { ServerContext } from './context.ts';
import { statusRoute } from './status.ts';
import { LEADERBOARD_PATH, serveLeaderboard } from './leaderboard-route.ts';

/** Serves one admitted GET/HEAD request. */
export type Route = (req: IncomingMessage, res: ServerResponse, ctx: ServerContext) => void;

const leaderboardRoute: Route = (req, res, ctx) => {
  serveLeaderboard(req, res, ctx, ctx.options.resultsDir);
};

/** Path → route. */
export const ROUTES: Readonly<Record<string, Route>> = {
  '/': statusRoute,
  [LEADERBOARD_PATH]: leaderboardRoute,
  [`${LEADERBOARD_PATH}/`]: leaderboardRoute,
  [`${LEADERBOARD_PATH}/index.html`]: leaderboardRoute,
};

function sendJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body) + '\n');
}

/** Answers a plain HTTP request. */
export function handleHttp(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): void {
  const refused = checkRequest(req, ctx.options);
  if (refused !== null) return sendJson(res, refused.status, refused.body, refused.headers);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendJson(res, 405, { code: 'bad_request', message: 'Only GET is served over HTTP; connect with a WebSocket client for the protocol.' }, { allow: 'GET, HEAD' });
  }
  const path = (req.url ?? '/').split('?')[0]!;
  const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  if (route === undefined) return sendJson(res, 404, { code: 'bad_request', message: `No page at ${path}; pages: ${Object.keys(ROUTES).join(', ')}.` });
  route(req, res, ctx);
}
