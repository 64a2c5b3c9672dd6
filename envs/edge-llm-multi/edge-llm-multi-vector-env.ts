/**
 * `EdgeLLMMultiVectorEnv`: K multi-edge systems stepped as one batch, server s of every system in one
 * `EdgeLLMCore` of K environments, presented as the vector env of one sub-environment per (system, server)
 * that parameter sharing trains on (docs/model.md#the-batch-native-multi-edge-vector-env).
 * @module
 */
import type { Info } from '../../src/core/env.ts';
import { ClosedEnvironment, InvalidAction, InvalidArgument, ResetNeeded } from '../../src/core/errors.ts';
import { Generator, npRandom } from '../../src/random/generator.ts';
import { Box } from '../../src/spaces/box.ts';
import { typedArrayOfLength } from '../../src/spaces/dtype.ts';
import type { Space } from '../../src/spaces/space.ts';
import { AgentPadding } from '../../src/parallel/agent-padding.ts';
import { batchSpace, itemAt } from '../../src/vector/batch.ts';
import { addInfo, type VectorInfo } from '../../src/vector/vector-info.ts';
import { VectorEnv, type VectorEnvMetadata, type VectorResetArgs, type VectorStepResult } from '../../src/vector/vector-env.ts';
import { EdgeLLMCore, loadAction } from '../edge-llm/edge-llm-core.ts';
import { edgeLlmSpaces } from '../edge-llm/edge-llm-env.ts';
import { type EdgeLLMMultiConfig, type ResolvedMultiConfig, resolveMultiConfig } from './config.ts';
import { coupledCosts, serverMarket, serverResetOptions, serverSeeds, systemMarket, type ServerStepInfo } from './edge-llm-multi-env.ts';
import { PathMarket, type LeanSlotMarket, type ServerSlot, type SlotMarket } from './path-market.ts';

/** Options of {@link EdgeLLMMultiVectorEnv}. */
export interface EdgeLLMMultiVectorEnvOptions {
  /** Autoreset mode; only `same-step` (the default, what the trainer needs) is supported. */
  autoresetMode?: 'same-step';
  /** `false` returns `{}` as the infos of every reset and step, which skips building them (default `true`). */
  infos?: boolean;
}

/** The infos of every reset and step with `infos: false` (frozen: one object for all). */
const NO_INFOS: VectorInfo = Object.freeze({});

/**
 * K copies of the multi-edge system (`EdgeLLMMultiEnv`) with S servers as one vector environment of K·S
 * sub-environments, with the contract of `AgentVectorEnv` over K `EdgeLLMMultiEnv`s of the same
 * configuration and, for the same seeds and actions, its observations, rewards, flags and infos bit for bit:
 *
 * - sub-environment `k·S + n` is server n of system k, in the padded spaces of `AgentPadding` (its
 *   observation zero-padded to the largest server's, then a one-hot of n; its action cut back to the
 *   server's own space, Box entries clipped to its bounds);
 * - autoreset is same-step: when a system's episode ends (every server is truncated after `horizon` slots),
 *   `infos.final_obs` and `infos.final_info` hold its servers' last padded observations and infos, and the
 *   system is reset at once (unseeded, its generators going on);
 * - seeds: one seed `s` resets system k with `s + k`; an array of K·S seeds resets system k with
 *   `seeds[k·S]` (the other entries are not used); system seed σ resets server n with the n-th draw of a
 *   generator seeded with σ, as `EdgeLLMMultiEnv.reset` does. `reset_mask` is refused.
 *
 * The state is held as the batch-native single-server env holds it: server s of every system in one
 * `EdgeLLMCore` of K environments, each (system, server) with its own generator; the market clears per
 * system on the servers' arrays. The observations, rewards, terminations and truncations are buffers owned
 * by the vector env, returned by every `reset` and `step` (the same result array each step) and overwritten
 * by the next one: copy them to keep them. Infos are fresh objects; with `infos: false` they are skipped
 * (every call returns one frozen `{}`) and the market clears lean (`PathMarket.clearLean`: the same numbers
 * without the books' objects), so a step allocates nothing (with sealed clearing). Actions are checked for every system before any steps (an error
 * names the system, sub-environments and server; nothing moves).
 *
 * @example
 * ```ts
 * const envs = new EdgeLLMMultiVectorEnv(5, {}); // 5 copies of EdgeLLMMulti-v0's system
 * envs.numEnvs; // 20: 5 systems × 4 edge servers
 * const [obs] = envs.reset({ seed: 1 });
 * const [next, rewards, terminations, truncations, infos] = envs.step(envs.actionSpace.sample());
 * ```
 */
