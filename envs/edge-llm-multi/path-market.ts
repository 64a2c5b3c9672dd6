/**
 * The reasoning-path market of the multi-edge system: after every server has served its slot, requests
 * served at the edge buy extra self-consistency paths from servers that cache the same model and have
 * energy left, cleared per model by trade reduction (docs/market.md#the-market-in-the-loop).
 * @module
 */
import { marginalPathGain } from '../data/accuracy.ts';
import type { ResolvedConfig } from '../edge-llm/config.ts';
import { clearTradeReduction, tradeReductionRule, type MutableTradeReductionSummary } from '../dda-market/auction/trade-reduction.ts';
import { ddaTradeReduction } from '../dda-market/auction/dda.ts';
import { Workspace } from '../dda-market/auction/book.ts';
import { emptyAllocation, type Allocation } from '../dda-market/auction/outcome.ts';
import type { Buyer, MarketOutcome, Seller } from '../dda-market/auction/types.ts';
import type { PathMarketOptions } from './config.ts';

/** What each server brings to one slot's market. */
export interface ServerSlot {
  /** Requests served at the edge per pair (the single-server env's `lastSlotServed`). */
  served: ArrayLike<number>;
  /** Age of thoughts per pair (the single-server env's `lastSlotKappa`). */
  kappa: ArrayLike<number>;
  /** Applied cache bit per pair. */
  cache: ArrayLike<number>;
  /** Joules the server used serving its own requests. */
  energyUsed: number;
}

/** One trade of the slot: paths of `model` bought by user group `agent` of server `buyer` from server `seller`. */
export interface PathTrade {
  model: string;
  buyer: number;
  agent: number;
  seller: number;
  units: number;
  /** Price per path the buyer paid and the seller received. */
  buyerPrice: number;
  sellerPrice: number;
}

/** Clearing of one model's book. */
export interface ModelClearing {
  model: string;
  /** Paths traded. */
  units: number;
  /** Per-path prices (NaN when nothing traded). */
  buyerPrice: number;
  sellerPrice: number;
  /** Welfare on the reports (values minus costs of the traded paths). */
  welfare: number;
  /** Buyers' payments minus sellers' receipts (≥ 0: weak budget balance). */
  budgetSurplus: number;
  /** Clock rounds (1 for sealed clearing). */
  rounds: number;
  /** Buyers and sellers (tiers) in the book. */
  buyers: number;
  sellers: number;
}

/** Everything one slot's market decided. */
export interface SlotMarket {
  /** Per server: fall of its users' accuracy cost bought by its users. */
  accuracyRelief: Float64Array;
  /** Per server: cost of the paths it sold (its computation cost rises by this much). */
  sellCost: Float64Array;
  /** Per server: joules of the paths it sold. */
  sellEnergy: Float64Array;
  /** Per server: paths its users bought, and paths it sold. */
  bought: Float64Array;
  sold: Float64Array;
  /** Per server: what its users paid, and what it received. */
  paid: Float64Array;
  revenue: Float64Array;
  /** Per model. */
  models: ModelClearing[];
  trades: PathTrade[];
  /** Totals over the models. */
  welfare: number;
  budgetSurplus: number;
  rounds: number;
  /** Buyers' values (valuation × units) and sellers' costs of every model's outcome, for property checks. */
  outcomes: { outcome: MarketOutcome; buyers: Buyer[]; sellers: Seller[] }[];
}

/**
 * Whether trade reduction can trade anything: it drops the marginal buyer and seller whole, so it trades
 * only when at least two buyers value a unit at or above the cheapest seller's cost and at least two
 * sellers cost at most the best buyer's value (a necessary condition, so `false` is exact).
 */
export function canTrade(buyers: readonly Buyer[], sellers: readonly Seller[]): boolean {
  let maxValue = -Infinity;
  for (const b of buyers) if (b.value > maxValue) maxValue = b.value;
  let minCost = Infinity;
  for (const x of sellers) if (x.cost < minCost) minCost = x.cost;
  let nb = 0;
  for (const b of buyers) if (b.value >= minCost) nb++;
  let ns = 0;
  for (const x of sellers) if (x.cost <= maxValue) ns++;
  return nb >= 2 && ns >= 2;
}

