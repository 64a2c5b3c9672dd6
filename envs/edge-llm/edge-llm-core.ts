/**
 * The EdgeLLM model for N environments at once: the state of every environment in typed arrays
 * (struct of arrays), and the reset, slot and observation of docs/model.md working on one environment
 * of it. `EdgeLLMEnv` runs a core of one environment; `EdgeLLMVectorEnv` one of N.
 * @module
 */
import type { Info } from '../../src/core/env.ts';
import { InvalidAction, InvalidArgument } from '../../src/core/errors.ts';
import type { Generator } from '../../src/random/generator.ts';
import type { Space } from '../../src/spaces/space.ts';
import type { ResolvedConfig } from './config.ts';
import { WorkloadSchedule } from './workload.ts';
import { type SlotDemand, type TraceSplit, TraceReplay, loadTrace } from './trace-workload.ts';
import { Projector } from './projection.ts';
import { describeSystem, type SystemDescription } from './system.ts';

/** The native action: which pairs to cache and the local fraction of each pair (index p = i·M + m). */
export interface EdgeLLMAction {
  /** Cache bit per pair. */
  cache: Int8Array | ArrayLike<number>;
  /** Local (edge-served) fraction per pair in [0, 1]. */
  local: Float32Array | ArrayLike<number>;
}

/** Cost terms of one slot. */
export interface SlotCosts {
  switching: number;
  communication: number;
  computation: number;
  accuracy: number;
  cloud: number;
  total: number;
}

/** The `info` of a step. */
export interface EdgeLLMStepInfo extends Info {
  /** Slot just served (1-based). */
  slot: number;
  /** The projected action that was applied. */
  applied: { cache: Int8Array; local: Float32Array };
  /** Cost terms of the slot. */
  costs: SlotCosts;
  /** Requests served in the slot (sum over pairs). */
  requests: number;
  /** Share of the requests served at the edge. */
  edgeShare: number;
  /** Share of the requests sent to the cloud. */
  cloudShare: number;
  /** Mean task accuracy of the slot's requests (0 when there were none). */
  accuracy: number;
  /** Joules used at the edge. */
  energyUsed: number;
  /** `true` when the energy budget scaled the local fractions. */
  energyBound: boolean;
  /** GB of weights cached. */
  memoryUsed: number;
  /** `true` when a wanted pair did not fit in memory. */
  memoryBound: boolean;
  /** Pairs loaded this slot (each paid switching). */
  loads: number;
  /** Pairs evicted at the end of the slot because their context exceeded the window. */
  evictions: number;
}

/** Constants of every pair p = i·M + m, precomputed from the configuration. */
interface PairConstants {
  switchCost: Float64Array;
  accessCost: Float64Array;
  computePerToken: Float64Array;
  accuracyFactor: Float64Array;
  window: Float64Array;
  invWindow: Float64Array;
  invKappaScale: Float64Array;
  edgeAccuracy: Float64Array;
  cloudAccuracy: Float64Array;
}

function pairConstants(c: ResolvedConfig): PairConstants {
  const P = c.numPairs;
  const M = c.numModels;
  const out: PairConstants = {
    switchCost: new Float64Array(P),
    accessCost: new Float64Array(P),
    computePerToken: new Float64Array(P),
    accuracyFactor: new Float64Array(P),
    window: new Float64Array(P),
    invWindow: new Float64Array(P),
    invKappaScale: new Float64Array(P),
    edgeAccuracy: new Float64Array(P),
    cloudAccuracy: new Float64Array(P),
  };
  for (let p = 0; p < P; p++) {
    const m = p % M;
    const i = (p - m) / M;
    out.switchCost[p] = c.switchCostPerGB * c.sizeGB[m]!;
    out.accessCost[p] = c.edgeAccessCost * c.prompt[i]!;
    out.computePerToken[p] = (c.computeCost * c.flopsPerToken[m]!) / c.computeFlops;
    out.accuracyFactor[p] = (c.accuracyCost * (1 - c.alpha[p]!)) / c.logInvBeta;
    out.window[p] = c.window[m]!;
    out.invWindow[p] = 1 / c.window[m]!;
    out.invKappaScale[p] = 1 / c.kappaScale[m]!;
    out.edgeAccuracy[p] = c.edgeAccuracy[p]!;
    out.cloudAccuracy[p] = c.cloudAccuracy[i]!;
  }
  return out;
}

/** The typed-array types of the per-environment state. */
export type CoreArrayType = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

