/**
 * `EdgeLLMMultiEnv`: N edge servers, one policy each, each running the single-server model of
 * `envs/edge-llm/`, with the reasoning-path market in the loop (docs/model.md#8-the-multi-edge-system).
 * @module
 */
import type { Info, ResetArgs } from '../../src/core/env.ts';
import { InvalidAction, InvalidArgument, ResetNeeded } from '../../src/core/errors.ts';
import { warn } from '../../src/core/logger.ts';
import { Generator } from '../../src/random/generator.ts';
import { Box } from '../../src/spaces/box.ts';
import type { Space } from '../../src/spaces/space.ts';
import type { ParallelEnv, ParallelResetResult, ParallelStepResult, PerAgent } from '../../src/parallel/parallel-env.ts';
import type { ParallelEnvSpec } from '../../src/parallel/parallel-env-spec.ts';
import type { EdgeLLMAction, EdgeLLMStepInfo, SlotCosts } from '../edge-llm/edge-llm-env.ts';
import { EdgeServer } from './edge-server.ts';
import { type EdgeLLMMultiConfig, type ResolvedMultiConfig, resolveMultiConfig } from './config.ts';
import { PathMarket, type ModelClearing, type PathTrade, type SlotMarket } from './path-market.ts';

/** One server's action: the single-server action of its configuration's `actionFormat`. */
export type ServerAction = EdgeLLMAction | Float32Array;

/** The market part of a server's step info. */
export interface ServerMarketInfo {
  /** Paths its users bought, and paths it sold. */
  bought: number;
  sold: number;
  /** What its users paid, and what it received. */
  paid: number;
  revenue: number;
  /** Fall of its users' accuracy cost, and the cost of the paths it sold. */
  accuracyRelief: number;
  sellCost: number;
  /** Trades it took part in (as buyer or seller). */
  trades: PathTrade[];
}

/** The system-wide market summary of a slot (the same object in every server's info). */
export interface SystemMarketInfo {
  /** Per model: units, prices, welfare, budget surplus, rounds. */
  models: ModelClearing[];
  /** Welfare, budget surplus and clock rounds summed over the models. */
  welfare: number;
  budgetSurplus: number;
  rounds: number;
  /** Paths traded. */
  units: number;
}

/** The `info` of one server after a step. */
export interface ServerStepInfo extends Info {
  /** Slot just served (1-based). */
  slot: number;
  /** The slot's cost terms after the market (accuracy lowered by bought paths, computation raised by sold ones). */
  costs: SlotCosts;
  /** The single-server step info, before the market. */
  server: EdgeLLMStepInfo;
  /** Joules used, own serving plus paths sold (never above the budget). */
  energyUsed: number;
  /** This server's part of the market (zeros with the market off). */
  market: ServerMarketInfo;
  /** The whole market of the slot (`null` with the market off). */
  system: SystemMarketInfo | null;
  /** Sum of every server's cost after the market, and its negative. */
  systemCost: number;
  systemReward: number;
}

const agentName = (n: number) => `es${n}`;

/**
 * The multi-edge system as a PettingZoo-style parallel environment. Agents `es0 … es{N−1}` are the edge
 * servers; each observes its single-server observation followed by the last slot's clearing prices (buyer
 * and seller, per model, divided by the public top price), and acts with its single-server action. Each
 * slot every server serves its own requests with its action (the single-server model, unchanged); then,
 * with the market on, requests served at the edge buy extra reasoning paths from servers that cache the
 * model and have energy left (see {@link PathMarket}). Bought paths lower the buyers' accuracy cost; sold
 * paths add to the seller's computation cost and energy; payments move money.
 *
 * Rewards: `individual` — minus the server's cost after the market, plus its revenue, minus what its users
 * paid; `cooperative` — minus the system cost (the sum of the servers' costs after the market) for every
 * server. `info.systemReward` holds minus the system cost in both. Every server is truncated after
 * `horizon` slots; nobody terminates.
 *
 * @example
 * ```ts
 * const env = new EdgeLLMMultiEnv({ market: true });
 * const [obs] = env.reset({ seed: 7 });
 * const actions = Object.fromEntries(env.agents.map((a) => [a, env.actionSpace(a).sample()]));
 * const [, rewards, , truncations, infos] = env.step(actions);
 * ```
 */
