/**
 * What the CLI's `serve` command needs: the option table (flags, help, defaults, parsers) and
 * {@link serveCommand}, which parses string options, registers the built-in envs, starts the server,
 * prints where it listens, and runs until SIGINT/SIGTERM.
 * @module
 */
import { readFileSync } from 'node:fs';
import { InvalidConfig } from '../../core/errors.ts';
import { DEFAULT_SERVER_OPTIONS, type ServerOptions } from '../../../bridge/server/options.ts';
import { type BridgeServer, startServer } from '../../../bridge/server/server.ts';
import { installShutdownHandlers } from '../../../bridge/server/shutdown.ts';

/** One option of the `serve` command. */
export interface ServeOptionSpec {
  /** Key in {@link ServerOptions} (or `tokenFile`, read into `token`). */
  key: keyof ServerOptions | 'tokenFile';
  /** Commander-style flag, e.g. `--port <n>`. */
  flag: string;
  /** Help text. */
  description: string;
  /** Default shown in help (undefined: none). */
  defaultValue?: string;
  /** `true` when the flag may be given several times (values collected in a list). */
  repeatable?: boolean;
}

/** The environment variable holding the token when neither --token nor --token-file is given. */
export const TOKEN_ENV_VAR = 'EDGELLM_GYM_TOKEN';

/** The options of `serve`, in help order. */
export const SERVE_OPTIONS: readonly ServeOptionSpec[] = [
  { key: 'host', flag: '--host <host>', description: 'interface to bind (0.0.0.0 exposes the server to the network: use --token)', defaultValue: DEFAULT_SERVER_OPTIONS.host },
  { key: 'port', flag: '--port <n>', description: 'TCP port (0 picks a free one)', defaultValue: String(DEFAULT_SERVER_OPTIONS.port) },
  { key: 'token', flag: '--token <token>', description: `require "Authorization: Bearer <token>" at the WebSocket upgrade and on HTTP pages (visible in the process list: prefer --token-file or ${'$'}{TOKEN_ENV_VAR})` },
  { key: 'tokenFile', flag: '--token-file <file>', description: 'read the token from the first line of a file' },
  { key: 'allowHosts', flag: '--allow-host <name>', description: 'also accept this name in the Host header (loopback names and the bound address always are); repeatable', repeatable: true },
  { key: 'insecure', flag: '--insecure', description: 'allow a non-loopback --host without a token (anyone who can reach the port can run envs)' },
  { key: 'maxPayload', flag: '--max-payload <bytes>', description: 'largest frame accepted', defaultValue: String(DEFAULT_SERVER_OPTIONS.maxPayload) },
  { key: 'maxSessions', flag: '--max-sessions <n>', description: 'concurrent sessions', defaultValue: String(DEFAULT_SERVER_OPTIONS.maxSessions) },
  { key: 'maxEnvsPerSession', flag: '--max-envs-per-session <n>', description: 'envs per session (sub-envs counted)', defaultValue: String(DEFAULT_SERVER_OPTIONS.maxEnvsPerSession) },
  { key: 'maxCostPerSession', flag: '--max-cost-per-session <n>', description: 'cost units per session (an env of the default config costs 1)', defaultValue: String(DEFAULT_SERVER_OPTIONS.maxCostPerSession) },
  { key: 'maxTotalCost', flag: '--max-total-cost <n>', description: 'cost units of all sessions together', defaultValue: String(DEFAULT_SERVER_OPTIONS.maxTotalCost) },
  { key: 'workers', flag: '--workers <n>', description: 'threads that make and step the envs (0 = the accepting thread)', defaultValue: String(DEFAULT_SERVER_OPTIONS.workers) },
  { key: 'inlineMaxEnvs', flag: '--inline-max-envs <n>', description: 'with --workers ≥ 1: a session whose first env is not a vector handle stays on the accepting thread (lock-step steps skip the hop to a worker) and holds at most this many envs (0 = every session on a worker)', defaultValue: String(DEFAULT_SERVER_OPTIONS.inlineMaxEnvs) },
  { key: 'idleTimeoutMs', flag: '--idle-timeout-ms <ms>', description: 'close sessions idle this long (0 = never)', defaultValue: String(DEFAULT_SERVER_OPTIONS.idleTimeoutMs) },
  { key: 'heartbeatMs', flag: '--heartbeat-ms <ms>', description: 'ping interval; silent sessions are dropped (0 = off)', defaultValue: String(DEFAULT_SERVER_OPTIONS.heartbeatMs) },
  { key: 'resultsDir', flag: '--results-dir <dir>', description: 'directory of leaderboard.json for remote evaluations', defaultValue: DEFAULT_SERVER_OPTIONS.resultsDir },
  { key: 'evalEpisodes', flag: '--eval-episodes <n>', description: 'episodes of a remote leaderboard evaluation', defaultValue: String(DEFAULT_SERVER_OPTIONS.evalEpisodes) },
  { key: 'log', flag: '--log <level>', description: 'log level: debug, info, warn, error, silent (JSON lines on stderr)', defaultValue: DEFAULT_SERVER_OPTIONS.log },
];

const INTEGER_KEYS = new Set<string>([
  'port', 'maxPayload', 'maxSessions', 'maxEnvsPerSession', 'maxTotalEnvs', 'maxHandlesPerSession', 'idleTimeoutMs', 'heartbeatMs',
  'maxBufferedBytes', 'evalEpisodes', 'maxCostPerSession', 'maxTotalCost', 'workers', 'inlineMaxEnvs', 'helloTimeoutMs', 'maxPendingHello', 'maxTotalBufferedBytes',
]);

/**
 * The token: `--token`, else the first line of `--token-file`, else the {@link TOKEN_ENV_VAR} environment
 * variable; `undefined` when none is given.
 * @throws {InvalidConfig} when the file cannot be read or holds no token, or when both flags are given.
 */
export function resolveToken(raw: Record<string, unknown>, env: Record<string, string | undefined> = process.env): string | undefined {
  const flag = typeof raw.token === 'string' ? raw.token : undefined;
  const file = typeof raw.tokenFile === 'string' ? raw.tokenFile : undefined;
  if (flag !== undefined && file !== undefined) throw new InvalidConfig('Give the token once: --token or --token-file, not both.', ['token', 'tokenFile']);
  if (flag !== undefined) return flag;
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InvalidConfig(`--token-file ${file} could not be read: ${(e as Error).message}.`, ['tokenFile']);
    }
    const token = (text.split(/\r?\n/)[0] ?? '').trim();
    if (token === '') throw new InvalidConfig(`--token-file ${file} is empty; write the token on its first line.`, ['tokenFile']);
    return token;
  }
  const fromEnv = env[TOKEN_ENV_VAR];
  return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv.trim() : undefined;
}

/**
 * Converts CLI strings (as commander gives them, keyed by camelCase option name) into {@link ServerOptions},
 * with the token from {@link resolveToken}.
 * @throws {InvalidConfig} naming the option when a number is not an integer.
 */
export function parseServeOptions(raw: Record<string, unknown>, env: Record<string, string | undefined> = process.env): ServerOptions {
  const out: Record<string, unknown> = {};
  const token = resolveToken(raw, env);
  if (token !== undefined) out.token = token;
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || key === 'token' || key === 'tokenFile') continue;
    if (key === 'allowHosts' && typeof value === 'string') out[key] = [value];
    else if (INTEGER_KEYS.has(key) && typeof value === 'string') {
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
  if (options.insecure && !options.token) print('warning: --insecure: no token, so anyone who can reach this address can run environments here.');
  installShutdownHandlers(server);
  return server;
}