/**
 * Where an {@link EdgeLLMCore} keeps its per-environment state: called once per field with the field's
 * name, its entries per environment and its type, it returns an array of `numEnvs × perEnv` entries (zeros).
 * The default allocates fresh arrays; a batch split over threads passes views of shared memory, so that
 * every thread sees the state the others write.
 */
export type CoreArrayAllocator = <C extends CoreArrayType>(name: string, perEnv: number, type: C) => InstanceType<C>;

/** The default {@link CoreArrayAllocator} of `numEnvs` environments: fresh arrays. */
function freshArrays(numEnvs: number): CoreArrayAllocator {
  return (_name, perEnv, type) => new type(numEnvs * perEnv) as never;
}

const TRACE_SPLITS: readonly TraceSplit[] = ['train', 'eval'];

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** `count` consecutive views of `size` entries into `a`. */
function rows<T extends Float64Array | Uint8Array>(a: T, count: number, size: number): T[] {
  return Array.from({ length: count }, (_, i) => a.subarray(i * size, (i + 1) * size) as T);
}

/**
 * Checks `action` with the action space's membership rule (`Space.explain`) and loads it into the cache
 * score and local-fraction buffers (`score`, `local`: one entry per pair).
 * @throws {InvalidAction} naming the first offending entry; nothing is written then.
 */
export function loadAction(
  space: Space<unknown>,
  actionFormat: 'dict' | 'box',
  action: unknown,
  score: Float64Array,
  local: Float64Array,
  path = 'action',
): void {
  const P = score.length;
  const why = space.explain(action, path);
  if (why !== null) {
    const layout = actionFormat === 'box' ? `${P} cache scores then ${P} local values in [-1, 1]` : `{ cache, local } with ${P} entries each, one per agent×model pair`;
    throw new InvalidAction(`EdgeLLM ${why}. An action is ${layout}; clip or rescale the policy output (actions are rejected, never clipped).`);
  }
  if (actionFormat === 'box') {
    const x = space.fromLists(action) as ArrayLike<number>;
    for (let p = 0; p < P; p++) {
      score[p] = x[p]! > 0 ? x[p]! : 0;
      local[p] = (x[P + p]! + 1) / 2;
    }
    return;
  }
  const { cache, local: fractions } = space.fromLists(action) as EdgeLLMAction;
  for (let p = 0; p < P; p++) {
    score[p] = cache[p]!;
    local[p] = fractions[p]!;
  }
}

/**
 * The state of `numEnvs` EdgeLLM environments of one configuration, each pair-indexed field one typed
 * array of `numEnvs × P` entries (environment e at `[e·P, (e+1)·P)`), and the model's operations on one
 * environment e: {@link EdgeLLMCore.reset}, {@link EdgeLLMCore.step} (the slot of docs/model.md with the
 * action in {@link EdgeLLMCore.score} / {@link EdgeLLMCore.local}), {@link EdgeLLMCore.writeObservation}.
 * A step writes its results (costs, shares, the applied action) into per-environment arrays instead of an
 * object, so stepping allocates nothing; {@link EdgeLLMCore.stepInfo} builds the `info` object from them.
 * Every random draw comes from the generator passed in, so an environment's trajectory depends only on
 * its generator and actions.
 */
