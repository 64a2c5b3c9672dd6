/**
 * `EdgeLLMEnv`: joint model caching and inference offloading at one edge server (SPEC §1).
 * @module
 */
import { Env, type Info, type ResetArgs, type StepResult } from '../../src/core/env.ts';
import { InvalidAction, InvalidArgument, ResetNeeded } from '../../src/core/errors.ts';
import { Box } from '../../src/spaces/box.ts';
import { Dict } from '../../src/spaces/dict.ts';
import { MultiBinary } from '../../src/spaces/multi-binary.ts';
import type { Space } from '../../src/spaces/space.ts';
import { type EdgeLLMConfig, type ResolvedConfig, resolveConfig } from './config.ts';
import { WorkloadSchedule } from './workload.ts';
import { type SlotDemand, TraceReplay, loadTrace } from './trace-workload.ts';
import { Projector } from './projection.ts';
import { describeSystem, type SystemDescription } from './system.ts';
import { renderAnsi } from './render.ts';

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

/**
 * The joint model-caching and inference-offloading MDP of one edge server.
 *
 * Each slot the agent chooses which (agent, model) pairs to keep in GPU memory and what share of each
 * pair's requests to serve locally; the environment projects the choice onto memory, executability and
 * energy constraints, serves the slot's Poisson requests, and returns minus the slot's total cost.
 *
 * Observation (float32): per pair `[cached, requests/λ̄, κ/κ_scale, K/window]` for the requests of the next
 * slot, then `t/T`. Episodes are truncated after `horizon` slots; `terminated` is always false.
 *
 * @example
 * ```ts
 * const env = new EdgeLLMEnv({ agents: 10 });
 * let [obs, info] = env.reset({ seed: 42 });
 * for (let t = 0; t < 100; t++) {
 *   const [next, reward, terminated, truncated, stepInfo] = env.step(env.actionSpace.sample());
 *   if (terminated || truncated) break;
 *   obs = next;
 * }
 * ```
 */
export class EdgeLLMEnv extends Env<Float32Array, EdgeLLMAction | Float32Array> {
  readonly observationSpace: Box<Float32Array>;
  readonly actionSpace: Space<EdgeLLMAction | Float32Array>;
  /** The resolved configuration. */
  readonly config: Readonly<ResolvedConfig>;
  private readonly workload: WorkloadSchedule;
  /** Replay of a trace workload (null for Poisson workloads). */
  private readonly replay: TraceReplay | null;
  /** The current slot's token sums per pair (trace workloads). */
  private readonly demand: SlotDemand | null;
  /** Tokens per pair if every request were served locally (trace workloads). */
  private readonly fullTokens: Float64Array | null;
  private lastSeed: number | undefined;
  private readonly projector: Projector;
  private readonly P: number;
  private readonly cached: Uint8Array;
  private readonly K: Float64Array;
  private readonly kappa: Float64Array;
  private readonly requests: Float64Array;
  private readonly means: Float64Array;
  private readonly score: Float64Array;
  private readonly localIn: Float64Array;
  private readonly appliedCache: Uint8Array;
  private readonly appliedLocal: Float64Array;
  /** Per-pair constants, precomputed so that the step loop does no index arithmetic or lookups. */
  private readonly pairConst: PairConstants;
  private readonly systemInfo: SystemDescription;
  private t = 0;
  private started = false;
  private lastInfo: EdgeLLMStepInfo | null = null;

  /**
   * @param config any subset of the fields of SPEC §1.1 (see `EDGE_LLM_CONFIG_SCHEMA`).
   * @throws {InvalidConfig} naming each unknown or out-of-range field.
   */
  constructor(config: Partial<EdgeLLMConfig> = {}) {
    super();
    this.config = Object.freeze(resolveConfig(config));
    const c = this.config;
    this.P = c.numPairs;
    this.metadata = { renderModes: ['ansi'], renderFps: 4 };
    this.renderMode = c.renderMode;
    this.observationSpace = new Box(0, Infinity, [4 * this.P + 1], 'float32') as Box<Float32Array>;
    this.actionSpace = (
      c.actionFormat === 'box'
        ? new Box(-1, 1, [2 * this.P], 'float32')
        : new Dict({ cache: new MultiBinary(this.P), local: new Box(0, 1, [this.P], 'float32') })
    ) as unknown as Space<EdgeLLMAction | Float32Array>;
    this.workload = new WorkloadSchedule(c);
    const w = c.workload;
    this.replay = w.kind === 'trace' ? new TraceReplay(loadTrace(w), w, c.horizon, c.rate, c.mix, c.numModels) : null;
    this.demand =
      this.replay === null
        ? null
        : { requests: new Float64Array(this.P), contextTokens: new Float64Array(this.P), generatedTokens: new Float64Array(this.P) };
    this.fullTokens = this.replay === null ? null : new Float64Array(this.P);
    this.projector = new Projector(c);
    this.cached = new Uint8Array(this.P);
    this.K = new Float64Array(this.P);
    this.kappa = new Float64Array(this.P);
    this.requests = new Float64Array(this.P);
    this.means = new Float64Array(this.P);
    this.score = new Float64Array(this.P);
    this.localIn = new Float64Array(this.P);
    this.appliedCache = new Uint8Array(this.P);
    this.appliedLocal = new Float64Array(this.P);
    this.pairConst = pairConstants(c);
    this.systemInfo = deepFreeze(describeSystem(c));
  }

