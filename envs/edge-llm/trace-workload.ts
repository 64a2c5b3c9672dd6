/**
 * The `trace` workload: requests replayed from a real trace instead of drawn from Poisson means. Each episode
 * is a window of the trace chosen by the seed, inside the training part (first `trainFraction` of the trace's
 * time) or the evaluation part (the rest); docs/model.md §5.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { InvalidArgument, InvalidConfig } from '../../src/core/errors.ts';
import { packageFile } from '../../src/package-files.ts';
import type { Generator } from '../../src/random/generator.ts';
import { type Trace, type TraceRequest, readTraceFile, traceFromRequests } from './trace-file.ts';

/** Which part of a trace an episode is cut from. */
export type TraceSplit = 'train' | 'eval';

/** Built-in traces shipped with the package (Azure LLM inference trace 2023, CC-BY 4.0; see `traces/azure-2023/`). */
export const BUILTIN_TRACES = {
  'azure-conv': packageFile('envs/edge-llm/traces/azure-2023/AzureLLMInferenceTrace_conv.csv'),
  'azure-code': packageFile('envs/edge-llm/traces/azure-2023/AzureLLMInferenceTrace_code.csv'),
} as const;

/** Configuration of the `trace` workload: exactly one of `file`, `dataset` or `requests`. */
export interface TraceWorkloadConfig {
  kind: 'trace';
  /** A CSV file with columns TIMESTAMP, ContextTokens, GeneratedTokens, or a `.json` file in the JSON form. */
  file?: string;
  /** A built-in trace. */
  dataset?: keyof typeof BUILTIN_TRACES;
  /** The trace inline, in the JSON form (e.g. sent over the bridge). */
  requests?: TraceRequest[];
  /** Seconds of trace time per slot (default 1). */
  timeScale: number;
  /** Share of the trace's time span used for training episodes; evaluation episodes come from the rest (default 0.8). */
  trainFraction: number;
  /** `auto` (default): seeds ≥ {@link EVAL_SPLIT_SEED} use the evaluation part, other seeds the training part. */
  split: 'auto' | TraceSplit;
}

/** Seeds from this one on (the evaluation harness's held-out seeds) cut episodes from the evaluation part. */
export const EVAL_SPLIT_SEED = 10000;

/** Defaults of the `trace` fields. */
export const TRACE_DEFAULTS = Object.freeze({ timeScale: 1, trainFraction: 0.8, split: 'auto' as const });

/** JSON Schema branch of the `trace` workload. */
export const TRACE_WORKLOAD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { const: 'trace' },
    file: { type: 'string', minLength: 1, description: 'CSV (TIMESTAMP, ContextTokens, GeneratedTokens) or .json trace file.' },
    dataset: { enum: Object.keys(BUILTIN_TRACES), description: 'Built-in trace.' },
    requests: {
      type: 'array',
      description: 'Inline trace: [{ timestamp, contextTokens, generatedTokens }].',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['timestamp', 'contextTokens', 'generatedTokens'],
        properties: { timestamp: { anyOf: [{ type: 'number' }, { type: 'string' }] }, contextTokens: { type: 'number' }, generatedTokens: { type: 'number' } },
      },
    },
    timeScale: { type: 'number', exclusiveMinimum: 0, description: 'Seconds of trace time per slot.' },
    trainFraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Share of the trace time for training episodes.' },
    split: { enum: ['auto', 'train', 'eval'], description: 'Part of the trace episodes come from.' },
  },
} as const;

/**
 * Loads the trace a `trace` workload names.
 * @throws {InvalidConfig} unless exactly one of `file`, `dataset`, `requests` is given, or for a bad trace.
 */
export function loadTrace(w: TraceWorkloadConfig): Trace {
  const given = (['file', 'dataset', 'requests'] as const).filter((k) => w[k] !== undefined);
  if (given.length !== 1) {
    throw new InvalidConfig(
      `Invalid EdgeLLM config: config.workload of kind 'trace' needs exactly one of file, dataset or requests; got ${given.length === 0 ? 'none' : given.join(' and ')}.`,
      ['config.workload'],
    );
  }
  if (w.dataset !== undefined) return readTraceFile(fileURLToPath(BUILTIN_TRACES[w.dataset]));
  if (w.file !== undefined) return readTraceFile(w.file);
  return traceFromRequests(w.requests, 'config.workload.requests');
}

