/**
 * `GET /leaderboard`: the leaderboard page (see `agents/evaluation/leaderboard-page.ts`) built from the
 * server's `leaderboard.json` (option `resultsDir`), so it includes the results that remote agents
 * submitted through `evaluate` (marked "remote"). Read-only; the request has already passed the same
 * checks as the status page (token, and whatever else the HTTP handler applies before it). The page is
 * rebuilt only when the file changes (size or modification time).
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LeaderboardFile } from '../../agents/evaluation/leaderboard-file.ts';
import { leaderboardPage } from '../../agents/evaluation/leaderboard-page.ts';

/** The path the page is served at (a trailing `/` or `/index.html` is accepted too). */
export const LEADERBOARD_PATH = '/leaderboard';

/** The same policy as the page's own `<meta>`: nothing is loaded from anywhere. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** `true` when `url` (a request target) asks for the leaderboard page. */
export function isLeaderboardPath(url: string | undefined): boolean {
  const path = (url ?? '').split(/[?#]/, 1)[0]!;
  return path === LEADERBOARD_PATH || path === `${LEADERBOARD_PATH}/` || path === `${LEADERBOARD_PATH}/index.html`;
}

interface Built {
  key: string;
  html: string;
}

/** The page of one results directory, rebuilt when `leaderboard.json` changes. */
export class LeaderboardPageSource {
  private readonly file: string;
  private built: Built | null = null;
  private pending: Promise<Built | null> | null = null;

  constructor(resultsDir: string) {
    this.file = join(resultsDir, 'leaderboard.json');
  }

  /**
   * The current page, or `null` when there is no `leaderboard.json` yet.
   * @throws {Error} when the file cannot be read or is not a leaderboard (the message says which).
   */
  async page(): Promise<string | null> {
    this.pending ??= this.refresh().finally(() => {
      this.pending = null;
    });
    return (await this.pending)?.html ?? null;
  }

  private async refresh(): Promise<Built | null> {
    let key: string;
    try {
      const s = await stat(this.file);
      key = `${s.size}:${s.mtimeMs}`;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return (this.built = null);
      throw e;
    }
    if (this.built?.key === key) return this.built;
    const board = JSON.parse(await readFile(this.file, 'utf8')) as LeaderboardFile;
    if (board === null || typeof board !== 'object' || !Array.isArray(board.results) || board.meta === undefined) {
      throw new Error('leaderboard.json has no "meta" and "results"; it was not written by this package');
    }
    const html = leaderboardPage(board, { subtitle: 'served by the bridge; reload for new results' });
    this.built = { key, html };
    return this.built;
  }
}

const sources = new WeakMap<object, LeaderboardPageSource>();

/**
 * Answers `GET`/`HEAD` `/leaderboard` and returns `true`; returns `false` (and does nothing) for any
 * other path. Call it after the request's admission checks.
 */
export function serveLeaderboard(req: IncomingMessage, res: ServerResponse, owner: object, resultsDir: string): boolean {
  if (!isLeaderboardPath(req.url)) return false;
  let source = sources.get(owner);
  if (source === undefined) {
    source = new LeaderboardPageSource(resultsDir);
    sources.set(owner, source);
  }
  const send = (status: number, type: string, body: string): void => {
    if (res.headersSent) return;
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'content-length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  source.page().then(
    (html) => {
      if (html !== null) send(200, 'text/html; charset=utf-8', html);
      else send(404, 'text/plain; charset=utf-8', 'No results yet: this server has no leaderboard.json. Run `npm start` into its results directory (--results-dir), or evaluate an agent through the bridge.\n');
    },
    (e: unknown) => {
      // file-system errors carry the server's path; say only what went wrong
      const code = (e as NodeJS.ErrnoException).code;
      const why = code !== undefined ? `leaderboard.json cannot be read (${code})` : (e as Error).message;
      send(500, 'text/plain; charset=utf-8', `The leaderboard cannot be shown: ${why}. Rewrite it with \`npm start\` or restore the file.\n`);
    },
  );
  return true;
}