export class EdgeLLMMultiVectorEnv extends VectorEnv<Float32Array, unknown> {
  readonly numEnvs: number;
  readonly observationSpace: Space<Float32Array>;
  readonly actionSpace: Space<unknown>;
  readonly singleObservationSpace: Box<Float32Array>;
  readonly singleActionSpace: Space<unknown>;
  readonly metadata: VectorEnvMetadata;
  /** The resolved configuration of every system. */
  readonly config: Readonly<ResolvedMultiConfig>;
  /** Systems, K. */
  readonly numCopies: number;
  /** Servers (agents) per system, S. */
  readonly numAgents: number;
  /** The padding of the servers' spaces. */
  readonly padding: AgentPadding;
  /** Per server s: the state of server s of every system (an `EdgeLLMCore` of K environments). */
  readonly cores: readonly EdgeLLMCore[];
  /** The market (its clearing is per system; it keeps nothing between clearings). */
  readonly market: PathMarket;
  private readonly withInfos: boolean;
  private readonly M: number;
  /** The largest server's pairs (entries per sub-environment of each part of the padded dict action). */
  private readonly maxPairs: number;
  private readonly horizon: number;
  /** Generator and last seed of (system k, server s) at k·S + s. */
  private readonly rngs: (Generator | null)[];
  private readonly lastSeeds: (number | undefined)[];
  private readonly started: Uint8Array;
  /** Per system: the last slot's clearing prices (2 per model), and views of them. */
  private readonly prices: Float32Array;
  private readonly priceRows: Float32Array[];
  /** Per server s: the loaded actions of every system (cache score and local fraction, K × P_s). */
  private readonly actScore: Float64Array[];
  private readonly actLocal: Float64Array[];
  /** Views of the action arrays: the row of (system k, server s) at k·S + s. */
  private readonly scoreRows: Float64Array[];
  private readonly localRows: Float64Array[];
  /** Per system: what each server brings to its market (views of the cores' arrays). */
  private readonly slots: ServerSlot[][];
  private readonly totals: Float64Array;
  private readonly obs: Float32Array;
  private readonly rewards: Float64Array;
  private readonly terminations: boolean[];
  private readonly truncations: boolean[];
  private readonly result: VectorStepResult<Float32Array>;
  private isClosed = false;

