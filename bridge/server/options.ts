/**
 * Options of the bridge server, their safe defaults and their validation.
 * @module
 */
import { lazyValidator } from '../../src/config/validator.ts';
import { InvalidConfig } from '../../src/core/errors.ts';
import { LOG_LEVELS, type LogLevel, type Logger, createLogger } from './logger.ts';

/** Options of `startServer` (every field optional; defaults in {@link DEFAULT_SERVER_OPTIONS}). */
export interface ServerOptions {
  /** Interface to bind; loopback unless told otherwise. */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** When set, WebSocket upgrades (and the status page) need `Authorization: Bearer <token>`. */
  token?: string | null;
  /** Largest frame accepted, in bytes; larger frames close the connection with code 1009. */
  maxPayload?: number;
  /** Concurrent sessions (connections); more are refused at the upgrade with HTTP 503. */
  maxSessions?: number;
  /** Environments (counting each sub-env of a vector handle) one session may hold. */
  maxEnvsPerSession?: number;
  /** Environments all sessions together may hold. */
  maxTotalEnvs?: number;
  /** Open handles one session may hold. */
  maxHandlesPerSession?: number;
  /** A session without a valid request for this long is closed and its envs freed (0 = never). */
  idleTimeoutMs?: number;
  /** Interval of WebSocket pings; a session that did not answer the previous ping (with a pong carrying its payload) is dropped (0 = off). */
  heartbeatMs?: number;
  /** Unsent reply bytes a session may accumulate (a client that does not read) before it is dropped. */
  maxBufferedBytes?: number;
  /** Directory of `leaderboard.json`, where `evaluate` records results. */
  resultsDir?: string;
  /** Episodes of a leaderboard evaluation (seeds EVAL_SEED_BASE + k). */
  evalEpisodes?: number;
  /** Browser origins allowed to connect (requests from other origins get HTTP 403; clients without an Origin header are unaffected). */
  allowedOrigins?: string[];
  /**
   * Extra names accepted in the `Host` header of upgrades and HTTP requests (loopback names and the bound
   * address are always accepted). A request naming any other host (a DNS-rebinding page) gets HTTP 403.
   * `*` accepts every host.
   */
  allowHosts?: string[];
  /** A connection that has not completed `hello` within this many ms is closed (code 4011). */
  helloTimeoutMs?: number;
  /** Connections that have not completed `hello` yet; more are refused at the upgrade with HTTP 503. */
  maxPendingHello?: number;
  /** Unsent reply bytes of all sessions together; above it the session holding the most is dropped. */
  maxTotalBufferedBytes?: number;
  /** Cost units (env count × the spec's per-env cost) one session may hold. */
  maxCostPerSession?: number;
  /** Cost units all sessions together may hold. */
  maxTotalCost?: number;
  /**
   * Worker threads that own the sessions' environments and step them, off the thread that accepts
   * connections (0 = step on the server's own event loop, for envs registered only in this thread).
   */
  workers?: number;
  /**
   * With `workers` ≥ 1: a session whose first environment is not a vector handle (one env, a parallel env or
   * an evaluation) is served on the accepting thread, where a lock-step step skips the hop to a session
   * worker and back; such a session may hold at most this many environments. A session whose first `make`
   * asks for a vector handle goes to a session worker. 0 sends every session to a worker.
   */
  inlineMaxEnvs?: number;
  /** Bind a non-loopback address without a token (refused otherwise). */
  insecure?: boolean;
  /** Modules (file URLs or absolute paths) that register environments, imported by every session worker. */
  preload?: string[];
  /** Log level, a logger, or `false` for none. */
  log?: LogLevel | Logger | false;
}

/** Options with every field resolved. */
export interface ResolvedServerOptions extends Required<Omit<ServerOptions, 'log' | 'token'>> {
  token: string | null;
  logger: Logger;
}

/** The defaults. */
export const DEFAULT_SERVER_OPTIONS = {
  host: '127.0.0.1',
  port: 8765,
  token: null,
  maxPayload: 8 * 1024 * 1024,
  maxSessions: 128,
  maxEnvsPerSession: 1024,
  maxTotalEnvs: 16384,
  maxHandlesPerSession: 256,
  idleTimeoutMs: 300_000,
  heartbeatMs: 30_000,
  maxBufferedBytes: 64 * 1024 * 1024,
  resultsDir: 'results',
  evalEpisodes: 20,
  allowedOrigins: [] as string[],
  allowHosts: [] as string[],
  helloTimeoutMs: 10_000,
  maxPendingHello: 64,
  maxTotalBufferedBytes: 512 * 1024 * 1024,
  maxCostPerSession: 1024,
  maxTotalCost: 8192,
  workers: 2,
  inlineMaxEnvs: 64,
  insecure: false,
  preload: [] as string[],
  log: 'info' as LogLevel,
} as const;