/** {@link canTrade} on reports in arrays: buyers' values `values[0 … n)`, sellers' costs `costs[0 … m)`. */
function canTradeReports(values: Float64Array, n: number, costs: Float64Array, m: number): boolean {
  let maxValue = -Infinity;
  for (let i = 0; i < n; i++) if (values[i]! > maxValue) maxValue = values[i]!;
  let minCost = Infinity;
  for (let j = 0; j < m; j++) if (costs[j]! < minCost) minCost = costs[j]!;
  let nb = 0;
  for (let i = 0; i < n; i++) if (values[i]! >= minCost) nb++;
  let ns = 0;
  for (let j = 0; j < m; j++) if (costs[j]! <= maxValue) ns++;
  return nb >= 2 && ns >= 2;
}

/** What {@link PathMarket.clearLean} keeps of a clearing (the market's own arrays, overwritten by the next one). */
export interface LeanSlotMarket extends Pick<SlotMarket, 'accuracyRelief' | 'sellCost' | 'sellEnergy' | 'bought' | 'sold' | 'paid' | 'revenue'> {
  /** Per model: paths traded, and the per-path buyer and seller prices (NaN when nothing traded). */
  units: Float64Array;
  buyerPrice: Float64Array;
  sellerPrice: Float64Array;
}

/** Per-pair constants of one server. */
interface ServerConstants {
  /** accuracyCost × gain of one more path / ln(1/β) per pair (0 when the path gains nothing). */
  relief: Float64Array;
  /** Most paths pair p may buy per request served so that its accuracy cost cannot go below 0: (1−α)/gain. */
  reliefCap: Float64Array;
  /** Joules per path of each model. */
  energyPerPath: Float64Array;
  /** Compute cost per path of each model at this server. */
  computePerPath: Float64Array;
}

/**
 * The market of one system: constants precomputed from the servers' configurations, one {@link PathMarket.clear}
 * per slot.
 */
export class PathMarket {
  /** Public top of the price range: the largest value any buyer can have (κ ≥ 1). */
  readonly maxPrice: number;
  private readonly servers: readonly ResolvedConfig[];
  private readonly options: PathMarketOptions;
  private readonly consts: ServerConstants[];
  private readonly M: number;
  /** The per-server arrays of a {@link SlotMarket}, reused by every clearing. */
  private readonly perServer: Pick<SlotMarket, 'accuracyRelief' | 'sellCost' | 'sellEnergy' | 'bought' | 'sold' | 'paid' | 'revenue'>;
  /** What {@link PathMarket.clearLean} returns (the per-server arrays above, and per-model arrays). */
  private readonly lean: LeanSlotMarket;
  /** Energy used per server as the models clear. */
  private readonly used: Float64Array;
  /** One model's book: buyers' values, demands, servers, user groups and reliefs; sellers' costs, capacities, servers. */
  private readonly bValue: Float64Array;
  private readonly bDemand: Float64Array;
  private readonly bServer: Int32Array;
  private readonly bAgent: Int32Array;
  private readonly bRelief: Float64Array;
  private readonly sCost: Float64Array;
  private readonly sCap: Float64Array;
  private readonly sServer: Int32Array;
  /** Sorted book and allocation of the lean clearing's trade reduction. */
  private readonly book = new Workspace();
  private readonly alloc: Allocation;
  private readonly summary: MutableTradeReductionSummary = { efficientUnits: 0, marginalBuyer: -1, marginalSeller: -1, buyerPrice: 0, sellerPrice: 0 };