export class EdgeLLMCore {
  /** The resolved configuration. */
  readonly config: Readonly<ResolvedConfig>;
  /** Environments held. */
  readonly numEnvs: number;
  /** Pairs I·M per environment. */
  readonly P: number;
  /** Entries of one observation (4·P + 1). */
  readonly obsSize: number;
  /** Static description of the system (`info.system` of a reset). */
  readonly system: SystemDescription;
  /** Whether the workload replays a trace. */
  readonly isTrace: boolean;
  /** Slots served in the current episode, per environment. */
  readonly t: Int32Array;
  /** Cache bit per pair (numEnvs × P). */
  readonly cached: Uint8Array;
  /** Context tokens per pair (numEnvs × P). */
  readonly K: Float64Array;
  /** Effective thoughts κ per pair (numEnvs × P). */
  readonly kappa: Float64Array;
  /** Requests of the next slot per pair (numEnvs × P). */
  readonly requests: Float64Array;
  /** Applied cache bits of the last step (numEnvs × P). */
  readonly appliedCache: Uint8Array;
  /** Applied local fractions of the last step (numEnvs × P). */
  readonly appliedLocal: Float64Array;
  /** Requests served at the edge per pair in the last step (numEnvs × P; 0 for pairs not cached). */
  readonly servedLast: Float64Array;
  /** The κ each pair's accuracy cost used in the last step (numEnvs × P; 0 for pairs not cached). */
  readonly kappaLast: Float64Array;
  /** The action of the next {@link EdgeLLMCore.step}: cache score per pair (> 0 wants the pair cached). */
  readonly score: Float64Array;
  /** The action of the next {@link EdgeLLMCore.step}: requested local fraction per pair. */
  readonly local: Float64Array;
  /** The trace window of each environment's episode (start and end, trace seconds; split 0 train, 1 eval). */
  private readonly windowStart: Float64Array;
  private readonly windowEnd: Float64Array;
  private readonly windowSplit: Uint8Array;
  /** Results of each environment's last step (one entry per environment). */
  readonly last: {
    reward: Float64Array;
    switching: Float64Array;
    communication: Float64Array;
    computation: Float64Array;
    accuracyCost: Float64Array;
    cloud: Float64Array;
    cost: Float64Array;
    requests: Float64Array;
    edgeShare: Float64Array;
    cloudShare: Float64Array;
    accuracy: Float64Array;
    energyUsed: Float64Array;
    energyBound: Uint8Array;
    memoryUsed: Float64Array;
    memoryBound: Uint8Array;
    loads: Float64Array;
    evictions: Float64Array;
  };
  private readonly workloads: WorkloadSchedule[];
  private readonly replays: (TraceReplay | null)[];
  private readonly demands: (SlotDemand | null)[];
  private readonly fullTokens: (Float64Array | null)[];
  private readonly means: Float64Array;
  /** A stationary workload's means (the same in every slot) and their exp(−mean), or `null`. */
  private readonly fixedMeans: Float64Array | null;
  private readonly fixedExpNeg: Float64Array | null;
  /** The mean of each pair's last Poisson draw and its exp(−mean) (numEnvs × P). */
  private readonly lastMean: Float64Array;
  private readonly expNegMean: Float64Array;
  private readonly projector: Projector;
  private readonly pc: PairConstants;
  private readonly cachedRow: Uint8Array[];
  private readonly requestsRow: Float64Array[];
  private readonly appliedCacheRow: Uint8Array[];
  private readonly appliedLocalRow: Float64Array[];
  private readonly expNegRow: Float64Array[];

