/**
 * The clock phase as a state machine that advances one round at a time: {@link ClockAuction}. `runClock`
 * drives it with a step policy in a loop; `DDAMarketEnv` drives it with one agent action per round.
 *
 * The buyer clock starts at P_max and only falls; the seller clock starts at P_min and only rises. A buyer
 * accepts at the first buyer-clock price at or below its value, a seller at the first seller-clock price at
 * or above its cost, and that price becomes its report. In the default `alternate` mode each round moves
 * one clock — the buyer clock when accepted buyer units ≤ accepted seller units, otherwise the seller
 * clock. In `simultaneous` mode both clocks move every round. A move that would take the buyer clock below
 * the seller clock is not made, and the auction ends.
 *
 * Prices are floating-point numbers: a move that would cross the other clock by less than 1e-9 of the
 * range width is treated as meeting it (exact arithmetic would land on it), so that a step of, say, 1 % of
 * the range gives exactly 100 rounds.
 *
 * Messages: at the start both prices go to every agent (n + m messages); each round the new price goes to
 * every agent on the moving side(s) that has not accepted yet; each acceptance is one message back.
 *
 * @module
 */
import type { Book } from './book.ts';
import { MarketInputError } from './errors.ts';
import { sortIds } from './sort.ts';
import type { ClockMode, ClockSide, Market, PublicClockState } from './types.ts';
import { checkAgents, checkRange } from './validate.ts';

/** Options of the clock phase ({@link ClockAuction}, `runClock`). */
export interface ClockOptions {
  /** `alternate` (default): one clock per round, the short side's. `simultaneous`: both clocks each round. */
  mode?: ClockMode;
  /** Safety cap on rounds (default 1,000,000); a move beyond it throws, since the phase would be cut short. */
  maxRounds?: number;
  /** Record every price each clock took (starting prices included) in `buyerPath` / `sellerPath`. */
  recordPath?: boolean;
}

/** What the clock phase revealed. */
export interface ClockResult {
  /** Revealed agents sorted by (report, id), ready for a clearing rule; reports of others are NaN. */
  readonly book: Book;
  /** Report (acceptance price) of each buyer by id, NaN if it never accepted. */
  readonly buyerReports: Float64Array;
  /** Report (acceptance price) of each seller by id, NaN if it never accepted. */
  readonly sellerReports: Float64Array;
  /** Units accepted by buyers at the end. */
  readonly acceptedBuyerUnits: number;
  /** Units accepted by sellers at the end. */
  readonly acceptedSellerUnits: number;
  /** Clock moves made. */
  readonly rounds: number;
  /** Messages, counted as in the module comment. */
  readonly messages: number;
  /** Final buyer clock price; `sellerClock ≤ buyerClock` always. */
  readonly buyerClock: number;
  /** Final seller clock price. */
  readonly sellerClock: number;
  /** Prices the buyer clock took, when `recordPath` was set. */
  readonly buyerPath?: number[];
  /** Prices the seller clock took, when `recordPath` was set. */
  readonly sellerPath?: number[];
}

const DEFAULT_MAX_ROUNDS = 1_000_000;

/** The error for a step that is not a finite number > 0, offered before round `round + 1`. */
export function badStep(value: unknown, round: number): MarketInputError {
  return new MarketInputError(
    'step',
    `the step policy returned ${String(value)} before round ${round + 1}; steps must be finite numbers > 0`,
    'make the policy return a positive price step, or { buyer, seller } with positive steps for each clock',
  );
}