export class EdgeLLMMultiEnv implements ParallelEnv<Float32Array, ServerAction> {
  readonly possibleAgents: readonly string[];
  agents: string[] = [];
  readonly metadata: Record<string, unknown> = { renderModes: ['ansi'], name: 'edge_llm_multi_v0', isParallelizable: true };
  spec: ParallelEnvSpec | null = null;
  /** The resolved configuration. */
  readonly config: Readonly<ResolvedMultiConfig>;
  /** The edge servers, each the single-server model (`EdgeLLMCore`) with its own generator. */
  readonly servers: readonly EdgeServer[];
  /** The market (also built with the market off, for its public price scale). */
  readonly market: PathMarket;
  private readonly obsSpaces: Box<Float32Array>[];
  private readonly index: Map<string, number>;
  private readonly lastPrices: Float32Array;
  private readonly baseDims: number[];
  /** Offsets of the servers' observations in one step's observation buffer, and its length. */
  private readonly obsOffsets: number[];
  private readonly obsTotal: number;
  private t = 0;
  private started = false;
  private lastInfos: PerAgent<ServerStepInfo> | null = null;
  private closed = false;

  /**
   * @param config see `EDGE_LLM_MULTI_CONFIG_SCHEMA` (every field optional).
   * @throws {InvalidConfig} naming each bad field (`config.servers[n].…` for a server's).
   */
  constructor(config: Partial<EdgeLLMMultiConfig> = {}) {
    this.config = Object.freeze(resolveMultiConfig(config));
    const c = this.config;
    this.servers = c.serverConfigs.map((sc) => new EdgeServer(sc));
    this.possibleAgents = Object.freeze(this.servers.map((_, n) => agentName(n)));
    this.index = new Map(this.possibleAgents.map((a, n) => [a, n]));
    this.market = new PathMarket(c.resolved, c.marketOptions);
    const M = c.modelNames.length;
    this.lastPrices = new Float32Array(2 * M);
    this.baseDims = this.servers.map((s) => s.obsSize);
    this.obsSpaces = this.baseDims.map((d) => new Box(0, Infinity, [d + 2 * M], 'float32') as Box<Float32Array>);
    this.obsOffsets = [];
    let total = 0;
    for (const d of this.baseDims) {
      this.obsOffsets.push(total);
      total += d + 2 * M;
    }
    this.obsTotal = total;
  }

  /** The observation space of server `agent`: its single-server observation, then 2 prices per model. */
  observationSpace(agent: string): Box<Float32Array> {
    return this.obsSpaces[this.serverIndex(agent, 'observationSpace')]!;
  }

  /** The action space of server `agent`: its single-server action space. */
  actionSpace(agent: string): Space<ServerAction> {
    return this.servers[this.serverIndex(agent, 'actionSpace')]!.actionSpace;
  }

  private serverIndex(agent: string, where: string): number {
    const n = this.index.get(agent);
    if (n === undefined) {
      throw new InvalidArgument(`${where}(${JSON.stringify(agent)}): not an agent of this system; the agents are ${this.possibleAgents.join(', ')}.`);
    }
    return n;
  }

  /**
   * Starts an episode at every server. A seed seeds the system: server n is reset with the n-th draw of a
   * generator seeded with it, so one seed fixes every server's episode. Of `options` the servers read
   * `split` ('train' or 'eval', trace workloads only); other keys are ignored with a warning, as
   * PettingZoo's API test expects a parallel env to accept any options.
   */
  reset(args: ResetArgs = {}): ParallelResetResult<Float32Array> {
    const seeds = args.seed === undefined ? null : serverSeeds(args.seed, this.servers.length);
    const split = this.serverOptions(args.options)?.split;
    const infos: PerAgent<Info> = {};
    this.lastPrices.fill(0);
    this.servers.forEach((s, n) => {
      const info = s.reset(seeds === null ? undefined : seeds[n], split);
      infos[agentName(n)] = { ...info, agent: agentName(n), market: this.config.market };
    });
    const obs = this.observeAll();
    this.t = 0;
    this.started = true;
    this.lastInfos = null;
    this.agents = [...this.possibleAgents];
    return [obs, infos];
  }

  private serverOptions(options: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    return serverResetOptions(this.config, options);
  }

