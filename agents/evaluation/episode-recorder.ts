/**
 * Per-episode records: what an evaluation keeps of each episode, accumulated step by step from the rewards
 * and infos, so that episodes stepped locally or through the bridge are recorded the same way.
 * @module
 */
import type { Info } from '../../src/core/env.ts';
import { type EpisodeTrace, TraceRecorder } from './episode-trace.ts';

/** Cost terms of the EdgeLLM environment, averaged per slot over an episode. */
export interface CostBreakdown {
  switching: number;
  communication: number;
  computation: number;
  accuracy: number;
  cloud: number;
}

/** Multi-edge systems: per-slot means of an episode, over the servers and the market. */
export interface SystemRecord {
  /** Mean cost per slot of each server, after the market, keyed by server (`es0`, …). */
  serverCosts: Record<string, number>;
  /** Market welfare per slot (on the reports; 0 with the market off). */
  welfare: number;
  /** Budget surplus per slot (buyers' payments − sellers' receipts, ≥ 0). */
  budgetSurplus: number;
  /** Clock rounds per slot (1 per model book for sealed clearing). */
  rounds: number;
  /** Reasoning paths traded per slot. */
  paths: number;
}

/** One evaluated episode. */
export interface EpisodeRecord {
  /** Seed of `reset`. */
  seed: number;
  /**
   * Learning agents evaluated over several training seeds: the training seed of the checkpoint that played
   * the episode (see `across-seeds.ts`); absent otherwise.
   */
  trainingSeed?: number;
  /** Sum of rewards. */
  return: number;
  /** Steps. */
  length: number;
  /** Mean cost per step (−return / length). */
  meanCost: number;
  /** EdgeLLM: cost terms per slot. */
  costs?: CostBreakdown;
  /** EdgeLLM: request-weighted task accuracy. */
  accuracy?: number;
  /** EdgeLLM: share of requests served at the edge. */
  edgeShare?: number;
  /** EdgeLLM: window evictions in the episode. */
  evictions?: number;
  /** EdgeLLM: model loads in the episode. */
  loads?: number;
  /** EdgeLLM: share of slots where the energy budget bound. */
  energyBoundShare?: number;
  /** Market: welfare / OPT at the end of the auction. */
  welfareRatio?: number;
  /** Market: clock rounds. */
  rounds?: number;
  /** Market: messages. */
  messages?: number;
  /** Multi-edge systems: per-server costs and the market (the EdgeLLM fields above are then system-wide). */
  system?: SystemRecord;
  /** The compact per-step record of the episode (see `episode-trace.ts`). */
  trace?: EpisodeTrace;
}

/** `true` for the `info.agents` of a multi-edge system view: every entry has its cost terms and the system cost. */
function isSystemInfo(agents: unknown): agents is Record<string, Info> {
  if (agents === null || typeof agents !== 'object' || Array.isArray(agents)) return false;
  const values = Object.values(agents as Record<string, unknown>);
  return values.length > 0 && values.every((a) => a !== null && typeof a === 'object' && typeof (a as Info).costs === 'object' && typeof (a as Info).systemCost === 'number');
}

/**
 * Accumulates one episode. Call {@link EpisodeRecorder.add} after every step and
 * {@link EpisodeRecorder.finish} at the end.
 *
 * @example
 * ```ts
 * const env = new EdgeLLMEnv();
 * env.reset({ seed: 10000 });
 * const rec = new EpisodeRecorder(10000);
 * for (let done = false; !done; ) {
 *   const [, reward, terminated, truncated, info] = env.step(env.actionSpace.sample());
 *   rec.add(reward, info);
 *   done = terminated || truncated;
 * }
 * const record = rec.finish(); // return, length, mean cost, the cost breakdown …
 * ```
 */
export class EpisodeRecorder {
  private readonly seed: number;
  private ret = 0;
  private len = 0;
  private costs: CostBreakdown | null = null;
  private requests = 0;
  private accWeighted = 0;
  private edgeWeighted = 0;
  private evictions = 0;
  private loads = 0;
  private energyBound = 0;
  private last: Info | null = null;
  private system: SystemRecord | null = null;
  private readonly trace = new TraceRecorder();