/**
 * One clock auction with truthful agents, advanced one round at a time by {@link ClockAuction.move}.
 *
 * The auction ends when a move is refused because it would cross the clocks, or when {@link ClockAuction.end}
 * is called (a round cap); {@link ClockAuction.result} then gives what the clocks revealed, ready for a
 * clearing rule.
 *
 * @example
 * ```ts
 * const a = new ClockAuction({ buyers: [{ value: 10 }, { value: 8 }, { value: 6 }, { value: 3 }],
 *                              sellers: [{ cost: 2 }, { cost: 4 }, { cost: 7 }, { cost: 9 }], range: [0, 12] });
 * a.side;                 // 'buyer' (no units accepted on either side yet)
 * a.move(2);              // true: buyer clock 12 → 10, buyer 0 accepts
 * a.side;                 // 'seller' (1 buyer unit accepted, 0 seller units)
 * while (a.move(1)) {}    // unit steps until a move would cross
 * [a.rounds, a.buyerClock, a.sellerClock]; // [11, 6, 6]
 * a.result().buyerReports;                 // Float64Array [10, 8, 6, NaN]
 * ```
 */
export class ClockAuction {
  /** The market being auctioned. */
  readonly market: Market;
  /** How the clocks take turns. */
  readonly mode: ClockMode;
  private readonly maxRounds: number;
  private readonly n: number;
  private readonly m: number;
  private readonly value: Float64Array;
  private readonly cost: Float64Array;
  private readonly bQty: Int32Array;
  private readonly sQty: Int32Array;
  private readonly bOrder: Int32Array;
  private readonly sOrder: Int32Array;
  private readonly tmp: Int32Array;
  private readonly bRep: Float64Array;
  private readonly sRep: Float64Array;
  private readonly snap: number;
  private readonly pub: PublicClockState;
  private readonly buyerPath: number[] | undefined;
  private readonly sellerPath: number[] | undefined;
  private B: number;
  private S: number;
  private pb = 0;
  private ps = 0;
  private unitsB = 0;
  private unitsS = 0;
  private nRounds = 0;
  private nMessages: number;
  private done = false;
  private finished: ClockResult | null = null;

  /**
   * Opens the auction: both prices announced, agents whose value is P_max or whose cost is P_min accept.
   *
   * @param market buyers, sellers and the price range; P_max must be ≥ every value and P_min ≤ every cost.
   * @throws {MarketInputError} on bad agents, range, mode or `maxRounds`.
   */
  constructor(market: Market, options: ClockOptions = {}) {
    const { buyers, sellers, range } = market;
    checkAgents(buyers, sellers);
    checkRange(range, buyers, sellers);
    const mode: ClockMode = options.mode ?? 'alternate';
    if (mode !== 'alternate' && mode !== 'simultaneous') {
      throw new MarketInputError('mode', `unknown clock mode ${JSON.stringify(mode)}`, "use 'alternate' or 'simultaneous'");
    }
    const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
    if (!Number.isSafeInteger(maxRounds) || maxRounds < 1) {
      throw new MarketInputError('maxRounds', `must be a positive integer, got ${String(maxRounds)}`, 'pass e.g. 100000');
    }
    this.market = market;
    this.mode = mode;
    this.maxRounds = maxRounds;
    const n = (this.n = buyers.length);
    const m = (this.m = sellers.length);
    this.value = new Float64Array(n);
    this.cost = new Float64Array(m);
    this.bQty = new Int32Array(n);
    this.sQty = new Int32Array(m);
    this.bOrder = new Int32Array(n);
    this.sOrder = new Int32Array(m);
    this.tmp = new Int32Array(Math.max(n, m, 1));
    for (let i = 0; i < n; i++) {
      this.value[i] = buyers[i]!.value;
      this.bQty[i] = buyers[i]!.demand ?? 1;
      this.bOrder[i] = i;
    }
    for (let j = 0; j < m; j++) {
      this.cost[j] = sellers[j]!.cost;
      this.sQty[j] = sellers[j]!.capacity ?? 1;
      this.sOrder[j] = j;
    }
    // Agents accept in value order, so a pointer into each sorted side finds the new acceptances.
    sortIds(this.bOrder, this.value, n, true, this.tmp);
    sortIds(this.sOrder, this.cost, m, false, this.tmp);
    this.bRep = new Float64Array(n).fill(Number.NaN);
    this.sRep = new Float64Array(m).fill(Number.NaN);
    this.B = range[1];
    this.S = range[0];
    this.nMessages = n + m;
    this.acceptBuyers();
    this.acceptSellers();
    this.buyerPath = options.recordPath ? [this.B] : undefined;
    this.sellerPath = options.recordPath ? [this.S] : undefined;
    this.snap = 1e-9 * (range[1] - range[0]);
    this.pub = {
      buyerClock: this.B,
      sellerClock: this.S,
      acceptedBuyerUnits: this.unitsB,
      acceptedSellerUnits: this.unitsS,
      round: 0,
      side: this.side,
      range,
    };
  }

