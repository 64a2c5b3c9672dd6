/**
 * The sorted order book the clearing rules read: for each side, agent ids sorted by report (buyers
 * descending, sellers ascending, ties by id), the reports and the unit quantities, indexed by id.
 *
 * Only the first `bCount` / `sCount` ids of the orders take part: all agents for a direct mechanism,
 * the agents revealed by the clock phase for a clock mechanism.
 *
 * @module
 */
import { sortIds } from './sort.ts';
import type { Buyer, Seller } from './types.ts';

/** Sorted reports and quantities of both sides (see the module comment). */
export interface Book {
  /** Buyers taking part (a prefix of `bOrder`). */
  bCount: number;
  /** Buyer ids sorted by (report descending, id ascending). */
  bOrder: Int32Array;
  /** Buyer reports by id. */
  bRep: Float64Array;
  /** Buyer demands by id. */
  bQty: Int32Array;
  /** Sellers taking part (a prefix of `sOrder`). */
  sCount: number;
  /** Seller ids sorted by (report ascending, id ascending). */
  sOrder: Int32Array;
  /** Seller reports by id. */
  sRep: Float64Array;
  /** Seller capacities by id. */
  sQty: Int32Array;
}

/**
 * A reusable {@link Book} whose buffers grow on demand. Direct mechanisms share one module-level instance;
 * that is safe because they never call user code while it is in use.
 */
export class Workspace implements Book {
  bCount = 0;
  sCount = 0;
  bOrder = new Int32Array(64);
  bRep = new Float64Array(64);
  bQty = new Int32Array(64);
  sOrder = new Int32Array(64);
  sRep = new Float64Array(64);
  sQty = new Int32Array(64);
  private tmp = new Int32Array(64);

  /** Loads a market's values and costs as reports, every agent taking part, and sorts both sides. */
  load(buyers: readonly Buyer[], sellers: readonly Seller[]): this {
    const n = buyers.length;
    const m = sellers.length;
    this.reserve(n, m);
    for (let i = 0; i < n; i++) {
      const b = buyers[i]!;
      this.bOrder[i] = i;
      this.bRep[i] = b.value;
      this.bQty[i] = b.demand ?? 1;
    }
    for (let j = 0; j < m; j++) {
      const s = sellers[j]!;
      this.sOrder[j] = j;
      this.sRep[j] = s.cost;
      this.sQty[j] = s.capacity ?? 1;
    }
    this.bCount = n;
    this.sCount = m;
    sortIds(this.bOrder, this.bRep, n, true, this.tmp);
    sortIds(this.sOrder, this.sRep, m, false, this.tmp);
    return this;
  }

  /**
   * As {@link Workspace.load} from arrays: buyer i (i < n) reports `values[i]` for `demands[i]` units,
   * seller j (j < m) `costs[j]` for `capacities[j]` units; every agent takes part. Allocates only to grow.
   */
  loadReports(values: ArrayLike<number>, demands: ArrayLike<number>, n: number, costs: ArrayLike<number>, capacities: ArrayLike<number>, m: number): this {
    this.reserve(n, m);
    for (let i = 0; i < n; i++) {
      this.bOrder[i] = i;
      this.bRep[i] = values[i]!;
      this.bQty[i] = demands[i]!;
    }
    for (let j = 0; j < m; j++) {
      this.sOrder[j] = j;
      this.sRep[j] = costs[j]!;
      this.sQty[j] = capacities[j]!;
    }
    this.bCount = n;
    this.sCount = m;
    sortIds(this.bOrder, this.bRep, n, true, this.tmp);
    sortIds(this.sOrder, this.sRep, m, false, this.tmp);
    return this;
  }

  private reserve(n: number, m: number): void {
    const need = Math.max(n, m);
    if (need <= this.tmp.length) return;
    let cap = this.tmp.length;
    while (cap < need) cap *= 2;
    this.bOrder = new Int32Array(cap);
    this.bRep = new Float64Array(cap);
    this.bQty = new Int32Array(cap);
    this.sOrder = new Int32Array(cap);
    this.sRep = new Float64Array(cap);
    this.sQty = new Int32Array(cap);
    this.tmp = new Int32Array(cap);
  }
}

/** The workspace shared by the direct mechanisms. */
export const sharedWorkspace = new Workspace();

/**
 * Efficient number of units on the book's reports: walk both sorted sides unit by unit and trade while
 * the bid is at least the ask.
 */
export function efficientUnits(book: Book): number {
  let i = 0;
  let j = 0;
  let remB = i < book.bCount ? book.bQty[book.bOrder[0]!]! : 0;
  let remS = j < book.sCount ? book.sQty[book.sOrder[0]!]! : 0;
  let units = 0;
  while (i < book.bCount && j < book.sCount) {
    const bi = book.bOrder[i]!;
    const sj = book.sOrder[j]!;
    if (book.bRep[bi]! < book.sRep[sj]!) break;
    const t = remB < remS ? remB : remS;
    units += t;
    remB -= t;
    remS -= t;
    if (remB === 0 && ++i < book.bCount) remB = book.bQty[book.bOrder[i]!]!;
    if (remS === 0 && ++j < book.sCount) remS = book.sQty[book.sOrder[j]!]!;
  }
  return units;
}