  constructor(servers: readonly ResolvedConfig[], options: PathMarketOptions) {
    this.servers = servers;
    this.options = options;
    this.M = servers[0]!.numModels;
    const N = servers.length;
    this.perServer = {
      accuracyRelief: new Float64Array(N),
      sellCost: new Float64Array(N),
      sellEnergy: new Float64Array(N),
      bought: new Float64Array(N),
      sold: new Float64Array(N),
      paid: new Float64Array(N),
      revenue: new Float64Array(N),
    };
    this.lean = { ...this.perServer, units: new Float64Array(this.M), buyerPrice: new Float64Array(this.M), sellerPrice: new Float64Array(this.M) };
    this.used = new Float64Array(N);
    let pairs = 0;
    for (const c of servers) pairs += c.numPairs;
    const tiers = N * options.tiers;
    this.bValue = new Float64Array(pairs);
    this.bDemand = new Float64Array(pairs);
    this.bServer = new Int32Array(pairs);
    this.bAgent = new Int32Array(pairs);
    this.bRelief = new Float64Array(pairs);
    this.sCost = new Float64Array(tiers);
    this.sCap = new Float64Array(tiers);
    this.sServer = new Int32Array(tiers);
    this.alloc = emptyAllocation(pairs, tiers);
    let maxRelief = 0;
    this.consts = servers.map((c) => {
      const P = c.numPairs;
      const M = c.numModels;
      const relief = new Float64Array(P);
      const reliefCap = new Float64Array(P);
      for (let p = 0; p < P; p++) {
        const m = p % M;
        const i = (p - m) / M;
        const gain = marginalPathGain(c.models[m]!.accuracyModel!, c.task[i]!, c.paths);
        if (gain > 0) {
          relief[p] = (c.accuracyCost * gain) / c.logInvBeta;
          reliefCap[p] = (1 - c.alpha[p]!) / gain;
          if (relief[p]! > maxRelief) maxRelief = relief[p]!;
        }
      }
      const energyPerPath = Float64Array.from(c.energyPerToken, (e) => e * c.thoughtTokens);
      const computePerPath = Float64Array.from(c.flopsPerToken, (f) => (c.computeCost * f * c.thoughtTokens) / c.computeFlops);
      return { relief, reliefCap, energyPerPath, computePerPath };
    });
    this.maxPrice = options.utility * maxRelief;
  }

  /** Paths server `n` can sell of model `m` with `used` joules spent: 0 unless it caches the model this slot. */
  private spareUnits(n: number, m: number, slot: ServerSlot, used: number): number {
    const c = this.servers[n]!;
    let cachesModel = false;
    for (let p = m; p < c.numPairs; p += this.M) if (slot.cache[p]! > 0) cachesModel = true;
    if (!cachesModel) return 0;
    return Math.floor((c.energyBudget - used) / this.consts[n]!.energyPerPath[m]! + 1e-9);
  }

  /**
   * Clears one slot: per model (in the configuration's order), buyers are the (server, user group) pairs
   * served at the edge with a positive gain, each demanding `extraPaths` per request served (rounded) at
   * value `utility × relief / max(κ, 1)`; sellers are the servers caching the model, offering the paths
   * their spare energy pays for in `tiers` blocks whose cost rises with the energy used. A model's trades
   * use energy before the next model is cleared, so no server exceeds its budget. The per-server arrays
   * of the result are the market's own, overwritten by the next clearing: copy what you keep.
   */
  clear(slots: readonly ServerSlot[]): SlotMarket {
    return this.run(slots, true)!;
  }

  /**
   * The same clearing as {@link PathMarket.clear}, keeping only what the servers' costs, rewards and
   * observations need: the per-server arrays and, per model, the units and prices, all the market's own
   * arrays (overwritten by the next clearing). With sealed clearing it allocates nothing (unless trade
   * reduction rations a side of more than 64 agents); clock clearing runs the clock DDA as `clear` does.
   */
  clearLean(slots: readonly ServerSlot[]): LeanSlotMarket {
    this.run(slots, false);
    return this.lean;
  }