  /** Current buyer clock price. */
  get buyerClock(): number {
    return this.B;
  }

  /** Current seller clock price. */
  get sellerClock(): number {
    return this.S;
  }

  /** Units accepted by buyers so far. */
  get acceptedBuyerUnits(): number {
    return this.unitsB;
  }

  /** Units accepted by sellers so far. */
  get acceptedSellerUnits(): number {
    return this.unitsS;
  }

  /** Clock moves made so far. */
  get rounds(): number {
    return this.nRounds;
  }

  /** Messages so far, counted as in the module comment. */
  get messages(): number {
    return this.nMessages;
  }

  /** The clock that moves next: `buyer` when accepted buyer units ≤ accepted seller units, else `seller`; `both` in simultaneous mode. */
  get side(): ClockSide {
    if (this.mode === 'simultaneous') return 'both';
    return this.unitsB <= this.unitsS ? 'buyer' : 'seller';
  }

  /** `true` once a move was refused or {@link ClockAuction.end} was called. */
  get ended(): boolean {
    return this.done;
  }

  /**
   * The public state (what a step policy may see), kept up to date after every move. The same object is
   * returned every time; do not keep or change it.
   */
  get state(): Readonly<PublicClockState> {
    return this.pub;
  }

  /**
   * `true` when moving the clock(s) by the given steps would cross them, i.e. when {@link ClockAuction.move}
   * with these steps would end the auction. Changes nothing.
   *
   * @param buyerStep step of the buyer clock; `sellerStep` defaults to it.
   */
  crosses(buyerStep: number, sellerStep: number = buyerStep): boolean {
    const moveBuyer = this.mode === 'simultaneous' || this.unitsB <= this.unitsS;
    const moveSeller = this.mode === 'simultaneous' || !moveBuyer;
    const nextB = moveBuyer ? this.B - buyerStep : this.B;
    const nextS = moveSeller ? this.S + sellerStep : this.S;
    return nextB < nextS && nextS - nextB > this.snap;
  }