  /**
   * @param numCopies systems K (a positive integer).
   * @param config the configuration of every system (as `EdgeLLMMultiEnv`'s).
   * @throws {InvalidConfig} naming each bad configuration field; {@link InvalidArgument} for a bad `numCopies` or autoreset mode.
   */
  constructor(numCopies: number, config: Partial<EdgeLLMMultiConfig> = {}, options: EdgeLLMMultiVectorEnvOptions = {}) {
    super();
    if (!Number.isInteger(numCopies) || numCopies < 1) throw new InvalidArgument(`EdgeLLMMultiVectorEnv numCopies must be a positive integer; got ${numCopies}.`);
    const mode = options.autoresetMode ?? 'same-step';
    if (mode !== 'same-step') throw new InvalidArgument(`EdgeLLMMultiVectorEnv supports autoresetMode 'same-step' only; got ${JSON.stringify(mode)}.`);
    this.config = Object.freeze(resolveMultiConfig(config));
    const c = this.config;
    const K = numCopies;
    const S = c.numServers;
    const M = c.modelNames.length;
    this.numCopies = K;
    this.numAgents = S;
    this.numEnvs = K * S;
    this.M = M;
    this.horizon = c.horizon;
    this.withInfos = options.infos ?? true;
    this.cores = c.resolved.map((r) => new EdgeLLMCore(r, K));
    this.market = new PathMarket(c.resolved, c.marketOptions);
    this.maxPairs = Math.max(...this.cores.map((core) => core.P));
    const agents = c.resolved.map((_, n) => `es${n}`);
    this.padding = new AgentPadding(
      agents,
      this.cores.map((core) => new Box(0, Infinity, [core.obsSize + 2 * M], 'float32')),
      c.resolved.map((r) => edgeLlmSpaces(r).actionSpace as Space<unknown>),
    );
    this.singleObservationSpace = this.padding.observationSpace;
    this.singleActionSpace = this.padding.actionSpace;
    this.observationSpace = batchSpace(this.singleObservationSpace, this.numEnvs) as Space<Float32Array>;
    this.actionSpace = batchSpace(this.singleActionSpace, this.numEnvs);
    this.metadata = { renderModes: ['ansi'], autoresetMode: 'same-step' };
    this.rngs = new Array<Generator | null>(K * S).fill(null);
    this.lastSeeds = new Array<number | undefined>(K * S).fill(undefined);
    this.started = new Uint8Array(K);
    this.prices = new Float32Array(K * 2 * M);
    this.priceRows = Array.from({ length: K }, (_, k) => this.prices.subarray(k * 2 * M, (k + 1) * 2 * M));
    this.actScore = this.cores.map((core) => new Float64Array(K * core.P));
    this.actLocal = this.cores.map((core) => new Float64Array(K * core.P));
    const rowsOf = (arrays: Float64Array[]) =>
      Array.from({ length: K * S }, (_, i) => {
        const k = Math.floor(i / S);
        const P = this.cores[i - k * S]!.P;
        return arrays[i - k * S]!.subarray(k * P, (k + 1) * P);
      });
    this.scoreRows = rowsOf(this.actScore);
    this.localRows = rowsOf(this.actLocal);
    this.slots = Array.from({ length: K }, (_, k) =>
      this.cores.map((core) => {
        const P = core.P;
        return {
          served: core.servedLast.subarray(k * P, (k + 1) * P),
          kappa: core.kappaLast.subarray(k * P, (k + 1) * P),
          cache: core.appliedCache.subarray(k * P, (k + 1) * P),
          energyUsed: 0,
        };
      }),
    );
    this.totals = new Float64Array(S);
    const D = this.padding.observationSpace.size;
    this.obs = new Float32Array(K * S * D);
    // the padding zeros and the one-hots never change: written once
    for (let e = 0; e < K * S; e++) this.obs[e * D + this.padding.maxObservationDim + (e % S)] = 1;
    this.rewards = new Float64Array(K * S);
    this.terminations = new Array<boolean>(K * S).fill(false);
    this.truncations = new Array<boolean>(K * S).fill(false);
    this.result = [this.obs, this.rewards, this.terminations, this.truncations, NO_INFOS];
  }

  /**
   * Resets every system (see the class description for the seeds); `options` go to every system, which
   * passes `split` to its servers (trace workloads) and ignores the rest with a warning.
   * @throws {InvalidArgument} for `reset_mask` (a server is reset with its whole system); {@link RangeError} for a seed array of the wrong length.
   */
  override reset(args: VectorResetArgs = {}): [Float32Array, VectorInfo] {
    this.assertOpen();
    const K = this.numCopies;
    const S = this.numAgents;
    const { seed, options } = args;
    if (options !== undefined && (options.reset_mask !== undefined || options.resetMask !== undefined)) {
      throw new InvalidArgument('EdgeLLMMultiVectorEnv cannot reset single sub-environments (reset_mask): a server is reset with its whole system.');
    }
    if (Array.isArray(seed) && seed.length !== K * S) {
      throw new RangeError(`reset seed array must have numEnvs=${K * S} entries (system k uses entry k·${S}); got ${seed.length}.`);
    }
    const infos: VectorInfo = {};
    for (let k = 0; k < K; k++) {
      const s = seed === undefined ? undefined : typeof seed === 'number' ? seed + k : (seed as readonly (number | undefined)[])[k * S];
      const split = serverResetOptions(this.config, options)?.split;
      this.resetCopy(k, s === undefined ? null : serverSeeds(s, S), split);
      this.started[k] = 1;
      this.writeCopyObs(k);
      if (this.withInfos) this.addResetInfos(k, infos);
    }
    return [this.obs, this.withInfos ? infos : NO_INFOS];
  }