/** 32-bit integer hash (the finalizer of MurmurHash3), as a uniform number in [0, 1). */
function hashUniform(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

function pick(cum: ArrayLike<number>, from: number, n: number, u: number): number {
  for (let k = 0; k < n - 1; k++) if (u < cum[from + k]!) return k;
  return n - 1;
}

/**
 * Assigns request n (0-based row of the trace) to a pair, deterministically and independently of the seed:
 * agent i with probability ∝ λ_i using `u = hash(2n + 1)`, then model m with probability `mix_{i,m}` using
 * `u = hash(2n + 2)` (hash: the MurmurHash3 32-bit finalizer, divided by 2^32).
 */
export function assignPairs(requests: number, rate: ArrayLike<number>, mix: ArrayLike<number>, M: number): Int32Array {
  const I = rate.length;
  const total = Array.from(rate).reduce((a, b) => a + b, 0);
  const agentCum = new Float64Array(I);
  let acc = 0;
  for (let i = 0; i < I; i++) agentCum[i] = (acc += total > 0 ? rate[i]! / total : 1 / I);
  const mixCum = new Float64Array(I * M);
  for (let i = 0; i < I; i++) {
    let a = 0;
    for (let m = 0; m < M; m++) mixCum[i * M + m] = a += mix[i * M + m]!;
  }
  const pair = new Int32Array(requests);
  for (let n = 0; n < requests; n++) {
    const i = pick(agentCum, 0, I, hashUniform(2 * n + 1));
    const m = pick(mixCum, i * M, M, hashUniform(2 * n + 2));
    pair[n] = i * M + m;
  }
  return pair;
}

/** Per-slot demand of one pair: request count and the sums of their context and generated tokens. */
export interface SlotDemand {
  requests: Float64Array;
  contextTokens: Float64Array;
  generatedTokens: Float64Array;
}

/**
 * Replays a trace window per episode. Slot t (1-based) covers trace time `[start + (t−1)·timeScale,
 * start + t·timeScale)`; `start` is drawn uniformly (from the env's generator) so that the whole window lies
 * inside the chosen part of the trace.
 */
export class TraceReplay {
  readonly trace: Trace;
  private readonly cfg: TraceWorkloadConfig;
  private readonly horizon: number;
  private readonly P: number;
  private readonly pair: Int32Array;
  /** Trace time at which the evaluation part starts. */
  readonly splitTime: number;
  private readonly demand: SlotDemand;
  /** Start (trace seconds) and part of the current episode's window. */
  window: { start: number; end: number; split: TraceSplit } = { start: 0, end: 0, split: 'train' };

  constructor(trace: Trace, cfg: TraceWorkloadConfig, horizon: number, rate: ArrayLike<number>, mix: ArrayLike<number>, M: number) {
    this.trace = trace;
    this.cfg = cfg;
    this.horizon = horizon;
    this.P = rate.length * M;
    this.pair = assignPairs(trace.time.length, rate, mix, M);
    this.splitTime = cfg.trainFraction * trace.span;
    const need = horizon * cfg.timeScale;
    for (const [part, len] of [['training', this.splitTime], ['evaluation', trace.span - this.splitTime]] as const) {
      if (len < need) {
        throw new InvalidConfig(
          `Invalid EdgeLLM config: the trace ${trace.source} is shorter than an episode: its ${part} part spans ${len.toFixed(1)} s but an episode needs horizon × timeScale = ${horizon} × ${cfg.timeScale} = ${need} s; lower config.horizon or config.workload.timeScale, or use a longer trace.`,
          ['config.workload.timeScale', 'config.horizon'],
        );
      }
    }
    const size = horizon * this.P;
    this.demand = { requests: new Float64Array(size), contextTokens: new Float64Array(size), generatedTokens: new Float64Array(size) };
  }

  /** The part an episode with this reset seed and options comes from. */
  splitFor(seed: number | undefined, option: unknown): TraceSplit {
    if (option !== undefined) {
      if (option !== 'train' && option !== 'eval') {
        throw new InvalidArgument(`EdgeLLMEnv.reset option 'split' must be 'train' or 'eval'; got ${JSON.stringify(option)}.`);
      }
      return option;
    }
    if (this.cfg.split !== 'auto') return this.cfg.split;
    return seed !== undefined && seed >= EVAL_SPLIT_SEED ? 'eval' : 'train';
  }

  /** Draws the episode's window inside `split` and bins its requests into slots and pairs. */
  prepare(rng: Generator, split: TraceSplit): void {
    const len = this.horizon * this.cfg.timeScale;
    const [lo, hi] = split === 'train' ? [0, this.splitTime] : [this.splitTime, this.trace.span];
    const start = lo + rng.random() * (hi - lo - len);
    this.window = { start, end: start + len, split };
    const d = this.demand;
    d.requests.fill(0);
    d.contextTokens.fill(0);
    d.generatedTokens.fill(0);
    const time = this.trace.time;
    let n = lowerBound(time, start);
    for (; n < time.length && time[n]! < start + len; n++) {
      const slot = Math.min(Math.floor((time[n]! - start) / this.cfg.timeScale), this.horizon - 1);
      const k = slot * this.P + this.pair[n]!;
      d.requests[k] = d.requests[k]! + 1;
      d.contextTokens[k] = d.contextTokens[k]! + this.trace.contextTokens[n]!;
      d.generatedTokens[k] = d.generatedTokens[k]! + this.trace.generatedTokens[n]!;
    }
  }

  /** Writes slot t's (1-based) demand into `out`; slots past the horizon have none. */
  demandAt(t: number, out: SlotDemand): void {
    if (t < 1 || t > this.horizon) {
      out.requests.fill(0);
      out.contextTokens.fill(0);
      out.generatedTokens.fill(0);
      return;
    }
    const from = (t - 1) * this.P;
    const d = this.demand;
    for (let p = 0; p < this.P; p++) {
      out.requests[p] = d.requests[from + p]!;
      out.contextTokens[p] = d.contextTokens[from + p]!;
      out.generatedTokens[p] = d.generatedTokens[from + p]!;
    }
  }

  /** Mean requests per agent per slot over the whole trace (the observation scale λ̄). */
  meanRatePerAgent(agents: number): number {
    const slots = Math.max(this.trace.span / this.cfg.timeScale, 1);
    return this.trace.time.length / slots / agents;
  }
}

function lowerBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