  constructor(seed: number) {
    this.seed = seed;
  }

  /** Adds one step. */
  add(reward: number, info: Info): void {
    this.ret += reward;
    this.len++;
    this.last = info;
    this.trace.add(reward, info);
    const costs = info.costs as Record<string, number> | undefined;
    if (costs !== undefined && typeof costs === 'object') {
      this.addServer(costs, info, info.energyBound ? 1 : 0);
    } else if (isSystemInfo(info.agents)) {
      this.addSystem(info.agents);
    }
  }

  /** One server's slot: its cost terms and its single-server step info. */
  private addServer(costs: Record<string, number>, server: Info, energyBound: number): void {
    this.costs ??= { switching: 0, communication: 0, computation: 0, accuracy: 0, cloud: 0 };
    for (const k of Object.keys(this.costs) as (keyof CostBreakdown)[]) this.costs[k] += costs[k] ?? 0;
    const r = Number(server.requests ?? 0);
    this.requests += r;
    this.accWeighted += r * Number(server.accuracy ?? 0);
    this.edgeWeighted += r * Number(server.edgeShare ?? 0);
    this.evictions += Number(server.evictions ?? 0);
    this.loads += Number(server.loads ?? 0);
    this.energyBound += energyBound;
  }

  /** A multi-edge slot (a system view's `info.agents`): every server's costs, then the market once. */
  private addSystem(agents: Record<string, Info>): void {
    this.system ??= { serverCosts: {}, welfare: 0, budgetSurplus: 0, rounds: 0, paths: 0 };
    let bound = 0;
    type Market = { welfare: number; budgetSurplus: number; rounds: number; units: number };
    let market = null as Market | null;
    for (const [name, a] of Object.entries(agents)) {
      const costs = a.costs as Record<string, number>;
      const server = (a.server ?? {}) as Info;
      this.addServer(costs, server, 0);
      if (server.energyBound) bound = 1;
      this.system.serverCosts[name] = (this.system.serverCosts[name] ?? 0) + Number(costs.total ?? 0);
      market ??= (a.system as Market | null | undefined) ?? null;
    }
    this.energyBound += bound;
    if (market !== null) {
      this.system.welfare += market.welfare;
      this.system.budgetSurplus += market.budgetSurplus;
      this.system.rounds += market.rounds;
      this.system.paths += market.units;
    }
  }

  /** The finished record. */
  finish(): EpisodeRecord {
    const n = Math.max(this.len, 1);
    const record: EpisodeRecord = { seed: this.seed, return: this.ret, length: this.len, meanCost: -this.ret / n };
    if (this.costs !== null) {
      const c = this.costs;
      record.costs = {
        switching: c.switching / n,
        communication: c.communication / n,
        computation: c.computation / n,
        accuracy: c.accuracy / n,
        cloud: c.cloud / n,
      };
      record.accuracy = this.requests > 0 ? this.accWeighted / this.requests : 0;
      record.edgeShare = this.requests > 0 ? this.edgeWeighted / this.requests : 0;
      record.evictions = this.evictions;
      record.loads = this.loads;
      record.energyBoundShare = this.energyBound / n;
    }
    if (this.system !== null) {
      const y = this.system;
      record.system = {
        serverCosts: Object.fromEntries(Object.entries(y.serverCosts).map(([k, v]) => [k, v / n])),
        welfare: y.welfare / n,
        budgetSurplus: y.budgetSurplus / n,
        rounds: y.rounds / n,
        paths: y.paths / n,
      };
    }
    const outcome = this.last?.outcome as { welfare?: number; rounds?: number; messages?: number } | undefined;
    if (this.last !== null && typeof this.last.welfareRatio === 'number') {
      record.welfareRatio = this.last.welfareRatio;
      if (outcome !== undefined) {
        record.rounds = outcome.rounds;
        record.messages = outcome.messages;
      }
    }
    record.trace = this.trace.finish();
    return record;
  }
}