  /** Resets the servers of system k (with their seeds when given), as `EdgeLLMMultiEnv.reset` does. */
  private resetCopy(k: number, seeds: number[] | null, split: unknown): void {
    const S = this.numAgents;
    this.priceRows[k]!.fill(0);
    for (let n = 0; n < S; n++) {
      const core = this.cores[n]!;
      const i = k * S + n;
      if (split !== undefined) core.checkResetOptions({ split });
      if (seeds !== null) {
        this.rngs[i] = new Generator(seeds[n]!);
        this.lastSeeds[i] = seeds[n]!;
      }
      let rng = this.rngs[i];
      if (rng === null || rng === undefined) {
        rng = npRandom()[0];
        this.rngs[i] = rng;
      }
      core.reset(k, rng, this.lastSeeds[i], split);
    }
  }

  /** Merges the reset infos of system k's servers. */
  private addResetInfos(k: number, infos: VectorInfo): void {
    const S = this.numAgents;
    for (let n = 0; n < S; n++) {
      const info: Info = { ...this.cores[n]!.resetInfo(k), agent: this.padding.agents[n]!, market: this.config.market };
      addInfo(infos, info, k * S + n, this.numEnvs);
    }
  }

  /** Writes system k's padded observations into the batch: each server's observation, then the prices. */
  private writeCopyObs(k: number): void {
    const S = this.numAgents;
    const D = this.padding.observationSpace.size;
    const prices = this.priceRows[k]!;
    for (let n = 0; n < S; n++) {
      const core = this.cores[n]!;
      const off = (k * S + n) * D;
      core.writeObservation(k, this.obs, off);
      this.obs.set(prices, off + core.obsSize);
    }
  }

  /**
   * Steps every system once with its servers' actions (sub-environments `k·S … k·S + S − 1`), each cut to
   * its server's space; a system whose episode ends is reset in the same step.
   * @throws {InvalidAction} naming the system, sub-environments, server and entry of a malformed action (nothing stepped);
   *   {@link ResetNeeded} before `reset`.
   */
  override step(actions: unknown): VectorStepResult<Float32Array> {
    this.assertOpen();
    const K = this.numCopies;
    const S = this.numAgents;
    for (let k = 0; k < K; k++) {
      if (this.started[k] === 0) throw new ResetNeeded('EdgeLLMMultiVectorEnv.step() called before reset(); call envs.reset() first.');
    }
    this.readActions(actions);
    const withInfos = this.withInfos;
    const infos: VectorInfo | null = withInfos ? {} : null;
    const marketOn = this.config.market;
    const individual = this.config.reward === 'individual';
    const cores = this.cores;
    const totals = this.totals;
    const rewards = this.rewards;
    const truncs = this.truncations;
    const M = this.M;
    const maxPrice = this.market.maxPrice;
    for (let k = 0; k < K; k++) {
      for (let n = 0; n < S; n++) {
        cores[n]!.stepWith(k, this.rngs[k * S + n]!, this.scoreRows[k * S + n]!, this.localRows[k * S + n]!);
      }
      // the market: the full clearing when the infos need it, else the lean one (the same numbers)
      let slot: SlotMarket | null = null;
      let lean: LeanSlotMarket | null = null;
      if (marketOn) {
        const slots = this.slots[k]!;
        for (let n = 0; n < S; n++) slots[n]!.energyUsed = cores[n]!.last.energyUsed[k]!;
        if (withInfos) slot = this.market.clear(slots);
        else lean = this.market.clearLean(slots);
      }
      const per = slot ?? lean;
      // the servers' costs after the market, as EdgeLLMMultiEnv's coupledCosts computes them
      let systemCost = 0;
      for (let n = 0; n < S; n++) {
        const L = cores[n]!.last;
        let total = L.cost[k]!;
        if (per !== null) {
          const relief = per.accuracyRelief[n]!;
          const sell = per.sellCost[n]!;
          if (relief !== 0 || sell !== 0) {
            const accuracy = Math.max(L.accuracyCost[k]! - relief, 0);
            const computation = L.computation[k]! + sell;
            total = L.switching[k]! + L.communication[k]! + computation + accuracy + L.cloud[k]!;
          }
        }
        totals[n] = total;
        systemCost += total;
      }
      if (slot !== null) {
        const prices = this.priceRows[k]!;
        const models = slot.models;
        for (let m = 0; m < M; m++) {
          const x = models[m]!;
          prices[2 * m] = x.units > 0 ? x.buyerPrice / maxPrice : 0;
          prices[2 * m + 1] = x.units > 0 ? x.sellerPrice / maxPrice : 0;
        }
      } else if (lean !== null) {
        const prices = this.priceRows[k]!;
        for (let m = 0; m < M; m++) {
          const traded = lean.units[m]! > 0;
          prices[2 * m] = traded ? lean.buyerPrice[m]! / maxPrice : 0;
          prices[2 * m + 1] = traded ? lean.sellerPrice[m]! / maxPrice : 0;
        }
      }
      const truncated = cores[0]!.t[k]! >= this.horizon;
      for (let n = 0; n < S; n++) {
        const revenue = per === null ? 0 : per.revenue[n]!;
        const paid = per === null ? 0 : per.paid[n]!;
        rewards[k * S + n] = 0 - (individual ? totals[n]! - revenue + paid : systemCost);
        truncs[k * S + n] = truncated;
      }
      this.writeCopyObs(k);
      if (infos === null) {
        // same-step autoreset: the new episode's observations replace the last ones
        if (truncated) {
          this.resetCopy(k, null, undefined);
          this.writeCopyObs(k);
        }
        continue;
      }
      const stepInfos = this.stepInfos(k, slot, systemCost);
      if (truncated) {
        this.addFinals(k, stepInfos, infos);
        this.resetCopy(k, null, undefined);
        this.writeCopyObs(k);
        this.addResetInfos(k, infos);
      } else {
        for (let n = 0; n < S; n++) addInfo(infos, stepInfos[n]!, k * S + n, this.numEnvs);
      }
    }
    const result = this.result;
    result[4] = infos ?? NO_INFOS;
    return result;
  }