  /**
   * @param config a resolved configuration (see `resolveConfig`).
   * @param numEnvs environments to hold.
   * @param arrays where the per-environment state lives (default: fresh arrays; see {@link CoreArrayAllocator}).
   */
  constructor(config: Readonly<ResolvedConfig>, numEnvs: number, arrays: CoreArrayAllocator = freshArrays(numEnvs)) {
    const c = config;
    const n = numEnvs;
    const P = c.numPairs;
    this.config = c;
    this.numEnvs = n;
    this.P = P;
    this.obsSize = 4 * P + 1;
    this.system = deepFreeze(describeSystem(c as ResolvedConfig));
    const w = c.workload;
    this.isTrace = w.kind === 'trace';
    this.t = arrays('t', 1, Int32Array);
    this.cached = arrays('cached', P, Uint8Array);
    this.K = arrays('K', P, Float64Array);
    this.kappa = arrays('kappa', P, Float64Array);
    this.servedLast = arrays('servedLast', P, Float64Array);
    this.kappaLast = arrays('kappaLast', P, Float64Array);
    this.requests = arrays('requests', P, Float64Array);
    this.appliedCache = arrays('appliedCache', P, Uint8Array);
    this.appliedLocal = arrays('appliedLocal', P, Float64Array);
    this.windowStart = arrays('windowStart', 1, Float64Array);
    this.windowEnd = arrays('windowEnd', 1, Float64Array);
    this.windowSplit = arrays('windowSplit', 1, Uint8Array);
    this.score = new Float64Array(P);
    this.local = new Float64Array(P);
    const f64 = (name: string) => arrays(`last.${name}`, 1, Float64Array);
    this.last = {
      reward: f64('reward'),
      switching: f64('switching'),
      communication: f64('communication'),
      computation: f64('computation'),
      accuracyCost: f64('accuracyCost'),
      cloud: f64('cloud'),
      cost: f64('cost'),
      requests: f64('requests'),
      edgeShare: f64('edgeShare'),
      cloudShare: f64('cloudShare'),
      accuracy: f64('accuracy'),
      energyUsed: f64('energyUsed'),
      energyBound: arrays('last.energyBound', 1, Uint8Array),
      memoryUsed: f64('memoryUsed'),
      memoryBound: arrays('last.memoryBound', 1, Uint8Array),
      loads: f64('loads'),
      evictions: f64('evictions'),
    };
    this.workloads = Array.from({ length: n }, () => new WorkloadSchedule(c as ResolvedConfig));
    const trace = w.kind === 'trace' ? loadTrace(w) : null;
    this.replays = Array.from({ length: n }, () =>
      trace === null || w.kind !== 'trace' ? null : new TraceReplay(trace, w, c.horizon, c.rate, c.mix, c.numModels),
    );
    this.demands = this.replays.map((r) =>
      r === null ? null : { requests: new Float64Array(P), contextTokens: new Float64Array(P), generatedTokens: new Float64Array(P) },
    );
    this.fullTokens = this.replays.map((r) => (r === null ? null : new Float64Array(P)));
    this.means = new Float64Array(P);
    if (w.kind === 'stationary') {
      this.fixedMeans = new Float64Array(P);
      new WorkloadSchedule(c as ResolvedConfig).meansAt(1, this.fixedMeans);
      this.fixedExpNeg = this.fixedMeans.map((m) => Math.exp(-m));
    } else {
      this.fixedMeans = null;
      this.fixedExpNeg = null;
    }
    this.lastMean = arrays('lastMean', P, Float64Array).fill(Number.NaN);
    this.expNegMean = arrays('expNegMean', P, Float64Array);
    this.projector = new Projector(c as ResolvedConfig);
    this.pc = pairConstants(c as ResolvedConfig);
    this.cachedRow = rows(this.cached, n, P);
    this.requestsRow = rows(this.requests, n, P);
    this.appliedCacheRow = rows(this.appliedCache, n, P);
    this.appliedLocalRow = rows(this.appliedLocal, n, P);
    this.expNegRow = rows(this.expNegMean, n, P);
  }

  /**
   * Checks the options of a reset (only `split`, and only for trace workloads, where it must be 'train'
   * or 'eval').
   * @throws {InvalidArgument} naming the unknown options, or a `split` other than 'train' or 'eval'.
   */
  checkResetOptions(options: Record<string, unknown>): void {
    const unknown = Object.keys(options).filter((k) => !(k === 'split' && this.isTrace));
    if (unknown.length > 0) {
      throw new InvalidArgument(
        `EdgeLLMEnv.reset accepts ${this.isTrace ? "only the option 'split' ('train' or 'eval')" : 'no options (split is for trace workloads)'}; remove ${unknown.map((k) => `'${k}'`).join(', ')}.`,
      );
    }
    // the trace replay's own check, with its message
    if (this.isTrace && this.numEnvs > 0) this.replays[0]!.splitFor(undefined, options.split);
  }

  /**
   * Starts an episode of environment `e`: empty cache and contexts, the workload's random elements and the
   * first slot's requests drawn from `rng`. `seed` is the last seed the environment was reset with (trace
   * workloads choose their split from it unless `split` is given).
   * @throws {InvalidArgument} for a `split` other than 'train' or 'eval'.
   */
  reset(e: number, rng: Generator, seed: number | undefined, split: unknown): void {
    const replay = this.replays[e]!;
    const part: TraceSplit | undefined = replay?.splitFor(seed, split);
    const P = this.P;
    this.cached.fill(0, e * P, (e + 1) * P);
    this.K.fill(0, e * P, (e + 1) * P);
    this.kappa.fill(0, e * P, (e + 1) * P);
    this.servedLast.fill(0, e * P, (e + 1) * P);
    this.kappaLast.fill(0, e * P, (e + 1) * P);
    this.t[e] = 0;
    this.workloads[e]!.prepare(rng);
    if (replay !== null) {
      replay.prepare(rng, part!);
      this.windowStart[e] = replay.window.start;
      this.windowEnd[e] = replay.window.end;
      this.windowSplit[e] = TRACE_SPLITS.indexOf(replay.window.split);
    }
    this.drawRequests(e, rng, 1);
  }

