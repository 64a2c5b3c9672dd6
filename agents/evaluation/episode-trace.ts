/**
 * Episode traces: a compact per-step record of one evaluated episode, kept with its {@link EpisodeRecord}
 * so that the leaderboard page can show why an agent did well or badly in a given episode.
 *
 * Format `q16`: each column holds one number per step, quantized to 16 bits between the column's `min`
 * and `max` (value = min + q·(max − min)/65535, so the error is at most (max − min)/131070) and stored as
 * base64 of little-endian `Uint16` values; a constant column (min = max) stores no data. EdgeLLM episodes
 * record the cost terms of every slot (`switching`, `communication`, `computation`, `accuracy`, `cloud`),
 * the `edgeShare` (share of the slot's requests served at the edge), `evictions` and `loads`, and which
 * (agent, model) pairs were resident during the slot (`resident`: per slot ⌈pairs/8⌉ bytes, bit p % 8 of
 * byte ⌊p/8⌋ for pair p, base64). Market episodes record `reward`, the clock `step`, `buyerClock`,
 * `sellerClock` and `messages` of every round; any other environment records `reward` only. The cost terms
 * are those of `docs/model.md` §3; the clocks those of `docs/market.md`.
 * @module
 */
import type { Info } from '../../src/core/env.ts';

/** One column of a trace. */
export interface TraceColumn {
  /** What the column holds (e.g. `switching`, `edgeShare`, `reward`). */
  name: string;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** Base64 of the little-endian `Uint16` quantized values; empty when `min === max`. */
  data: string;
}

/** The compact per-step record of one episode (see the module comment for the format). */
export interface EpisodeTrace {
  /** Encoding of the columns. */
  format: 'q16';
  /** Steps of the episode (entries per column). */
  steps: number;
  /** The recorded columns. */
  columns: TraceColumn[];
  /** EdgeLLM: number of (agent, model) pairs. */
  pairs?: number;
  /** EdgeLLM: resident pairs per slot as a base64 bit mask. */
  resident?: string;
}

/** A decoded trace: one array per column, and the resident pairs per step when recorded. */
export interface DecodedTrace {
  steps: number;
  columns: Record<string, Float64Array>;
  /** `resident[t][p]` is 1 when pair p was resident during step t. */
  resident?: Uint8Array[];
}

/** Cost terms of an EdgeLLM slot, in the order they are recorded. */
export const TRACE_COST_TERMS: readonly string[] = ['switching', 'communication', 'computation', 'accuracy', 'cloud'];

const LEVELS = 65535;

const finite = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

/** Encodes one column (non-finite values are recorded as 0). */
export function encodeColumn(name: string, values: readonly number[]): TraceColumn {
  const xs = values.map(finite);
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (xs.length === 0) return { name, min: 0, max: 0, data: '' };
  if (min === max) return { name, min, max, data: '' };
  const q = new Uint16Array(xs.length);
  const span = max - min;
  for (let i = 0; i < xs.length; i++) q[i] = Math.round(((xs[i]! - min) / span) * LEVELS);
  const bytes = Buffer.alloc(2 * q.length);
  for (let i = 0; i < q.length; i++) bytes.writeUInt16LE(q[i]!, 2 * i);
  return { name, min, max, data: bytes.toString('base64') };
}

/** Decodes one column of `steps` values. */
export function decodeColumn(column: TraceColumn, steps: number): Float64Array {
  const out = new Float64Array(steps).fill(column.min);
  if (column.data === '') return out;
  const bytes = Buffer.from(column.data, 'base64');
  if (bytes.length !== 2 * steps) {
    throw new RangeError(`Trace column '${column.name}' holds ${bytes.length / 2} values; the trace has ${steps} steps.`);
  }
  const span = column.max - column.min;
  for (let i = 0; i < steps; i++) out[i] = column.min + (bytes.readUInt16LE(2 * i) / LEVELS) * span;
  return out;
}

/** Decodes a trace (the inverse of the recorder's encoding, up to the 16-bit quantization). */
export function decodeTrace(trace: EpisodeTrace): DecodedTrace {
  if (trace.format !== 'q16') throw new RangeError(`Unknown trace format '${String(trace.format)}'; this version reads 'q16'.`);
  const columns: Record<string, Float64Array> = {};
  for (const c of trace.columns) columns[c.name] = decodeColumn(c, trace.steps);
  const out: DecodedTrace = { steps: trace.steps, columns };
  if (trace.pairs !== undefined && trace.resident !== undefined) {
    const width = Math.ceil(trace.pairs / 8);
    const bytes = Buffer.from(trace.resident, 'base64');
    out.resident = [];
    for (let t = 0; t < trace.steps; t++) {
      const row = new Uint8Array(trace.pairs);
      for (let p = 0; p < trace.pairs; p++) row[p] = (bytes[t * width + (p >> 3)]! >> (p & 7)) & 1;
      out.resident.push(row);
    }
  }
  return out;
}

/**
 * Records one episode step by step from the rewards and infos (locally or through the bridge alike).
 *
 * @example
 * ```ts
 * const trace = new TraceRecorder();
 * // ... trace.add(reward, info) after every step ...
 * const compact = trace.finish();
 * ```
 */
export class TraceRecorder {
  private readonly columns = new Map<string, number[]>();
  private readonly residentRows: number[][] = [];
  private pairs = 0;
  private steps = 0;

  private push(name: string, value: number): void {
    let col = this.columns.get(name);
    if (col === undefined) {
      // a column that appears late is padded with zeros for the steps before it
      col = new Array<number>(this.steps).fill(0);
      this.columns.set(name, col);
    }
    col.push(finite(value));
  }

  /** Adds one step. */
  add(reward: number, info: Info): void {
    const costs = info.costs as Record<string, unknown> | undefined;
    if (costs !== undefined && costs !== null && typeof costs === 'object') {
      for (const k of TRACE_COST_TERMS) this.push(k, finite(costs[k]));
      this.push('edgeShare', finite(info.edgeShare));
      this.push('evictions', finite(info.evictions));
      this.push('loads', finite(info.loads));
      const cache = (info.applied as { cache?: ArrayLike<number> } | undefined)?.cache;
      if (cache !== undefined && typeof cache.length === 'number') {
        this.pairs = Math.max(this.pairs, cache.length);
        const row: number[] = [];
        for (let p = 0; p < cache.length; p++) if (cache[p]) row.push(p);
        this.residentRows[this.steps] = row;
      }
    } else {
      this.push('reward', reward);
      if (typeof info.buyerClock === 'number') {
        this.push('step', finite(info.step));
        this.push('buyerClock', info.buyerClock);
        this.push('sellerClock', finite(info.sellerClock));
        this.push('messages', finite(info.messages));
      }
    }
    this.steps++;
    for (const col of this.columns.values()) while (col.length < this.steps) col.push(0);
  }

  /** The compact trace of the steps added so far. */
  finish(): EpisodeTrace {
    const trace: EpisodeTrace = {
      format: 'q16',
      steps: this.steps,
      columns: [...this.columns].map(([name, values]) => encodeColumn(name, values)),
    };
    if (this.pairs > 0) {
      const width = Math.ceil(this.pairs / 8);
      const bytes = Buffer.alloc(width * this.steps);
      for (let t = 0; t < this.steps; t++) {
        for (const p of this.residentRows[t] ?? []) bytes[t * width + (p >> 3)] |= 1 << (p & 7);
      }
      trace.pairs = this.pairs;
      trace.resident = bytes.toString('base64');
    }
    return trace;
  }
}