  /** The step infos of system k's servers, as `EdgeLLMMultiEnv.step` builds them. */
  private stepInfos(k: number, slot: SlotMarket | null, systemCost: number): ServerStepInfo[] {
    const S = this.numAgents;
    const system = systemMarket(slot);
    const out: ServerStepInfo[] = [];
    for (let n = 0; n < S; n++) {
      const server = this.cores[n]!.stepInfo(k);
      out.push({
        slot: this.cores[n]!.t[k]!,
        costs: coupledCosts(server.costs, slot, n),
        server,
        energyUsed: server.energyUsed + (slot === null ? 0 : slot.sellEnergy[n]!),
        market: serverMarket(slot, n),
        system,
        systemCost,
        systemReward: 0 - systemCost,
      });
    }
    return out;
  }

  /** Adds system k's last padded observations (from the batch) and infos as `final_obs` and `final_info`. */
  private addFinals(k: number, stepInfos: ServerStepInfo[], infos: VectorInfo): void {
    const S = this.numAgents;
    const E = this.numEnvs;
    const D = this.padding.observationSpace.size;
    for (let n = 0; n < S; n++) {
      const e = k * S + n;
      let values = infos.final_obs as unknown[] | undefined;
      let mask = infos._final_obs as boolean[] | undefined;
      if (values === undefined || mask === undefined) {
        values = new Array<unknown>(E).fill(null);
        mask = new Array<boolean>(E).fill(false);
        infos.final_obs = values;
        infos._final_obs = mask;
      }
      values[e] = this.obs.slice(e * D, (e + 1) * D);
      mask[e] = true;
      addInfo(infos, { final_info: stepInfos[n]! }, e, E);
    }
  }

