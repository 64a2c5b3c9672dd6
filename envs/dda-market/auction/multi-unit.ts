/**
 * Multi-unit helpers: rationing the long side of agent-level trade reduction by a rule that never looks
 * at price reports, so a winner cannot buy priority by shading its report.
 *
 * @module
 */
import type { Rationing } from './types.ts';

/**
 * Shares `q` units among the agents `ids[from..to)` with quantities `qty[id]` and writes each share to
 * `out[id]`. If the agents together hold at most `q` units, each gets its full quantity.
 *
 * - `proportional` (default): `floor(qty·q / total)` each, the leftover units one each to the largest
 *   remainders, ties to the smaller id.
 * - `id`: full quantities in ascending id order until `q` runs out.
 *
 * Both rules depend only on ids and quantities.
 *
 * @example
 * ```ts
 * const out = [0, 0, 0];
 * ration(Int32Array.from([0, 1, 2]), 0, 3, Int32Array.from([3, 2, 1]), 4, out, 'proportional'); // out = [2, 1, 1]
 * ```
 */
export function ration(
  ids: Int32Array,
  from: number,
  to: number,
  qty: ArrayLike<number>,
  q: number,
  out: number[],
  rule: Rationing = 'proportional',
): void {
  let total = 0;
  for (let k = from; k < to; k++) total += qty[ids[k]!]!;
  if (total <= q) {
    for (let k = from; k < to; k++) out[ids[k]!] = qty[ids[k]!]!;
    return;
  }
  if (to - from <= SMALL) {
    rationSmall(ids, from, to, qty, q, total, out, rule);
    return;
  }
  const members = Array.from(ids.subarray(from, to)).sort((a, b) => a - b);
  if (rule === 'id') {
    let left = q;
    for (const id of members) {
      const x = Math.min(qty[id]!, left);
      out[id] = x;
      left -= x;
    }
    return;
  }
  const rem = new Map<number, number>();
  let given = 0;
  for (const id of members) {
    const share = qty[id]! * q;
    const base = Math.floor(share / total);
    out[id] = base;
    given += base;
    rem.set(id, share - base * total);
  }
  let left = q - given;
  // members are in id order and the sort is stable, so equal remainders go to the smaller id first
  const byRemainder = members.slice().sort((a, b) => rem.get(b)! - rem.get(a)!);
  for (let k = 0; left > 0; k++) {
    const id = byRemainder[k]!;
    out[id] = out[id]! + 1;
    left--;
  }
}

/** Groups of at most this many agents are rationed in reused buffers (no allocation). */
const SMALL = 64;
const smallIds = new Int32Array(SMALL);
const smallRem = new Float64Array(SMALL);

/**
 * {@link ration} of a group of at most {@link SMALL} agents holding more than `q` units, allocating
 * nothing: the members sorted by id by insertion, the leftover units handed out by repeatedly taking the
 * largest remainder not yet served (the first in id order among equals), which gives the units the
 * stable sort by remainder gives.
 */
function rationSmall(ids: Int32Array, from: number, to: number, qty: ArrayLike<number>, q: number, total: number, out: number[], rule: Rationing): void {
  const n = to - from;
  const members = smallIds;
  for (let k = 0; k < n; k++) {
    const id = ids[from + k]!;
    let j = k - 1;
    while (j >= 0 && members[j]! > id) {
      members[j + 1] = members[j]!;
      j--;
    }
    members[j + 1] = id;
  }
  if (rule === 'id') {
    let left = q;
    for (let k = 0; k < n; k++) {
      const id = members[k]!;
      const x = Math.min(qty[id]!, left);
      out[id] = x;
      left -= x;
    }
    return;
  }
  const rem = smallRem;
  let given = 0;
  for (let k = 0; k < n; k++) {
    const id = members[k]!;
    const share = qty[id]! * q;
    const base = Math.floor(share / total);
    out[id] = base;
    given += base;
    rem[k] = share - base * total;
  }
  for (let left = q - given; left > 0; left--) {
    let best = -1;
    for (let k = 0; k < n; k++) if (rem[k]! >= 0 && (best === -1 || rem[k]! > rem[best]!)) best = k;
    const id = members[best]!;
    out[id] = out[id]! + 1;
    rem[best] = -1;
  }
}
