/**
 * Request traces: reading and checking a CSV (`TIMESTAMP,ContextTokens,GeneratedTokens`, the columns of the
 * Azure LLM inference trace) or its JSON form, into arrival times and token counts (docs/model.md §5).
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { InvalidConfig } from '../../src/core/errors.ts';

/** One request of a trace in the JSON form. */
export interface TraceRequest {
  /** Arrival time: seconds (a number) or a date-time string `YYYY-MM-DD hh:mm:ss[.fraction]` (UTC). */
  timestamp: number | string;
  /** Prompt / context length in tokens (a non-negative integer). */
  contextTokens: number;
  /** Output length in tokens (a non-negative integer). */
  generatedTokens: number;
}

/** A checked trace: arrivals in seconds from the first request, in non-decreasing order. */
export interface Trace {
  /** Where it came from (file path or `inline`), for messages. */
  source: string;
  /** Arrival time of each request, seconds after the first one. */
  time: Float64Array;
  /** Context tokens per request. */
  contextTokens: Float64Array;
  /** Generated tokens per request. */
  generatedTokens: Float64Array;
  /** Seconds from the first to the last arrival. */
  span: number;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?Z?$/;

function fail(where: string, text: string): never {
  throw new InvalidConfig(`Invalid trace: ${where}: ${text}.`, ['config.workload']);
}

/** Parses a timestamp: seconds as a number, or a UTC date-time string; `NaN` when unparsable. */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const s = value.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  const m = DATE_TIME.exec(s);
  if (m === null) return Number.NaN;
  const [, y, mo, d, h, mi, se, frac] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) {
    return Number.NaN;
  }
  return ms / 1000 + (frac !== undefined ? Number(`0${frac}`) : 0);
}

function tokens(value: unknown, where: string, field: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : typeof value === 'number' ? value : Number.NaN;
  if (!Number.isInteger(n) || n < 0) {
    fail(where, `${field} must be a non-negative integer number of tokens; got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * Checks rows `{where, timestamp, context, generated}` and builds a {@link Trace}.
 * @throws {InvalidConfig} naming the source, the line or entry and the field: unparsable timestamp, negative
 *   or non-integer tokens, times out of order, or no requests at all.
 */
function buildTrace(source: string, rows: { where: string; timestamp: unknown; context: unknown; generated: unknown }[]): Trace {
  if (rows.length === 0) fail(source, 'the trace has no requests; give at least one row after the header');
  const n = rows.length;
  const time = new Float64Array(n);
  const contextTokens = new Float64Array(n);
  const generatedTokens = new Float64Array(n);
  let first = 0;
  let prev = -Infinity;
  rows.forEach((r, k) => {
    const t = parseTimestamp(r.timestamp);
    if (Number.isNaN(t)) {
      fail(r.where, `TIMESTAMP ${JSON.stringify(r.timestamp)} is not a time; use seconds or 'YYYY-MM-DD hh:mm:ss[.fraction]' (UTC)`);
    }
    if (t < prev) fail(r.where, `TIMESTAMP ${JSON.stringify(r.timestamp)} is earlier than the previous request's; sort the trace by time`);
    prev = t;
    if (k === 0) first = t;
    time[k] = t - first;
    contextTokens[k] = tokens(r.context, r.where, 'ContextTokens');
    generatedTokens[k] = tokens(r.generated, r.where, 'GeneratedTokens');
  });
  return { source, time, contextTokens, generatedTokens, span: time[n - 1]! };
}

/**
 * Reads a trace from CSV text with a header naming the columns `TIMESTAMP`, `ContextTokens` and
 * `GeneratedTokens` (any order; other columns are ignored).
 * @throws {InvalidConfig} naming the source, line and field of the first problem.
 */
export function parseTraceCsv(text: string, source: string): Trace {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    // csv-parse loads on the first trace read, not when the package is imported
    const { parse } = createRequire(import.meta.url)('csv-parse/sync') as typeof import('csv-parse/sync');
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true }) as never;
  } catch (e) {
    fail(source, `not a readable CSV (${(e as Error).message})`);
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.split(',').map((h) => h.trim());
  for (const col of ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens']) {
    if (!header.includes(col)) fail(`${source} line 1`, `the header has no '${col}' column; it needs TIMESTAMP, ContextTokens, GeneratedTokens`);
  }
  return buildTrace(
    source,
    records.map(({ record, info }) => ({
      where: `${source} line ${info.lines}`,
      timestamp: record.TIMESTAMP,
      context: record.ContextTokens,
      generated: record.GeneratedTokens,
    })),
  );
}

/**
 * Reads a trace from its JSON form: an array of {@link TraceRequest}.
 * @throws {InvalidConfig} naming the source, entry and field of the first problem.
 */
export function traceFromRequests(requests: unknown, source: string): Trace {
  if (!Array.isArray(requests)) fail(source, 'the JSON form must be an array of { timestamp, contextTokens, generatedTokens }');
  return buildTrace(
    source,
    requests.map((r: unknown, k) => {
      const where = `${source} entry ${k}`;
      if (r === null || typeof r !== 'object') fail(where, 'must be an object { timestamp, contextTokens, generatedTokens }');
      const o = r as Record<string, unknown>;
      if (o.timestamp === undefined) fail(where, 'timestamp is missing');
      return { where, timestamp: o.timestamp, context: o.contextTokens, generated: o.generatedTokens };
    }),
  );
}

const cache = new Map<string, { mtimeMs: number; size: number; trace: Trace }>();

/**
 * Reads a trace file: JSON (the form of {@link traceFromRequests}) when the name ends in `.json`, else CSV.
 * Parsed traces are cached by path, modification time and size.
 * @throws {InvalidConfig} when the file cannot be read or holds a bad trace (naming file, line and field).
 */
export function readTraceFile(path: string): Trace {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    fail(path, `cannot read the trace file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check config.workload.file`);
  }
  const hit = cache.get(path);
  if (hit !== undefined && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.trace;
  const text = readFileSync(path, 'utf8');
  let trace: Trace;
  if (path.toLowerCase().endsWith('.json')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      fail(path, `not valid JSON (${(e as Error).message})`);
    }
    trace = traceFromRequests(data, path);
  } else trace = parseTraceCsv(text, path);
  cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, trace });
  return trace;
}
