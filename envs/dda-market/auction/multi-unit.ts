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