  /** The `info` of the reset of environment `e` (call right after {@link EdgeLLMCore.reset}). */
  resetInfo(e: number): Info {
    const info: Info = { system: this.system };
    const replay = this.replays[e]!;
    if (replay !== null) {
      // from the arrays, not `replay.window`: with shared arrays another thread may have reset environment e
      info.traceWindow = { start: this.windowStart[e]!, end: this.windowEnd[e]!, split: TRACE_SPLITS[this.windowSplit[e]!]!, source: replay.trace.source };
    }
    let s = 0;
    for (let p = e * this.P, end = p + this.P; p < end; p++) s += this.requests[p]!;
    info.requests = s;
    return info;
  }

  /**
   * Serves one slot of environment `e` with the action in {@link EdgeLLMCore.score} and
   * {@link EdgeLLMCore.local}, projected to a feasible one; the results go to {@link EdgeLLMCore.last},
   * the applied action to `appliedCache`/`appliedLocal`, the reward (minus the slot's cost) to
   * `last.reward`, then the next slot's requests are drawn. (The reward is not returned: a number returned
   * from a call that is not inlined is boxed, which would allocate on every step.)
   */
  step(e: number, rng: Generator): void {
    this.stepWith(e, rng, this.score, this.local);
  }

  /**
   * {@link EdgeLLMCore.step} with the action in `score` and `local` (P entries each, the layout of
   * {@link EdgeLLMCore.score} and {@link EdgeLLMCore.local}) instead: a batch can pass each environment's
   * row of its own action buffers without copying it.
   */
  stepWith(e: number, rng: Generator, score: Float64Array, local: Float64Array): void {
    const c = this.config;
    const P = this.P;
    const o = e * P;
    const fullTokens = this.fullTokens[e]!;
    const pr = this.projector;
    pr.run(score, local, this.cachedRow[e]!, this.requestsRow[e]!, fullTokens, this.appliedCacheRow[e]!, this.appliedLocalRow[e]!);
    const R = this.requests;
    const a = this.appliedCache;
    const b = this.appliedLocal;
    const k = c.thoughtTokens;
    const vanishing = c.vanishing;
    const tokensPerRequest = c.paths * k;
    const cloudPerRequest = c.cloudCost * c.paths;
    const paths = c.paths;
    const edgeAccessCost = c.edgeAccessCost;
    const pc = this.pc;
    const K = this.K;
    const kappa = this.kappa;
    const cached = this.cached;
    const servedLast = this.servedLast;
    const kappaLast = this.kappaLast;
    const demand = this.demands[e]!;
    const genTokens = demand === null ? null : demand.generatedTokens;
    const ctxTokens = demand === null ? null : demand.contextTokens;
    let switching = 0;
    let communication = 0;
    let computation = 0;
    let accuracyCost = 0;
    let cloud = 0;
    let loads = 0;
    let evictions = 0;
    let total = 0;
    let edgeServed = 0;
    let accSum = 0;
    for (let p = 0; p < P; p++) {
      const q = o + p;
      const r = R[q]!;
      total += r;
      const ap = a[q]!;
      const bp = b[q]!;
      const toCloud = (1 - bp) * r;
      cloud += cloudPerRequest * toCloud;
      accSum += toCloud * pc.cloudAccuracy[p]!;
      if (ap === 0) {
        K[q] = 0;
        kappa[q] = 0;
        cached[q] = 0;
        servedLast[q] = 0;
        kappaLast[q] = 0;
        continue;
      }
      if (cached[q] === 0) {
        switching += pc.switchCost[p]!;
        loads++;
      }
      const served = bp * r;
      // trace workloads: each path generates the request's GeneratedTokens, the prompt is its ContextTokens
      const delta = genTokens !== null ? bp * paths * genTokens[p]! : served * tokensPerRequest;
      const Kq = K[q]! + delta;
      const kaq = Math.max(kappa[q]! + delta / k - vanishing, 0);
      kappa[q] = kaq;
      communication += ctxTokens !== null ? edgeAccessCost * bp * ctxTokens[p]! : pc.accessCost[p]! * served;
      computation += pc.computePerToken[p]! * delta;
      accuracyCost += (pc.accuracyFactor[p]! * served) / (kaq > 1 ? kaq : 1);
      servedLast[q] = served;
      kappaLast[q] = kaq;
      edgeServed += served;
      accSum += served * pc.edgeAccuracy[p]!;
      if (Kq > pc.window[p]!) {
        cached[q] = 0;
        K[q] = 0;
        kappa[q] = 0;
        evictions++;
      } else {
        cached[q] = 1;
        K[q] = Kq;
      }
    }
    const cost = switching + communication + computation + accuracyCost + cloud;
    const L = this.last;
    L.switching[e] = switching;
    L.communication[e] = communication;
    L.computation[e] = computation;
    L.accuracyCost[e] = accuracyCost;
    L.cloud[e] = cloud;
    L.cost[e] = cost;
    L.requests[e] = total;
    L.edgeShare[e] = total > 0 ? edgeServed / total : 0;
    L.cloudShare[e] = total > 0 ? 1 - edgeServed / total : 0;
    L.accuracy[e] = total > 0 ? accSum / total : 0;
    L.energyUsed[e] = pr.energyUsed;
    L.energyBound[e] = pr.energyBound ? 1 : 0;
    L.memoryUsed[e] = pr.memoryUsed;
    L.memoryBound[e] = pr.memoryBound ? 1 : 0;
    L.loads[e] = loads;
    L.evictions[e] = evictions;
    // 0 - cost, not -cost: a slot that costs nothing gives reward +0, never -0
    L.reward[e] = 0 - cost;
    const t = ++this.t[e]!;
    this.drawRequests(e, rng, t + 1);
  }