  /**
   * One slot: checks every action first (an error names the agent and the field, and no server moves),
   * then every server serves its slot, then the market clears.
   * @throws {InvalidAction} for a missing, unknown or malformed action; {@link ResetNeeded} before `reset` or after the last slot.
   */
  step(actions: PerAgent<ServerAction>): ParallelStepResult<Float32Array> {
    if (!this.started) throw new ResetNeeded('EdgeLLMMultiEnv.step() called before reset(); call env.reset() first.');
    if (this.agents.length === 0) {
      throw new ResetNeeded(`The episode ended after ${this.config.horizon} slots (truncated); call env.reset() to start a new one.`);
    }
    this.checkActions(actions);
    const N = this.servers.length;
    const serverInfos: EdgeLLMStepInfo[] = [];
    for (const s of this.servers) {
      s.step();
      serverInfos.push(s.stepInfo());
    }
    const slot = this.config.market
      ? this.market.clear(
          this.servers.map((s, n) => ({
            served: s.lastSlotServed,
            kappa: s.lastSlotKappa,
            cache: serverInfos[n]!.applied.cache,
            energyUsed: serverInfos[n]!.energyUsed,
          })),
        )
      : null;
    this.t++;
    const costs: SlotCosts[] = serverInfos.map((info, n) => coupledCosts(info.costs, slot, n));
    let systemCost = 0;
    for (const c of costs) systemCost += c.total;
    const system = systemMarket(slot);
    if (slot !== null) {
      slot.models.forEach((m, k) => {
        this.lastPrices[2 * k] = m.units > 0 ? m.buyerPrice / this.market.maxPrice : 0;
        this.lastPrices[2 * k + 1] = m.units > 0 ? m.sellerPrice / this.market.maxPrice : 0;
      });
    }
    const truncated = this.t >= this.config.horizon;
    const obs = this.observeAll();
    const rewards: PerAgent<number> = {};
    const terms: PerAgent<boolean> = {};
    const truncs: PerAgent<boolean> = {};
    const infos: PerAgent<ServerStepInfo> = {};
    for (let n = 0; n < N; n++) {
      const a = agentName(n);
      const market = serverMarket(slot, n);
      rewards[a] = 0 - (this.config.reward === 'cooperative' ? systemCost : costs[n]!.total - market.revenue + market.paid);
      terms[a] = false;
      truncs[a] = truncated;
      infos[a] = {
        slot: this.t,
        costs: costs[n]!,
        server: serverInfos[n]!,
        energyUsed: serverInfos[n]!.energyUsed + (slot === null ? 0 : slot.sellEnergy[n]!),
        market,
        system,
        systemCost,
        systemReward: 0 - systemCost,
      };
    }
    this.lastInfos = infos;
    if (truncated) this.agents = [];
    return [obs, rewards, terms, truncs, infos];
  }

  private checkActions(actions: PerAgent<ServerAction>): void {
    if (actions === null || typeof actions !== 'object' || Array.isArray(actions)) {
      throw new InvalidAction(`actions must be an object keyed by agent (${this.agents.join(', ')}); got ${Array.isArray(actions) ? 'an array' : typeof actions}.`);
    }
    for (const a of Object.keys(actions)) {
      if (!this.index.has(a)) throw new InvalidAction(`actions.${a}: ${JSON.stringify(a)} is not an agent of this system; the agents are ${this.possibleAgents.join(', ')}.`);
    }
    for (const a of this.agents) {
      if (actions[a] === undefined) throw new InvalidAction(`actions.${a}: missing; every live agent (${this.agents.join(', ')}) must act each slot.`);
    }
    // Loading an action only fills the server's action buffers, so a bad action found here leaves every server as it was.
    for (const a of this.agents) {
      try {
        this.servers[this.index.get(a)!]!.load(actions[a], `actions.${a}`);
      } catch (e) {
        if (e instanceof InvalidAction) throw new InvalidAction(`Agent ${a}: ${e.message} No server was stepped.`);
        throw e;
      }
    }
  }

  /** Every server's observation: views of one buffer, its single-server observation then the prices. */
  private observeAll(): PerAgent<Float32Array> {
    const buf = new Float32Array(this.obsTotal);
    const obs: PerAgent<Float32Array> = {};
    for (let n = 0; n < this.servers.length; n++) {
      const off = this.obsOffsets[n]!;
      const d = this.baseDims[n]!;
      this.servers[n]!.writeObservation(buf, off);
      buf.set(this.lastPrices, off + d);
      obs[agentName(n)] = buf.subarray(off, off + d + this.lastPrices.length);
    }
    return obs;
  }