  /**
   * Plays one round: moves the clock that is due (both in simultaneous mode) by its step and records the
   * acceptances. A move that would cross the clocks is not made; the auction ends and `false` is returned.
   * Only the moving clock's step is checked and used.
   *
   * @param buyerStep step of the buyer clock (> 0); `sellerStep` (> 0) defaults to it.
   * @returns `true` when the move was made, `false` when the auction ended (or had already ended).
   * @throws {MarketInputError} (`step`) for a step of the moving clock that is not a finite number > 0,
   *   (`maxRounds`) when the move would exceed the safety cap; the state is unchanged in both cases.
   */
  move(buyerStep: number, sellerStep: number = buyerStep): boolean {
    if (this.done) return false;
    const moveBuyer = this.mode === 'simultaneous' || this.unitsB <= this.unitsS;
    const moveSeller = this.mode === 'simultaneous' || !moveBuyer;
    if (moveBuyer && !(buyerStep > 0 && buyerStep < Infinity)) throw badStep(buyerStep, this.nRounds);
    if (moveSeller && !(sellerStep > 0 && sellerStep < Infinity)) throw badStep(sellerStep, this.nRounds);
    let nextB = moveBuyer ? this.B - buyerStep : this.B;
    let nextS = moveSeller ? this.S + sellerStep : this.S;
    if (nextB < nextS) {
      // A move that crosses only by floating-point rounding meets the other clock instead.
      if (nextS - nextB > this.snap) {
        this.done = true;
        return false;
      }
      if (!moveSeller) nextB = nextS;
      else if (!moveBuyer) nextS = nextB;
      else nextB = nextS = (nextB + nextS) / 2;
    }
    if (this.nRounds >= this.maxRounds) {
      throw new MarketInputError('maxRounds', `the clock phase did not end within ${this.maxRounds} rounds`, 'use larger steps or raise maxRounds');
    }
    this.nRounds++;
    if (moveBuyer) {
      this.B = nextB;
      this.buyerPath?.push(nextB);
      this.nMessages += this.n - this.pb;
      this.acceptBuyers();
    }
    if (moveSeller) {
      this.S = nextS;
      this.sellerPath?.push(nextS);
      this.nMessages += this.m - this.ps;
      this.acceptSellers();
    }
    const pub = this.pub;
    pub.buyerClock = this.B;
    pub.sellerClock = this.S;
    pub.acceptedBuyerUnits = this.unitsB;
    pub.acceptedSellerUnits = this.unitsS;
    pub.round = this.nRounds;
    pub.side = this.side;
    return true;
  }

  /** Ends the auction without another move (e.g. at a round cap). Calling it again does nothing. */
  end(): void {
    this.done = true;
  }

  /**
   * What the clocks revealed; ends the auction if it is still running. Revealed buyers all bid at least
   * the final buyer clock and revealed sellers all ask at most the final seller clock, so every revealed
   * bid is at least every revealed ask, whenever the auction stopped. The same object is returned on
   * later calls.
   */
  result(): ClockResult {
    if (this.finished !== null) return this.finished;
    this.done = true;
    // Revealed agents are a prefix of the value order; re-sort it by (report, id) so that equal reports
    // are ordered by id, not by the private values behind them.
    sortIds(this.bOrder, this.bRep, this.pb, true, this.tmp);
    sortIds(this.sOrder, this.sRep, this.ps, false, this.tmp);
    const book: Book = {
      bCount: this.pb,
      bOrder: this.bOrder,
      bRep: this.bRep,
      bQty: this.bQty,
      sCount: this.ps,
      sOrder: this.sOrder,
      sRep: this.sRep,
      sQty: this.sQty,
    };
    const result: ClockResult = {
      book,
      buyerReports: this.bRep,
      sellerReports: this.sRep,
      acceptedBuyerUnits: this.unitsB,
      acceptedSellerUnits: this.unitsS,
      rounds: this.nRounds,
      messages: this.nMessages,
      buyerClock: this.B,
      sellerClock: this.S,
    };
    this.finished = this.buyerPath && this.sellerPath ? { ...result, buyerPath: this.buyerPath, sellerPath: this.sellerPath } : result;
    return this.finished;
  }

  private acceptBuyers(): void {
    const { value, bOrder, bRep, bQty, n } = this;
    const B = this.B;
    let pb = this.pb;
    while (pb < n && value[bOrder[pb]!]! >= B) {
      bRep[bOrder[pb]!] = B;
      this.unitsB += bQty[bOrder[pb]!]!;
      pb++;
      this.nMessages++;
    }
    this.pb = pb;
  }

  private acceptSellers(): void {
    const { cost, sOrder, sRep, sQty, m } = this;
    const S = this.S;
    let ps = this.ps;
    while (ps < m && cost[sOrder[ps]!]! <= S) {
      sRep[sOrder[ps]!] = S;
      this.unitsS += sQty[sOrder[ps]!]!;
      ps++;
      this.nMessages++;
    }
    this.ps = ps;
  }
}
