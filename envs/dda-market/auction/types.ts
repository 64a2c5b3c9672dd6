/**
 * Shared types of the double-auction module: agents, markets, clock state, step policies and the one
 * outcome type every mechanism returns.
 *
 * Agent ids are list positions: buyer `i` is `market.buyers[i]`, seller `j` is `market.sellers[j]`.
 *
 * @module
 */

/** Identifiers of the clearing mechanisms (see `docs/market.md`). */
export type MechanismId = 'dda-tr' | 'dda-up' | 't-dda' | 'mcafee' | 'vcg' | 'ida' | 'opt';

/** What produced an outcome: a mechanism, or `tr`, direct (sealed-bid) trade reduction. */
export type OutcomeSource = MechanismId | 'tr';

/** All mechanism ids, in the order used by tables. */
export const MECHANISMS: readonly MechanismId[] = ['dda-tr', 'dda-up', 't-dda', 'mcafee', 'vcg', 'ida', 'opt'];

/** A buyer: per-unit value (≥ 0) and the number of units it wants (positive integer, default 1). */
export interface Buyer {
  /** Private per-unit value; the mechanisms treat it as the buyer's (truthful) behaviour or report. */
  readonly value: number;
  /** Units wanted, a positive integer; omitted means 1. */
  readonly demand?: number;
}

/** A seller: per-unit cost (≥ 0) and the number of units it can supply (positive integer, default 1). */
export interface Seller {
  /** Private per-unit cost; the mechanisms treat it as the seller's (truthful) behaviour or report. */
  readonly cost: number;
  /** Units available, a positive integer; omitted means 1. */
  readonly capacity?: number;
}

/**
 * A market: both sides and the public price range `[P_min, P_max]`.
 *
 * The clock mechanisms need `P_max ≥` every value and `P_min ≤` every cost; direct mechanisms ignore the range.
 */
export interface Market {
  readonly buyers: readonly Buyer[];
  readonly sellers: readonly Seller[];
  /** `[P_min, P_max]` with `0 ≤ P_min < P_max`. */
  readonly range: readonly [number, number];
}

/** Which clock moves in a round: `buyer`, `seller`, or `both` in simultaneous mode. */
export type ClockSide = 'buyer' | 'seller' | 'both';

/**
 * What the auctioneer may see when it picks the next step: public information only (never values or costs).
 *
 * The clock passes one object per auction and updates it in place between rounds; a policy must not keep
 * it or change it.
 */
export interface PublicClockState {
  /** Current buyer clock price (falls from `P_max`). */
  buyerClock: number;
  /** Current seller clock price (rises from `P_min`). */
  sellerClock: number;
  /** Units accepted so far by buyers. */
  acceptedBuyerUnits: number;
  /** Units accepted so far by sellers. */
  acceptedSellerUnits: number;
  /** Rounds completed so far (clock moves made). */
  round: number;
  /** The clock that moves next. */
  side: ClockSide;
  /** Public price range `[P_min, P_max]`. */
  readonly range: readonly [number, number];
}

/**
 * The auctioneer's step rule: the next clock step (> 0) from public state only. It may return
 * `{ buyer, seller }` to give the two clocks different steps (only the moving clock's step is used).
 */
export type StepPolicy = (state: Readonly<PublicClockState>) => number | { buyer: number; seller: number };

/** How the clocks take turns: one clock per round (`alternate`, default) or both each round (`simultaneous`). */
export type ClockMode = 'alternate' | 'simultaneous';

/** How agent-level trade reduction rations the long side; neither rule looks at price reports. */
export type Rationing = 'proportional' | 'id';

/** One trade between a buyer and a seller. */
export interface Trade {
  /** Buyer id (position in `market.buyers`). */
  readonly buyer: number;
  /** Seller id (position in `market.sellers`). */
  readonly seller: number;
  /** Units moved from the seller to the buyer (1 in single-unit markets). */
  readonly units: number;
  /** Per-unit price of this trade when the mechanism prices trades pairwise (IDA); absent otherwise. */
  readonly price?: number;
}

/**
 * The result of every mechanism.
 *
 * Money is in the market's price units. `buyerPays[i]` is buyer `i`'s total payment (0 for losers),
 * `sellerReceives[j]` seller `j`'s total receipt. `welfare = Σ value·units bought − Σ cost·units sold`
 * (payments cancel), computed on the values and costs given to the mechanism. `budget = Σ pays − Σ receives`
 * is the auctioneer's surplus.
 */
export interface MarketOutcome {
  /** Mechanism that produced this outcome. */
  readonly mechanism: OutcomeSource;
  /** Buyer–seller pairs and units. */
  readonly trades: Trade[];
  /** Units bought by each buyer (0 = loser). */
  readonly buyerUnits: number[];
  /** Units sold by each seller (0 = loser). */
  readonly sellerUnits: number[];
  /** Total payment of each buyer. */
  readonly buyerPays: number[];
  /** Total receipt of each seller. */
  readonly sellerReceives: number[];
  /** Gain from trade on the given values and costs. */
  readonly welfare: number;
  /** Auctioneer surplus `Σ buyerPays − Σ sellerReceives`. */
  readonly budget: number;
  /** Rounds: clock moves for clock mechanisms, quote rounds for IDA, 1 for direct (sealed-bid) mechanisms. */
  readonly rounds: number;
  /** Messages exchanged, counted as described in `docs/market.md`. */
  readonly messages: number;
  /** Final clock prices for clock mechanisms, `null` otherwise. */
  readonly finalClocks: { readonly buyer: number; readonly seller: number } | null;
}