  /** Both clearings: `full` builds the books' objects, the trades and the outcomes of a {@link SlotMarket}. */
  private run(slots: readonly ServerSlot[], full: boolean): SlotMarket | null {
    const N = this.servers.length;
    const M = this.M;
    const o = this.options;
    const a = this.perServer;
    const lean = this.lean;
    for (let n = 0; n < N; n++) {
      a.accuracyRelief[n] = 0;
      a.sellCost[n] = 0;
      a.sellEnergy[n] = 0;
      a.bought[n] = 0;
      a.sold[n] = 0;
      a.paid[n] = 0;
      a.revenue[n] = 0;
    }
    const out: SlotMarket | null = full
      ? {
          accuracyRelief: a.accuracyRelief,
          sellCost: a.sellCost,
          sellEnergy: a.sellEnergy,
          bought: a.bought,
          sold: a.sold,
          paid: a.paid,
          revenue: a.revenue,
          models: [],
          trades: [],
          welfare: 0,
          budgetSurplus: 0,
          rounds: 0,
          outcomes: [],
        }
      : null;
    const used = this.used;
    for (let n = 0; n < N; n++) used[n] = slots[n]!.energyUsed;
    const bValue = this.bValue;
    const bDemand = this.bDemand;
    const bServer = this.bServer;
    const bAgent = this.bAgent;
    const bRelief = this.bRelief;
    const sCost = this.sCost;
    const sCap = this.sCap;
    const sServer = this.sServer;
    for (let m = 0; m < M; m++) {
      let nb = 0;
      for (let n = 0; n < N; n++) {
        const c = this.servers[n]!;
        const k = this.consts[n]!;
        const s = slots[n]!;
        for (let p = m; p < c.numPairs; p += M) {
          const served = s.served[p]!;
          const r = k.relief[p]!;
          if (served <= 0 || r === 0) continue;
          const demand = Math.min(Math.round(served * o.extraPaths), Math.floor(served * k.reliefCap[p]! + 1e-9));
          if (demand < 1) continue;
          const kap = s.kappa[p]!;
          const relief = r / (kap > 1 ? kap : 1);
          bValue[nb] = o.utility * relief;
          bDemand[nb] = demand;
          bServer[nb] = n;
          bAgent[nb] = (p - m) / M;
          bRelief[nb] = relief;
          nb++;
        }
      }
      let ns = 0;
      // The cheapest block of each server is its first; when no buyer values a path above the cheapest
      // block, nothing is efficient and the book is not built (sealed clearing: the same empty outcome).
      let maxValue = 0;
      for (let b = 0; b < nb; b++) if (bValue[b]! > maxValue) maxValue = bValue[b]!;
      let minCost = Infinity;
      for (let n = 0; n < N && nb > 0; n++) {
        const spare = this.spareUnits(n, m, slots[n]!, used[n]!);
        if (spare >= 1) {
          const c = this.consts[n]!.computePerPath[m]! * (1 + (o.congestion * (used[n]! + Math.floor(spare / o.tiers) * this.consts[n]!.energyPerPath[m]!)) / this.servers[n]!.energyBudget);
          if (c < minCost) minCost = c;
        }
      }
      if (maxValue > minCost || (o.clearing === 'clock' && nb > 0)) {
        for (let n = 0; n < N; n++) {
          const spare = this.spareUnits(n, m, slots[n]!, used[n]!);
          if (spare < 1) continue;
          const k = this.consts[n]!;
          const E = this.servers[n]!.energyBudget;
          const perPath = k.energyPerPath[m]!;
          const base = spare / o.tiers;
          let given = 0;
          for (let t = 0; t < o.tiers; t++) {
            const units = Math.floor(base * (t + 1)) - given;
            if (units < 1) continue;
            given += units;
            const utilisation = (used[n]! + given * perPath) / E;
            const cost = k.computePerPath[m]! * (1 + o.congestion * utilisation);
            if (cost >= this.maxPrice) break;
            sCost[ns] = cost;
            sCap[ns] = units;
            sServer[ns] = n;
            ns++;
          }
        }
      }
      const modelName = this.servers[0]!.models[m]!.name;
      if (nb === 0 || ns === 0 || (o.clearing === 'sealed' && !canTradeReports(bValue, nb, sCost, ns))) {
        // nobody trades: an empty side, or (sealed) fewer than two agents on a side could (one round)
        lean.units[m] = 0;
        lean.buyerPrice[m] = Number.NaN;
        lean.sellerPrice[m] = Number.NaN;
        if (out !== null) {
          out.models.push({ model: modelName, units: 0, buyerPrice: Number.NaN, sellerPrice: Number.NaN, welfare: 0, budgetSurplus: 0, rounds: 1, buyers: nb, sellers: ns });
          out.rounds += 1;
        }
        continue;
      }
      // the mechanism: the outcome of the objects' book (clear, and clock clearing), or trade reduction on
      // the arrays' book (the same reports in the same order, so the same allocation)
      let outcome: MarketOutcome | null = null;
      let buyers: Buyer[] | null = null;
      let sellers: Seller[] | null = null;
      let alloc: Allocation;
      if (full || o.clearing === 'clock') {
        buyers = Array.from({ length: nb }, (_, b) => ({ value: bValue[b]!, demand: bDemand[b]! }));
        sellers = Array.from({ length: ns }, (_, j) => ({ cost: sCost[j]!, capacity: sCap[j]! }));
        const market = { buyers, sellers, range: [0, this.maxPrice] as const };
        outcome = o.clearing === 'clock' ? ddaTradeReduction(market, { step: o.clockStep * this.maxPrice }) : clearTradeReduction(market);
        alloc = outcome;
      } else {
        alloc = this.alloc;
        for (let b = 0; b < nb; b++) {
          alloc.buyerUnits[b] = 0;
          alloc.buyerPays[b] = 0;
        }
        for (let j = 0; j < ns; j++) {
          alloc.sellerUnits[j] = 0;
          alloc.sellerReceives[j] = 0;
        }
        tradeReductionRule(this.book.loadReports(bValue, bDemand, nb, sCost, sCap, ns), alloc, 'proportional', this.summary);
      }
      let units = 0;
      for (let b = 0; b < nb; b++) {
        const x = alloc.buyerUnits[b]!;
        if (x === 0) continue;
        const n = bServer[b]!;
        a.accuracyRelief[n] += x * bRelief[b]!;
        a.bought[n] += x;
        a.paid[n] += alloc.buyerPays[b]!;
        units += x;
      }
      for (let j = 0; j < ns; j++) {
        const y = alloc.sellerUnits[j]!;
        if (y === 0) continue;
        const n = sServer[j]!;
        const energy = y * this.consts[n]!.energyPerPath[m]!;
        a.sellCost[n] += y * sCost[j]!;
        a.sellEnergy[n] += energy;
        used[n] = used[n]! + energy;
        a.sold[n] += y;
        a.revenue[n] += alloc.sellerReceives[j]!;
      }
      // the prices of the last trade (winners paired in book order: the last winning buyer and seller)
      let buyerPrice = Number.NaN;
      let sellerPrice = Number.NaN;
      if (outcome !== null) {
        for (const t of outcome.trades) {
          const b = t.buyer;
          buyerPrice = outcome.buyerPays[b]! / outcome.buyerUnits[b]!;
          sellerPrice = outcome.sellerReceives[t.seller]! / outcome.sellerUnits[t.seller]!;
          if (out !== null) {
            out.trades.push({ model: modelName, buyer: bServer[b]!, agent: bAgent[b]!, seller: sServer[t.seller]!, units: t.units, buyerPrice, sellerPrice });
          }
        }
      } else if (units > 0) {
        const book = this.book;
        let lb = -1;
        for (let i = 0; i < book.bCount; i++) if (alloc.buyerUnits[book.bOrder[i]!]! > 0) lb = book.bOrder[i]!;
        let ls = -1;
        for (let j = 0; j < book.sCount; j++) if (alloc.sellerUnits[book.sOrder[j]!]! > 0) ls = book.sOrder[j]!;
        buyerPrice = alloc.buyerPays[lb]! / alloc.buyerUnits[lb]!;
        sellerPrice = alloc.sellerReceives[ls]! / alloc.sellerUnits[ls]!;
      }
      lean.units[m] = units;
      lean.buyerPrice[m] = buyerPrice;
      lean.sellerPrice[m] = sellerPrice;
      if (out !== null && outcome !== null) {
        out.models.push({
          model: modelName,
          units,
          buyerPrice,
          sellerPrice,
          welfare: outcome.welfare,
          budgetSurplus: outcome.budget,
          rounds: outcome.rounds,
          buyers: nb,
          sellers: ns,
        });
        out.welfare += outcome.welfare;
        out.budgetSurplus += outcome.budget;
        out.rounds += outcome.rounds;
        out.outcomes.push({ outcome, buyers: buyers!, sellers: sellers! });
      }
    }
    return out;
  }
}
