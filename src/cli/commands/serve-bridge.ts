/**
 * What the CLI's `serve` command needs: the option table (flags, help, defaults, parsers) and
 * {@link serveCommand}, which parses string options, registers the built-in envs, starts the server,
 * prints where it listens, and runs until SIGINT/SIGTERM.
 * @module
 */
import { InvalidConfig } from '../../core/errors.ts';
import { DEFAULT_SERVER_OPTIONS, type ServerOptions } from '../../../bridge/server/options.ts';
import { type BridgeServer, startServer } from '../../../bridge/server/server.ts';
import { installShutdownHandlers } from '../../../bridge/server/shutdown.ts';

/** One option of the `serve` command. */
export interface ServeOptionSpec {
  /** Key in {@link ServerOptions}. */
  key: keyof ServerOptions;
  /** Commander-style flag, e.g. `--port <n>`. */
  flag: string;
  /** Help text. */
  description: string;
  /** Default shown in help (undefined: none). */
  defaultValue?: string;
}

/** The options of `serve`, in help order. */
export const SERVE_OPTIONS: readonly ServeOptionSpec[] = [
  { key: 'host', flag: '--host <host>', description: 'interface to bind (0.0.0.0 exposes the server to the network: use --token)', defaultValue: DEFAULT_SERVER_OPTIONS.host },
  { key: 'port', flag: '--port <n>', description: 'TCP port (0 picks a free one)', defaultValue: String(DEFAULT_SERVER_OPTIONS.port) },
  { key: 'token', flag: '--token <token>', description: 'require "Authorization: Bearer <token>" at the WebSocket upgrade (and for the status page)' },
  { key: 'maxPayload', flag: '--max-payload <bytes>', description: 'largest frame accepted', defaultValue: String(DEFAULT_SERVER_OPTIONS.maxPayload) },
  { key: 'maxSessions', flag: '--max-sessions <n>', description: 'concurrent sessions', defaultValue: String(DEFAULT_SERVER_OPTIONS.maxSessions) },
  { key: 'maxEnvsPerSession', flag: '--max-envs-per-session <n>', description: 'envs per session (sub-envs counted)', defaultValue: String(DEFAULT_SERVER_OPTIONS.maxEnvsPerSession) },
  { key: 'idleTimeoutMs', flag: '--idle-timeout-ms <ms>', description: 'close sessions idle this long (0 = never)', defaultValue: String(DEFAULT_SERVER_OPTIONS.idleTimeoutMs) },
  { key: 'heartbeatMs', flag: '--heartbeat-ms <ms>', description: 'ping interval; silent sessions are dropped (0 = off)', defaultValue: String(DEFAULT_SERVER_OPTIONS.heartbeatMs) },
  { key: 'resultsDir', flag: '--results-dir <dir>', description: 'directory of leaderboard.json for remote evaluations', defaultValue: DEFAULT_SERVER_OPTIONS.resultsDir },
  { key: 'evalEpisodes', flag: '--eval-episodes <n>', description: 'episodes of a remote leaderboard evaluation', defaultValue: String(DEFAULT_SERVER_OPTIONS.evalEpisodes) },
  { key: 'log', flag: '--log <level>', description: 'log level: debug, info, warn, error, silent (JSON lines on stderr)', defaultValue: DEFAULT_SERVER_OPTIONS.log },
];

const INTEGER_KEYS = new Set<keyof ServerOptions>(['port', 'maxPayload', 'maxSessions', 'maxEnvsPerSession', 'maxTotalEnvs', 'maxHandlesPerSession', 'idleTimeoutMs', 'heartbeatMs', 'maxBufferedBytes', 'evalEpisodes']);

/**
 * Converts CLI strings (as commander gives them, keyed by camelCase option name) into {@link ServerOptions}.
 * @throws {InvalidConfig} naming the option when a number is not an integer.
 */
export function parseServeOptions(raw: Record<string, unknown>): ServerOptions {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (INTEGER_KEYS.has(key as keyof ServerOptions) && typeof value === 'string') {
      if (!/^\d+$/.test(value.trim())) throw new InvalidConfig(`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a non-negative integer; got ${JSON.stringify(value)}.`, [key]);
      out[key] = Number(value);
    } else if (key === 'log' && value === 'false') out[key] = false;
    else out[key] = value;
  }
  return out as ServerOptions;
}

/**
 * Runs the server for the CLI: `npx edgellm-gym serve [--host 127.0.0.1] [--port 8765] [--token T]`.
 * Resolves with the running server; it stops (and the process exits) on SIGINT/SIGTERM.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * const program = new Command();
 * program.command('serve').option('--port <n>').action(async (opts: Record<string, unknown>) => {
 *   await serveCommand(opts);
 * });
 * ```
 */
export async function serveCommand(raw: Record<string, unknown> = {}, io: { print?: (line: string) => void } = {}): Promise<BridgeServer> {
  const options = parseServeOptions(raw);
  await import('../../../envs/index.ts');
  const server = await startServer(options);
  const print = io.print ?? ((line: string) => process.stdout.write(line + '\n'));
  print(`edgellm-gym bridge listening on ${server.url}${options.token ? ' (token required)' : ''}; status page: http://${server.url.slice('ws://'.length)}/`);
  installShutdownHandlers(server);
  return server;
}
