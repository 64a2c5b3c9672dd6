/**
 * Input checks shared by every mechanism. Each check throws a {@link MarketInputError} naming the field
 * and the fix.
 *
 * @module
 */
import { MarketInputError } from './errors.ts';
import type { Buyer, Seller } from './types.ts';

function describe(x: unknown): string {
  if (typeof x === 'number') return String(x);
  if (typeof x === 'string') return JSON.stringify(x);
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x;
}

function checkQuantity(q: unknown, field: string, what: string): void {
  if (q === undefined) return;
  if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 1) {
    throw new MarketInputError(
      field,
      `${what} must be a positive integer, got ${describe(q)}`,
      `give a whole number of units ≥ 1, or leave it out for 1 unit`,
    );
  }
}

/**
 * Checks both sides of a market: arrays of objects with finite values/costs ≥ 0 and positive integer
 * demands/capacities. Empty sides are allowed (nobody trades).
 *
 * @throws {MarketInputError} naming e.g. `buyers[2].value` or `sellers[0].capacity`.
 */
export function checkAgents(buyers: readonly Buyer[], sellers: readonly Seller[]): void {
  if (!Array.isArray(buyers)) {
    throw new MarketInputError('buyers', `must be an array, got ${describe(buyers)}`, 'pass an array such as [{ value: 10 }]');
  }
  if (!Array.isArray(sellers)) {
    throw new MarketInputError('sellers', `must be an array, got ${describe(sellers)}`, 'pass an array such as [{ cost: 2 }]');
  }
  for (let i = 0; i < buyers.length; i++) {
    const b = buyers[i];
    if (typeof b !== 'object' || b === null) {
      throw new MarketInputError(`buyers[${i}]`, `must be an object, got ${describe(b)}`, 'write { value: 10 } or { value: 10, demand: 2 }');
    }
    const v = b.value;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new MarketInputError(`buyers[${i}].value`, `must be a finite number ≥ 0, got ${describe(v)}`, 'give the per-unit value as a non-negative number');
    }
    checkQuantity(b.demand, `buyers[${i}].demand`, 'demand');
  }
  for (let j = 0; j < sellers.length; j++) {
    const s = sellers[j];
    if (typeof s !== 'object' || s === null) {
      throw new MarketInputError(`sellers[${j}]`, `must be an object, got ${describe(s)}`, 'write { cost: 2 } or { cost: 2, capacity: 3 }');
    }
    const c = s.cost;
    if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) {
      throw new MarketInputError(`sellers[${j}].cost`, `must be a finite number ≥ 0, got ${describe(c)}`, 'give the per-unit cost as a non-negative number');
    }
    checkQuantity(s.capacity, `sellers[${j}].capacity`, 'capacity');
  }
}

/**
 * Checks the public price range `[P_min, P_max]` (finite, `0 ≤ P_min < P_max`) and, when agents are given,
 * that it contains every value and cost as the clock phase requires.
 *
 * @throws {MarketInputError} naming `range`, `range[0]` or `range[1]`.
 */
export function checkRange(range: readonly [number, number], buyers?: readonly Buyer[], sellers?: readonly Seller[]): void {
  if (!Array.isArray(range) || range.length !== 2) {
    throw new MarketInputError('range', `must be a pair [P_min, P_max], got ${describe(range)}`, 'pass e.g. [0, 100]');
  }
  const [lo, hi] = range;
  if (typeof lo !== 'number' || !Number.isFinite(lo) || lo < 0) {
    throw new MarketInputError('range[0]', `P_min must be a finite number ≥ 0, got ${describe(lo)}`, 'use a non-negative lower price bound such as 0');
  }
  if (typeof hi !== 'number' || !Number.isFinite(hi)) {
    throw new MarketInputError('range[1]', `P_max must be a finite number, got ${describe(hi)}`, 'use a finite upper price bound above every value');
  }
  if (!(hi > lo)) {
    throw new MarketInputError('range[1]', `P_max = ${hi} must be above P_min = ${lo}`, 'widen the range so that P_min < P_max');
  }
  if (buyers) {
    for (let i = 0; i < buyers.length; i++) {
      const v = buyers[i]!.value;
      if (v > hi) {
        throw new MarketInputError('range[1]', `P_max = ${hi} is below buyers[${i}].value = ${v}`, `raise range[1] to at least ${v} (the buyer clock starts at P_max)`);
      }
    }
  }
  if (sellers) {
    for (let j = 0; j < sellers.length; j++) {
      const c = sellers[j]!.cost;
      if (c < lo) {
        throw new MarketInputError('range[0]', `P_min = ${lo} is above sellers[${j}].cost = ${c}`, `lower range[0] to at most ${c} (the seller clock starts at P_min)`);
      }
    }
  }
}

/**
 * Checks a clock or quote step: a finite number > 0. Returns it.
 *
 * @throws {MarketInputError} naming `field`.
 */
export function checkStep(step: unknown, field = 'step'): number {
  if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) {
    throw new MarketInputError(field, `must be a finite number > 0, got ${describe(step)}`, 'use a positive price step such as 1% of the price range');
  }
  return step;
}

/** True when every buyer wants one unit and every seller has one unit. */
export function isSingleUnit(buyers: readonly Buyer[], sellers: readonly Seller[]): boolean {
  for (let i = 0; i < buyers.length; i++) if ((buyers[i]!.demand ?? 1) !== 1) return false;
  for (let j = 0; j < sellers.length; j++) if ((sellers[j]!.capacity ?? 1) !== 1) return false;
  return true;
}

/**
 * Throws unless the market is single-unit; for rules (McAfee, t-DDA) defined only for unit traders.
 *
 * @throws {MarketInputError} naming the first `buyers[i].demand` or `sellers[j].capacity` above 1.
 */
export function requireSingleUnit(mechanism: string, buyers: readonly Buyer[], sellers: readonly Seller[]): void {
  const fix = `set every demand and capacity to 1, or use dda-tr, dda-up, vcg, ida or opt, which clear multi-unit markets`;
  for (let i = 0; i < buyers.length; i++) {
    if ((buyers[i]!.demand ?? 1) !== 1) throw new MarketInputError(`buyers[${i}].demand`, `${mechanism} clears single-unit markets only`, fix);
  }
  for (let j = 0; j < sellers.length; j++) {
    if ((sellers[j]!.capacity ?? 1) !== 1) throw new MarketInputError(`sellers[${j}].capacity`, `${mechanism} clears single-unit markets only`, fix);
  }
}
