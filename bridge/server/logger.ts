/**
 * Structured logs of the bridge server: one JSON object per line on stderr (or a given sink), filtered by
 * level. Tests pass `log: 'silent'`.
 * @module
 */

/** Log levels, most verbose first; `silent` turns logging off. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The levels in order. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** Extra fields of a log line. */
export type LogFields = Record<string, unknown>;

/** What the server logs through. */
export interface Logger {
  /** The least severe level written. */
  readonly level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/**
 * A logger writing `{"time": ISO, "level", "msg", ...fields}` lines to `sink` (default stderr).
 *
 * @example
 * ```ts
 * const log = createLogger('info');
 * log.info('listening', { port: 8765 }); // {"time":"…","level":"info","msg":"listening","port":8765}
 * ```
 */
export function createLogger(level: LogLevel = 'info', sink: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const write = (lvl: LogLevel, msg: string, fields?: LogFields): void => {
    if (LOG_LEVELS.indexOf(lvl) < threshold) return;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields });
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, note: 'fields were not serializable' });
    }
    try {
      sink(line + '\n');
    } catch {
      // A broken log sink must never take the server down.
    }
  };
  return {
    level,
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
