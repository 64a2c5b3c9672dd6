/**
 * Shared generators and checks for the market tests.
 */
import assert from 'node:assert/strict';
import { Generator } from '../../../../src/random/generator.ts';
import type { Buyer, Market, MarketOutcome, Seller } from '../../../../envs/dda-market/auction/types.ts';

export const TOL = 1e-9;

/** Options of {@link randomMarkets}. */
export interface RandomMarketOptions {
  /** Integer values on [0, high] (grid-aligned with unit steps) instead of reals. */
  integer: boolean;
  /** Largest side (sizes are drawn from 0..maxSide). */
  maxSide?: number;
  /** Value support [0, high] and price range [0, high] (default 100). */
  high?: number;
  /** Largest demand / capacity (default 1). */
  maxQty?: number;
}

/** `count` seeded random markets, sizes 0..maxSide per side. */
export function randomMarkets(count: number, seed: number, o: RandomMarketOptions): Market[] {
  const rng = new Generator(seed);
  const high = o.high ?? 100;
  const maxSide = o.maxSide ?? 12;
  const maxQty = o.maxQty ?? 1;
  const draw = (): number => (o.integer ? rng.integers(0, high + 1) : rng.uniform(0, high));
  const out: Market[] = [];
  for (let k = 0; k < count; k++) {
    const nb = rng.integers(0, maxSide + 1);
    const ns = rng.integers(0, maxSide + 1);
    const buyers: Buyer[] = [];
    for (let i = 0; i < nb; i++) buyers.push(maxQty > 1 ? { value: draw(), demand: rng.integers(1, maxQty + 1) } : { value: draw() });
    const sellers: Seller[] = [];
    for (let j = 0; j < ns; j++) sellers.push(maxQty > 1 ? { cost: draw(), capacity: rng.integers(1, maxQty + 1) } : { cost: draw() });
    out.push({ buyers, sellers, range: [0, high] });
  }
  return out;
}

/** Market from plain value and cost lists (single-unit). */
export function mk(values: number[], costs: number[], range: [number, number] = [0, 12]): Market {
  return { buyers: values.map((value) => ({ value })), sellers: costs.map((cost) => ({ cost })), range };
}

/** Efficient welfare and unit count, by an independent unit-expansion oracle. */
export function optOf(m: Pick<Market, 'buyers' | 'sellers'>): { welfare: number; units: number; surplus: number[] } {
  const b: number[] = [];
  const s: number[] = [];
  for (const x of m.buyers) for (let k = 0; k < (x.demand ?? 1); k++) b.push(x.value);
  for (const x of m.sellers) for (let k = 0; k < (x.capacity ?? 1); k++) s.push(x.cost);
  b.sort((x, y) => y - x);
  s.sort((x, y) => x - y);
  const surplus: number[] = [];
  for (let k = 0; k < Math.min(b.length, s.length) && b[k]! >= s[k]!; k++) surplus.push(b[k]! - s[k]!);
  return { welfare: surplus.reduce((a, x) => a + x, 0), units: surplus.length, surplus };
}

/** Budget condition of a mechanism. */
export type BudgetRule = 'nonnegative' | 'zero' | 'nonpositive' | 'none';

/**
 * Feasibility, individual rationality and the budget rule; also that welfare and budget agree with the
 * per-agent arrays and the trades.
 */