  /**
   * Loads every sub-environment's action, cut to its server's space, into the per-server action arrays.
   * Typed batches of valid rows are read directly; anything else goes through `AgentPadding.cutAction` and
   * the server's action check row by row, as `AgentVectorEnv` does.
   * @throws {InvalidAction} naming the system, sub-environments, server and entry; the cores are untouched.
   */
  private readActions(actions: unknown): void {
    if (this.fastLoad(actions)) return;
    let converted = actions;
    try {
      converted = this.actionSpace.fromLists(actions);
    } catch {
      // left as given: the row check below names what is wrong
    }
    if (converted !== actions && this.fastLoad(converted)) return;
    const S = this.numAgents;
    const box = this.config.resolved[0]!.actionFormat === 'box';
    for (let e = 0; e < this.numEnvs; e++) {
      const k = Math.floor(e / S);
      const n = e - k * S;
      const P = this.cores[n]!.P;
      const agent = this.padding.agents[n]!;
      const where = `Copy ${k} (sub-environments ${k * S}–${k * S + S - 1}): Agent ${agent}`;
      let row: unknown;
      try {
        row = this.padding.cutAction(n, itemAt(this.singleActionSpace, converted, e));
      } catch (err) {
        const why = this.actionSpace.explain(actions, 'actions');
        throw new InvalidAction(`${where}: the batched action is not a batch of the padded action space (${why ?? (err as Error).message}). No server was stepped.`);
      }
      try {
        loadAction(this.padding.agentActionSpaces[n]!, box ? 'box' : 'dict', row, this.actScore[n]!.subarray(k * P, (k + 1) * P), this.actLocal[n]!.subarray(k * P, (k + 1) * P), `actions.${agent}`);
      } catch (err) {
        if (err instanceof InvalidAction) throw new InvalidAction(`${where}: ${err.message} No server was stepped.`);
        throw err;
      }
    }
  }

  /**
   * Loads a batch of typed arrays of the padded sizes whose every entry the cut keeps is valid after the
   * clip (cache bits 0 or 1, no NaN); returns `false`, leaving the cores untouched, for anything else.
   */
  private fastLoad(actions: unknown): boolean {
    const E = this.numEnvs;
    const S = this.numAgents;
    const box = this.config.resolved[0]!.actionFormat === 'box';
    if (box) {
      const W = 2 * this.maxPairs;
      const x = typedArrayOfLength(actions, E * W);
      if (x === null) return false;
      for (let e = 0; e < E; e++) {
        const k = Math.floor(e / S);
        const n = e - k * S;
        const P = this.cores[n]!.P;
        const score = this.actScore[n]!;
        const local = this.actLocal[n]!;
        for (let p = 0, o = e * W; p < P; p++) {
          const a = Math.fround(Math.min(1, Math.max(-1, x[o + p]!)));
          const b = Math.fround(Math.min(1, Math.max(-1, x[o + P + p]!)));
          if (a !== a || b !== b) return false;
          score[k * P + p] = a > 0 ? a : 0;
          local[k * P + p] = (b + 1) / 2;
        }
      }
      return true;
    }
    if (actions === null || typeof actions !== 'object' || Array.isArray(actions) || ArrayBuffer.isView(actions)) return false;
    const obj = actions as Record<string, unknown>;
    const W = this.maxPairs;
    const cache = typedArrayOfLength(obj.cache, E * W);
    const localIn = typedArrayOfLength(obj.local, E * W);
    if (cache === null || localIn === null) return false;
    for (let e = 0; e < E; e++) {
      const k = Math.floor(e / S);
      const n = e - k * S;
      const P = this.cores[n]!.P;
      const score = this.actScore[n]!;
      const local = this.actLocal[n]!;
      for (let p = 0, o = e * W; p < P; p++) {
        const c = cache[o + p]!;
        const b = Math.fround(Math.min(1, Math.max(0, localIn[o + p]!)));
        if ((c !== 0 && c !== 1) || b !== b) return false;
        score[k * P + p] = c === 1 ? 1 : 0;
        local[k * P + p] = b;
      }
    }
    return true;
  }

  /** `true` once {@link EdgeLLMMultiVectorEnv.close} was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Closes the systems; calling it again does nothing. */
  override close(): void {
    this.isClosed = true;
  }

  private assertOpen(): void {
    if (this.isClosed) throw new ClosedEnvironment('This EdgeLLMMultiVectorEnv is closed; make a new one.');
  }
}