  /** Slots served in the current episode. */
  get slot(): number {
    return this.t;
  }

  /** Text rendering: every server's table and the last slot's market. */
  render(): string | null {
    if (this.config.renderMode !== 'ansi') return null;
    const parts = this.servers.map((s, n) => `== ${agentName(n)} (${s.config.gpus} GPUs, ${s.config.agents} user groups)\n${s.render()}`);
    const sys = this.lastInfos?.es0?.system;
    if (sys) {
      parts.push(
        `== market, slot ${this.t}: ${sys.units} paths, welfare ${sys.welfare.toFixed(5)}, surplus ${sys.budgetSurplus.toFixed(5)}\n` +
          sys.models.map((m) => `  ${m.model}: ${m.units} paths, buyer price ${m.buyerPrice.toPrecision(3)}, seller price ${m.sellerPrice.toPrecision(3)}`).join('\n'),
      );
    }
    return parts.join('\n');
  }

  /** Closes every server; calling it twice is allowed. */
  close(): void {
    this.closed = true;
  }
}

/**
 * The seeds the servers of a system reset with when the system is reset with `seed`: the first `n` draws
 * of a generator seeded with it.
 *
 * @example
 * ```ts
 * serverSeeds(7, 4).length; // 4
 * ```
 */
export function serverSeeds(seed: number, n: number): number[] {
  const g = new Generator(seed);
  return Array.from({ length: n }, () => g.integers(0, 2 ** 31 - 1));
}

/**
 * The reset options a system passes on to its servers: `{ split }` for a trace workload when given, else
 * `undefined`; every other key is ignored with a warning (PettingZoo's API test expects a parallel env to
 * accept any options).
 */
export function serverResetOptions(config: Readonly<ResolvedMultiConfig>, options: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (options === undefined || options === null) return undefined;
  const trace = config.resolved[0]!.workload.kind === 'trace';
  const ignored = Object.keys(options).filter((k) => !(k === 'split' && trace));
  if (ignored.length > 0) {
    warn(`EdgeLLMMultiEnv.reset ignores the option${ignored.length > 1 ? 's' : ''} ${ignored.map((k) => `'${k}'`).join(', ')}; it reads only 'split' ('train' or 'eval'), for trace workloads.`);
  }
  return trace && options.split !== undefined ? { split: options.split } : undefined;
}

/** Server `n`'s cost terms after the market `slot` (its own terms when the market is off or left it alone). */
export function coupledCosts(own: SlotCosts, slot: SlotMarket | null, n: number): SlotCosts {
  if (slot === null) return own;
  const relief = slot.accuracyRelief[n]!;
  const sell = slot.sellCost[n]!;
  if (relief === 0 && sell === 0) return own;
  const accuracy = Math.max(own.accuracy - relief, 0);
  const computation = own.computation + sell;
  return {
    switching: own.switching,
    communication: own.communication,
    computation,
    accuracy,
    cloud: own.cloud,
    total: own.switching + own.communication + computation + accuracy + own.cloud,
  };
}

/** The system-wide summary of the market `slot` (`null` with the market off). */
export function systemMarket(slot: SlotMarket | null): SystemMarketInfo | null {
  return slot === null
    ? null
    : { models: slot.models, welfare: slot.welfare, budgetSurplus: slot.budgetSurplus, rounds: slot.rounds, units: slot.models.reduce((a, m) => a + m.units, 0) };
}

const NO_MARKET: ServerMarketInfo = Object.freeze({ bought: 0, sold: 0, paid: 0, revenue: 0, accuracyRelief: 0, sellCost: 0, trades: [] as PathTrade[] }) as ServerMarketInfo;

/** Server `n`'s part of the market `slot` (a fresh object; zeros with the market off). */
export function serverMarket(slot: SlotMarket | null, n: number): ServerMarketInfo {
  if (slot === null) return NO_MARKET;
  return {
    bought: slot.bought[n]!,
    sold: slot.sold[n]!,
    paid: slot.paid[n]!,
    revenue: slot.revenue[n]!,
    accuracyRelief: slot.accuracyRelief[n]!,
    sellCost: slot.sellCost[n]!,
    trades: slot.trades.length === 0 ? [] : slot.trades.filter((t) => t.buyer === n || t.seller === n),
  };
}