  /** Static description of the system (sizes, budgets, scales), also returned in the reset `info.system`. */
  get system(): SystemDescription {
    return this.systemInfo;
  }

  /** Slots served in the current episode. */
  get slot(): number {
    return this.t;
  }

  /**
   * Starts an episode: empty cache and contexts, the first slot's requests drawn.
   * `info.system` describes the server (see {@link SystemDescription}); baselines read it.
   */
  override reset(args: ResetArgs = {}): [Float32Array, Info] {
    super.reset(args);
    const options = (args.options ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(options).filter((k) => !(k === 'split' && this.replay !== null));
    if (unknown.length > 0) {
      throw new InvalidArgument(
        `EdgeLLMEnv.reset accepts ${this.replay !== null ? "only the option 'split' ('train' or 'eval')" : 'no options (split is for trace workloads)'}; remove ${unknown.map((k) => `'${k}'`).join(', ')}.`,
      );
    }
    if (args.seed !== undefined) this.lastSeed = args.seed;
    const split = this.replay?.splitFor(this.lastSeed, options.split);
    this.cached.fill(0);
    this.K.fill(0);
    this.kappa.fill(0);
    this.t = 0;
    this.started = true;
    this.lastInfo = null;
    this.workload.prepare(this.npRandom);
    const info: Info = { system: this.system };
    if (this.replay !== null) {
      this.replay.prepare(this.npRandom, split!);
      info.traceWindow = { ...this.replay.window, source: this.replay.trace.source };
    }
    this.drawRequests(1);
    info.requests = this.totalRequests();
    return [this.observation(), info];
  }

  /**
   * Serves one slot with `action` (projected to a feasible one, reported in `info.applied`).
   * @throws {InvalidAction} for a malformed action (wrong shape, NaN, out of range); state is unchanged.
   * @throws {ResetNeeded} before `reset` or after the episode was truncated.
   */
  step(action: EdgeLLMAction | Float32Array): StepResult<Float32Array> {
    if (!this.started) throw new ResetNeeded('EdgeLLMEnv.step() called before reset(); call env.reset() first.');
    if (this.t >= this.config.horizon) {
      throw new ResetNeeded(`The episode ended after ${this.config.horizon} slots (truncated); call env.reset() to start a new one.`);
    }
    this.readAction(action);
    const c = this.config;
    const P = this.P;
    const R = this.requests;
    const report = this.projector.project(
      { score: this.score, local: this.localIn, cachedBefore: this.cached, requests: R, tokens: this.fullTokens ?? undefined },
      { cache: this.appliedCache, local: this.appliedLocal },
    );
    const a = this.appliedCache;
    const b = this.appliedLocal;
    const k = c.thoughtTokens;
    const vanishing = c.vanishing;
    const tokensPerRequest = c.paths * k;
    const cloudPerRequest = c.cloudCost * c.paths;
    const pc = this.pairConst;
    const K = this.K;
    const kappa = this.kappa;
    const cached = this.cached;
    const genTokens = this.demand?.generatedTokens;
    const ctxTokens = this.demand?.contextTokens;
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
    const cacheOut = new Int8Array(P);
    const localOut = new Float32Array(P);
    for (let p = 0; p < P; p++) {
      const r = R[p]!;
      total += r;
      const ap = a[p]!;
      const bp = b[p]!;
      cacheOut[p] = ap;
      localOut[p] = bp;
      const toCloud = (1 - bp) * r;
      cloud += cloudPerRequest * toCloud;
      accSum += toCloud * pc.cloudAccuracy[p]!;
      if (ap === 0) {
        K[p] = 0;
        kappa[p] = 0;
        cached[p] = 0;
        continue;
      }
      if (cached[p] === 0) {
        switching += pc.switchCost[p]!;
        loads++;
      }
      const served = bp * r;
      // trace workloads: each path generates the request's GeneratedTokens, the prompt is its ContextTokens
      const delta = genTokens !== undefined ? bp * c.paths * genTokens[p]! : served * tokensPerRequest;
      const Kp = K[p]! + delta;
      const kap = Math.max(kappa[p]! + delta / k - vanishing, 0);
      kappa[p] = kap;
      communication += ctxTokens !== undefined ? c.edgeAccessCost * bp * ctxTokens[p]! : pc.accessCost[p]! * served;
      computation += pc.computePerToken[p]! * delta;
      accuracyCost += (pc.accuracyFactor[p]! * served) / (kap > 1 ? kap : 1);
      edgeServed += served;
      accSum += served * pc.edgeAccuracy[p]!;
      if (Kp > pc.window[p]!) {
        cached[p] = 0;
        K[p] = 0;
        kappa[p] = 0;
        evictions++;
      } else {
        cached[p] = 1;
        K[p] = Kp;
      }
    }
    const cost = switching + communication + computation + accuracyCost + cloud;
    this.t++;
    const info: EdgeLLMStepInfo = {
      slot: this.t,
      applied: { cache: cacheOut, local: localOut },
      costs: { switching, communication, computation, accuracy: accuracyCost, cloud, total: cost },
      requests: total,
      edgeShare: total > 0 ? edgeServed / total : 0,
      cloudShare: total > 0 ? 1 - edgeServed / total : 0,
      accuracy: total > 0 ? accSum / total : 0,
      energyUsed: report.energyUsed,
      energyBound: report.energyBound,
      memoryUsed: report.memoryUsed,
      memoryBound: report.memoryBound,
      loads,
      evictions,
    };
    this.lastInfo = info;
    this.drawRequests(this.t + 1);
    // 0 - cost, not -cost: a slot that costs nothing gives reward +0, never -0
    return [this.observation(), 0 - cost, false, this.t >= c.horizon, info];
  }

  /** Text rendering (mode `ansi`): cache, contexts, requests and the last slot's costs. */
  override render(): string | null {
    if (this.renderMode !== 'ansi') return null;
    return renderAnsi(this.config, {
      slot: this.t,
      cached: this.cached,
      K: this.K,
      kappa: this.kappa,
      requests: this.requests,
      last: this.lastInfo,
    });
  }

  /** Checks and copies an action into the scratch buffers; throws before any state changes. */
  /**
   * Checks `action` with the action space's membership rule (`Space.explain`) and loads it into the
   * score and local-fraction buffers.
   * @throws {InvalidAction} naming the first offending entry; the env's state is unchanged.
   */
  private readAction(action: unknown): void {
    const P = this.P;
    const why = this.actionSpace.explain(action, 'action');
    if (why !== null) {
      const layout = this.config.actionFormat === 'box' ? `${P} cache scores then ${P} local values in [-1, 1]` : `{ cache, local } with ${P} entries each, one per agent×model pair`;
      throw new InvalidAction(`EdgeLLM ${why}. An action is ${layout}; clip or rescale the policy output (actions are rejected, never clipped).`);
    }
    if (this.config.actionFormat === 'box') {
      const x = this.actionSpace.fromLists(action) as ArrayLike<number>;
      for (let p = 0; p < P; p++) {
        this.score[p] = x[p]! > 0 ? x[p]! : 0;
        this.localIn[p] = (x[P + p]! + 1) / 2;
      }
      return;
    }
    const { cache, local } = this.actionSpace.fromLists(action) as EdgeLLMAction;
    for (let p = 0; p < P; p++) {
      this.score[p] = cache[p]!;
      this.localIn[p] = local[p]!;
    }
  }

  private drawRequests(t: number): void {
    if (this.replay !== null) {
      this.replay.demandAt(t, this.demand!);
      this.requests.set(this.demand!.requests);
      for (let p = 0; p < this.P; p++) this.fullTokens![p] = this.config.paths * this.demand!.generatedTokens[p]!;
      return;
    }
    this.workload.meansAt(t, this.means);
    const rng = this.npRandom;
    for (let p = 0; p < this.P; p++) this.requests[p] = rng.poisson(this.means[p]!);
  }

  private totalRequests(): number {
    let s = 0;
    for (let p = 0; p < this.P; p++) s += this.requests[p]!;
    return s;
  }

  private observation(): Float32Array {
    const pc = this.pairConst;
    const obs = new Float32Array(4 * this.P + 1);
    const invScale = 1 / this.config.requestScale;
    for (let p = 0, o = 0; p < this.P; p++, o += 4) {
      obs[o] = this.cached[p]!;
      obs[o + 1] = this.requests[p]! * invScale;
      obs[o + 2] = this.kappa[p]! * pc.invKappaScale[p]!;
      obs[o + 3] = this.K[p]! * pc.invWindow[p]!;
    }
    obs[4 * this.P] = this.t / this.config.horizon;
    return obs;
  }
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

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