/** `true` for names and addresses that only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

const positiveInt = (max: number) => ({ type: 'integer', minimum: 1, maximum: max });

/** JSON Schema of {@link ServerOptions} (the logger object is checked separately). */
export const SERVER_OPTIONS_SCHEMA = {
  type: 'object',
  properties: {
    host: { type: 'string', minLength: 1, maxLength: 255 },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    token: { type: ['string', 'null'], minLength: 1, maxLength: 4096 },
    maxPayload: { type: 'integer', minimum: 1024, maximum: 1024 * 1024 * 1024 },
    maxSessions: positiveInt(1_000_000),
    maxEnvsPerSession: positiveInt(10_000_000),
    maxTotalEnvs: positiveInt(100_000_000),
    maxHandlesPerSession: positiveInt(1_000_000),
    idleTimeoutMs: { type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 },
    heartbeatMs: { type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 },
    maxBufferedBytes: { type: 'integer', minimum: 1024, maximum: Number.MAX_SAFE_INTEGER },
    resultsDir: { type: 'string', minLength: 1 },
    evalEpisodes: positiveInt(100_000),
    allowedOrigins: { type: 'array', items: { type: 'string' } },
    allowHosts: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255 } },
    helloTimeoutMs: { type: 'integer', minimum: 1, maximum: 2 ** 31 - 1 },
    maxPendingHello: positiveInt(1_000_000),
    maxTotalBufferedBytes: { type: 'integer', minimum: 1024, maximum: Number.MAX_SAFE_INTEGER },
    maxCostPerSession: { type: 'number', exclusiveMinimum: 0 },
    maxTotalCost: { type: 'number', exclusiveMinimum: 0 },
    workers: { type: 'integer', minimum: 0, maximum: 64 },
    inlineMaxEnvs: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    insecure: { type: 'boolean' },
    preload: { type: 'array', items: { type: 'string', minLength: 1 } },
    log: {},
  },
  additionalProperties: false,
} as const;

const validateOptions = lazyValidator<ServerOptions>(SERVER_OPTIONS_SCHEMA, 'bridge server options', 'options');

/**
 * Fills in defaults and checks every field.
 * @throws {InvalidConfig} naming each bad option and its accepted range.
 */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined) clean[k] = v;
  validateOptions(clean);
  const o = { ...DEFAULT_SERVER_OPTIONS, ...clean } as typeof DEFAULT_SERVER_OPTIONS & ServerOptions;
  let logger: Logger;
  const log = o.log as unknown;
  if (log === false) logger = createLogger('silent');
  else if (typeof log === 'string') {
    if (!(LOG_LEVELS as readonly string[]).includes(log)) {
      throw new TypeError(`options.log must be one of ${LOG_LEVELS.join(', ')}, false, or a logger; got ${JSON.stringify(log)}.`);
    }
    logger = createLogger(log as LogLevel);
  } else if (log !== null && typeof log === 'object' && typeof (log as Logger).info === 'function') logger = log as Logger;
  else throw new TypeError('options.log must be a level name, false, or an object with debug/info/warn/error methods.');
  if (!isLoopbackHost(o.host) && (o.token ?? null) === null && !o.insecure) {
    throw new InvalidConfig(
      `Refusing to bind ${o.host} without a token: any machine that can reach it could run environments and fill the server's memory. ` +
        'Give a token (--token-file FILE or the EDGELLM_GYM_TOKEN environment variable), bind 127.0.0.1, or pass --insecure to accept the risk.',
      ['host', 'token'],
    );
  }
  return {
    host: o.host,
    port: o.port,
    token: o.token ?? null,
    maxPayload: o.maxPayload,
    maxSessions: o.maxSessions,
    maxEnvsPerSession: o.maxEnvsPerSession,
    maxTotalEnvs: o.maxTotalEnvs,
    maxHandlesPerSession: o.maxHandlesPerSession,
    idleTimeoutMs: o.idleTimeoutMs,
    heartbeatMs: o.heartbeatMs,
    maxBufferedBytes: o.maxBufferedBytes,
    resultsDir: o.resultsDir,
    evalEpisodes: o.evalEpisodes,
    allowedOrigins: [...o.allowedOrigins],
    allowHosts: [...o.allowHosts],
    helloTimeoutMs: o.helloTimeoutMs,
    maxPendingHello: o.maxPendingHello,
    maxTotalBufferedBytes: o.maxTotalBufferedBytes,
    maxCostPerSession: o.maxCostPerSession,
    maxTotalCost: o.maxTotalCost,
    workers: o.workers,
    inlineMaxEnvs: o.inlineMaxEnvs,
    insecure: o.insecure,
    preload: [...o.preload],
    logger,
  };
}