export function checkOutcome(out: MarketOutcome, m: Pick<Market, 'buyers' | 'sellers'>, budget: BudgetRule, ir = true): void {
  const n = m.buyers.length;
  const k = m.sellers.length;
  assert.equal(out.buyerUnits.length, n);
  assert.equal(out.buyerPays.length, n);
  assert.equal(out.sellerUnits.length, k);
  assert.equal(out.sellerReceives.length, k);
  let bought = 0;
  let sold = 0;
  let welfare = 0;
  let pays = 0;
  let recv = 0;
  for (let i = 0; i < n; i++) {
    const x = out.buyerUnits[i]!;
    assert.ok(Number.isInteger(x) && x >= 0 && x <= (m.buyers[i]!.demand ?? 1), `buyer ${i} units ${x} outside [0, demand]`);
    if (x === 0) assert.equal(out.buyerPays[i], 0, `losing buyer ${i} pays`);
    if (ir) assert.ok(out.buyerPays[i]! <= m.buyers[i]!.value * x + TOL, `buyer ${i} not individually rational`);
    bought += x;
    welfare += m.buyers[i]!.value * x;
    pays += out.buyerPays[i]!;
  }
  for (let j = 0; j < k; j++) {
    const y = out.sellerUnits[j]!;
    assert.ok(Number.isInteger(y) && y >= 0 && y <= (m.sellers[j]!.capacity ?? 1), `seller ${j} units ${y} outside [0, capacity]`);
    if (y === 0) assert.equal(out.sellerReceives[j], 0, `losing seller ${j} receives`);
    if (ir) assert.ok(out.sellerReceives[j]! >= m.sellers[j]!.cost * y - TOL, `seller ${j} not individually rational`);
    sold += y;
    welfare -= m.sellers[j]!.cost * y;
    recv += out.sellerReceives[j]!;
  }
  assert.equal(bought, sold, 'units bought ≠ units sold');
  const tb = new Array<number>(n).fill(0);
  const ts = new Array<number>(k).fill(0);
  for (const t of out.trades) {
    assert.ok(t.units > 0);
    tb[t.buyer] = tb[t.buyer]! + t.units;
    ts[t.seller] = ts[t.seller]! + t.units;
  }
  assert.deepEqual(tb, out.buyerUnits, 'trades disagree with buyer units');
  assert.deepEqual(ts, out.sellerUnits, 'trades disagree with seller units');
  assert.ok(Math.abs(out.welfare - welfare) <= 1e-7, 'welfare disagrees with the allocation');
  assert.ok(Math.abs(out.budget - (pays - recv)) <= 1e-7, 'budget disagrees with payments');
  const scale = 1 + Math.abs(pays);
  if (budget === 'nonnegative') assert.ok(out.budget >= -TOL * scale, `budget ${out.budget} < 0`);
  if (budget === 'zero') assert.ok(Math.abs(out.budget) <= TOL * scale, `budget ${out.budget} ≠ 0`);
  if (budget === 'nonpositive') assert.ok(out.budget <= TOL * scale, `budget ${out.budget} > 0`);
  assert.ok(out.welfare <= optOf(m).welfare + 1e-7, 'welfare above OPT');
}

/** Utility of buyer i (true value `v`) in an outcome. */
export function buyerUtility(out: MarketOutcome, i: number, v: number): number {
  return v * out.buyerUnits[i]! - out.buyerPays[i]!;
}

/** Utility of seller j (true cost `c`) in an outcome. */
export function sellerUtility(out: MarketOutcome, j: number, c: number): number {
  return out.sellerReceives[j]! - c * out.sellerUnits[j]!;
}

/** The same market with buyer i behaving as if its value were `r`. */
export function withBuyer(m: Market, i: number, r: number): Market {
  return { ...m, buyers: m.buyers.map((b, k) => (k === i ? { ...b, value: r } : b)) };
}

/** The same market with seller j behaving as if its cost were `r`. */
export function withSeller(m: Market, j: number, r: number): Market {
  return { ...m, sellers: m.sellers.map((s, k) => (k === j ? { ...s, cost: r } : s)) };
}

/**
 * Largest gain any single agent gets by behaving as any other type on `grid`: max over agents and
 * deviations of u(deviation) − u(truth). Also returns the first deviation found with a gain above `report`.
 */
export function bestDeviation(
  m: Market,
  run: (m: Market) => MarketOutcome,
  grid: readonly number[],
  report = TOL,
): { gain: number; found?: { side: 'buyer' | 'seller'; id: number; truth: number; report: number; gain: number } } {
  const base = run(m);
  let gain = 0;
  let found: { side: 'buyer' | 'seller'; id: number; truth: number; report: number; gain: number } | undefined;
  m.buyers.forEach((b, i) => {
    const u0 = buyerUtility(base, i, b.value);
    for (const r of grid) {
      if (r === b.value || r > m.range[1]) continue;
      const g = buyerUtility(run(withBuyer(m, i, r)), i, b.value) - u0;
      if (g > gain) gain = g;
      if (g > report && !found) found = { side: 'buyer', id: i, truth: b.value, report: r, gain: g };
    }
  });
  m.sellers.forEach((s, j) => {
    const u0 = sellerUtility(base, j, s.cost);
    for (const r of grid) {
      if (r === s.cost || r < m.range[0]) continue;
      const g = sellerUtility(run(withSeller(m, j, r)), j, s.cost) - u0;
      if (g > gain) gain = g;
      if (g > report && !found) found = { side: 'seller', id: j, truth: s.cost, report: r, gain: g };
    }
  });
  return found ? { gain, found } : { gain };
}

/** The integer grid lo..hi. */
export function intGrid(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
}

/**
 * Applies a permutation to a market: position p of the new lists holds old agent `pb[p]` / `ps[p]`.
 */
export function permute(m: Market, pb: number[], ps: number[]): Market {
  return { ...m, buyers: pb.map((i) => m.buyers[i]!), sellers: ps.map((j) => m.sellers[j]!) };
}