  /** The `info` of environment `e`'s last step, as a fresh object (see {@link EdgeLLMStepInfo}). */
  stepInfo(e: number): EdgeLLMStepInfo {
    const P = this.P;
    const L = this.last;
    const cache = new Int8Array(P);
    const local = new Float32Array(P);
    cache.set(this.appliedCacheRow[e]!);
    local.set(this.appliedLocalRow[e]!);
    return {
      slot: this.t[e]!,
      applied: { cache, local },
      costs: {
        switching: L.switching[e]!,
        communication: L.communication[e]!,
        computation: L.computation[e]!,
        accuracy: L.accuracyCost[e]!,
        cloud: L.cloud[e]!,
        total: L.cost[e]!,
      },
      requests: L.requests[e]!,
      edgeShare: L.edgeShare[e]!,
      cloudShare: L.cloudShare[e]!,
      accuracy: L.accuracy[e]!,
      energyUsed: L.energyUsed[e]!,
      energyBound: L.energyBound[e] === 1,
      memoryUsed: L.memoryUsed[e]!,
      memoryBound: L.memoryBound[e] === 1,
      loads: L.loads[e]!,
      evictions: L.evictions[e]!,
    };
  }

  /** Writes environment `e`'s observation (docs/model.md#observation) into `out` from `offset` on. */
  writeObservation(e: number, out: Float32Array, offset: number): void {
    const pc = this.pc;
    const P = this.P;
    const base = e * P;
    const invScale = 1 / this.config.requestScale;
    const cached = this.cached;
    const R = this.requests;
    const kappa = this.kappa;
    const K = this.K;
    for (let p = 0, o = offset; p < P; p++, o += 4) {
      const q = base + p;
      out[o] = cached[q]!;
      out[o + 1] = R[q]! * invScale;
      out[o + 2] = kappa[q]! * pc.invKappaScale[p]!;
      out[o + 3] = K[q]! * pc.invWindow[p]!;
    }
    out[offset + 4 * P] = this.t[e]! / this.config.horizon;
  }

  private drawRequests(e: number, rng: Generator, t: number): void {
    const P = this.P;
    const o = e * P;
    const replay = this.replays[e]!;
    if (replay !== null) {
      const demand = this.demands[e]!;
      replay.demandAt(t, demand);
      this.requests.set(demand.requests, o);
      const full = this.fullTokens[e]!;
      const paths = this.config.paths;
      for (let p = 0; p < P; p++) full[p] = paths * demand.generatedTokens[p]!;
      return;
    }
    const R = this.requests;
    if (this.fixedMeans !== null) {
      // stationary: the means of every slot, and their exp(−mean), are known from the start
      rng.poissonFill(this.fixedMeans, this.fixedExpNeg!, R, o);
      return;
    }
    const means = this.means;
    this.workloads[e]!.meansAt(t, means);
    const lastMean = this.lastMean;
    const expNeg = this.expNegMean;
    for (let p = 0; p < P; p++) {
      const q = o + p;
      const m = means[p]!;
      // exp(−λ) is kept per pair: means change rarely (never in a stationary workload)
      if (m !== lastMean[q]) {
        lastMean[q] = m;
        expNeg[q] = Math.exp(-m);
      }
    }
    rng.poissonFill(means, this.expNegRow[e]!, R, o);
  }
}
